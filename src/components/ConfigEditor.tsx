import { Divider, Field, RadioButtonGroup } from '@grafana/ui';
import React, { useEffect } from 'react';

import { ConfigSection, DataSourceDescription } from '@grafana/plugin-ui';

import { Service } from '../types';
import { validateSettings } from '../validation';
import { AlertingSettings } from './config/AlertingSettings';
import { CLSSettings } from './config/CLSSettings';
import { DerivedFields } from './config/DerivedFields';
import { LimitSettings } from './config/LimitSettings';
import { ConfigProps, updaters } from './config/optionsUpdaters';
import { SCFSettings } from './config/SCFSettings';
import { SLSSettings } from './config/SLSSettings';
import { TLSSettings } from './config/TLSSettings';
import { ValidationMessages } from './query/ValidationMessages';

const SERVICES = [
  { value: 'sls' as const, label: 'Alibaba Cloud SLS', description: 'Log Service: search, SQL, histograms' },
  { value: 'scf' as const, label: 'Tencent Cloud SCF', description: 'Serverless Cloud Function logs' },
  { value: 'cls' as const, label: 'Tencent CLS', description: 'Cloud Log Service: search, SQL, histograms' },
];

const SETTINGS: Record<Service, (props: ConfigProps) => React.JSX.Element> = {
  sls: SLSSettings,
  scf: SCFSettings,
  cls: CLSSettings,
};

const isService = (value: unknown): value is Service => SERVICES.some((s) => s.value === value);

export function ConfigEditor(props: ConfigProps) {
  const { setJson } = updaters(props);
  const { options, onOptionsChange } = props;
  const stored = options.jsonData.service;
  const service: Service = isService(stored) ? stored : 'sls';
  const Settings = SETTINGS[service];

  // The backend refuses settings without a service: store the one shown.
  useEffect(() => {
    if (!isService(stored)) {
      setJson('service', 'sls');
    }
    // Only when the stored value is missing or wrong.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stored]);

  // An endpoint is one service's host: it means nothing to another service.
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
      <Settings {...props} />
      <ValidationMessages title="Check the settings" problems={validateSettings(options.jsonData)} />
      <Divider />
      <LimitSettings {...props} />
      <Divider />
      <TLSSettings {...props} />
      <AlertingSettings {...props} />
      <Divider />
      <DerivedFields {...props} />
    </>
  );
}
