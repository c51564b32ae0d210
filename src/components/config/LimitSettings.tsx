import React from 'react';

import { ConfigSection } from '@grafana/plugin-ui';

import {
  DEFAULT_SETTINGS,
  effectiveLogSource,
  MAX_REQUESTS_PER_SECOND,
  MAX_TOPIC_CONCURRENCY,
  MIN_REQUESTS_PER_SECOND,
} from '../../defaults';
import { NumberField } from './NumberField';
import { ConfigProps } from './optionsUpdaters';

export function LimitSettings(props: ConfigProps) {
  const { jsonData } = props.options;
  const isSCF = jsonData.service === 'scf';
  // SCF data sources search CLS too unless they read GetFunctionLogs only.
  const searchesCLS = jsonData.service === 'cls' || (isSCF && effectiveLogSource(jsonData) !== 'getFunctionLogs');
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
        description="Requests this data source keeps in flight, shared by all its queries (SLS allows 100 per project)."
      />
      {isSCF && (
        <NumberField
          {...props}
          setting="requestsPerSecond"
          label="Requests per second"
          defaultValue={DEFAULT_SETTINGS.requestsPerSecond}
          min={MIN_REQUESTS_PER_SECOND}
          max={MAX_REQUESTS_PER_SECOND}
          fractions
          description="Calls to the SCF API per second from this Grafana server, shared by every data source with the same SecretId and region (the lowest setting wins). With several Grafana replicas, divide the account's limit by their number."
        />
      )}
      {searchesCLS && (
        <NumberField
          {...props}
          setting="topicConcurrency"
          label="Searches per topic"
          defaultValue={DEFAULT_SETTINGS.topicConcurrency}
          max={MAX_TOPIC_CONCURRENCY}
          description={`Concurrent CLS searches on one topic from this Grafana server, shared by every data source with the same SecretId and region (the lowest setting wins); CLS allows ${MAX_TOPIC_CONCURRENCY} per topic, shared with the account's alarms and dashboards.`}
        />
      )}
    </ConfigSection>
  );
}
