import React from 'react';

import { ConfigSection } from '@grafana/plugin-ui';

import { DEFAULT_SETTINGS } from '../../defaults';
import { NumberField } from './NumberField';
import { ConfigProps } from './optionsUpdaters';

export function LimitSettings(props: ConfigProps) {
  const isSCF = props.options.jsonData.service === 'scf';
  return (
    <ConfigSection
      title="Limits"
      description="Bounds per query, per Grafana server; empty fields use the defaults shown."
      isCollapsible
      isInitiallyOpen={false}
    >
      <NumberField
        {...props}
        setting="timeoutSeconds"
        label="Timeout (seconds)"
        defaultValue={DEFAULT_SETTINGS.timeoutSeconds}
        description="How long one query may take, all pages included, before it fails with a timeout."
      />
      <NumberField
        {...props}
        setting="maxRows"
        label="Max rows"
        defaultValue={DEFAULT_SETTINGS.maxRows}
        description="The most rows one query returns; a larger limit in a query is capped to this."
      />
      <NumberField
        {...props}
        setting="concurrency"
        label="Concurrency"
        defaultValue={DEFAULT_SETTINGS.concurrency}
        description="Page requests one query keeps in flight."
      />
      {isSCF && (
        <NumberField
          {...props}
          setting="requestsPerSecond"
          label="Requests per second"
          defaultValue={DEFAULT_SETTINGS.requestsPerSecond}
          description="Calls to the SCF API per second from this Grafana server, below the account's API rate limit."
        />
      )}
    </ConfigSection>
  );
}
