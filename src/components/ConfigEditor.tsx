import { Divider, Field, RadioButtonGroup } from '@grafana/ui';
import React, { useEffect } from 'react';

import { ConfigSection, DataSourceDescription } from '@grafana/plugin-ui';

import { Service } from '../types';
import { LimitSettings } from './config/LimitSettings';
import { ConfigProps, updaters } from './config/optionsUpdaters';
import { SCFSettings } from './config/SCFSettings';
import { SLSSettings } from './config/SLSSettings';

const SERVICES = [
  { value: 'sls' as const, label: 'Alibaba Cloud SLS', description: 'Log Service: search, SQL, histograms' },
  { value: 'scf' as const, label: 'Tencent Cloud SCF', description: 'Serverless Cloud Function logs' },
];

export function ConfigEditor(props: ConfigProps) {
  const { setJson } = updaters(props);
  const { options, onOptionsChange } = props;
  const service: Service = options.jsonData.service === 'scf' ? 'scf' : 'sls';
  const stored = options.jsonData.service;

  // The backend refuses settings without a service: store the one shown.
  useEffect(() => {
    if (stored !== 'sls' && stored !== 'scf') {
      setJson('service', 'sls');
    }
    // Only when the stored value is missing or wrong.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stored]);

  // An SLS endpoint means nothing to SCF and the other way round.
  const switchService = (next: Service) => {
    const { endpoint: _, ...rest } = options.jsonData;
    onOptionsChange({ ...options, jsonData: { ...rest, service: next } });
  };
  return (
    <>
      <DataSourceDescription
        dataSourceName="Cloud Logs"
        docsLink="https://github.com/logbridge/cloudlogs#readme"
        hasRequiredFields
      />
      <Divider />
      <ConfigSection
        title="Service"
        description="Each data source reads one service; add another data source for the other."
      >
        <Field label="Cloud service" description="Decides the settings below and the query editor.">
          <RadioButtonGroup options={SERVICES} value={service} onChange={switchService} />
        </Field>
      </ConfigSection>
      <Divider />
      {service === 'sls' ? <SLSSettings {...props} /> : <SCFSettings {...props} />}
      <Divider />
      <LimitSettings {...props} />
    </>
  );
}
