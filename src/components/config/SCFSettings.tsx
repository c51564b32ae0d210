import { Field, RadioButtonGroup, Select } from '@grafana/ui';
import React, { useMemo } from 'react';

import { ConfigSection } from '@grafana/plugin-ui';

import { DEFAULT_NAMESPACE, DEFAULT_SETTINGS, DEFAULT_TIMEZONE } from '../../defaults';
import { ConfigProps, effectiveEndpoint, updaters } from './optionsUpdaters';
import { SecretField } from './SecretField';
import { TextField } from './TextField';

const API_VERSIONS = [
  { value: 'v3' as const, label: 'API 3.0', description: 'TC3-HMAC-SHA256 signing; what accounts use today' },
  { value: 'v2' as const, label: 'Legacy v2', description: 'the old API; no time range, needs a function name' },
];

const REGIONS = [
  'ap-guangzhou',
  'ap-shanghai',
  'ap-beijing',
  'ap-chengdu',
  'ap-chongqing',
  'ap-nanjing',
  'ap-hongkong',
  'ap-singapore',
  'ap-mumbai',
  'ap-seoul',
  'ap-tokyo',
  'ap-bangkok',
  'ap-jakarta',
  'na-siliconvalley',
  'na-ashburn',
  'eu-frankfurt',
].map((r) => ({ value: r, label: r }));

function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? [DEFAULT_TIMEZONE, 'UTC'];
}

export function SCFSettings(props: ConfigProps) {
  const { setJson } = updaters(props);
  const { jsonData } = props.options;
  const zones = useMemo(() => timeZones().map((z) => ({ value: z, label: z })), []);
  const region = jsonData.region;
  const endpoint = jsonData.endpoint ?? '';
  return (
    <ConfigSection
      title="Tencent Cloud SCF"
      description="Which API, region and namespace, and the key that reads the logs."
    >
      <Field label="API version" description="API 3.0 unless your account only has the legacy v2 API.">
        <RadioButtonGroup
          options={API_VERSIONS}
          value={jsonData.apiVersion ?? DEFAULT_SETTINGS.apiVersion}
          onChange={(v) => setJson('apiVersion', v)}
        />
      </Field>
      <Field label="Region" required description="The region the functions run in, e.g. ap-guangzhou.">
        <Select
          inputId="config-region"
          aria-label="Region"
          width={40}
          options={REGIONS}
          value={region ? { value: region, label: region } : null}
          allowCustomValue
          placeholder="ap-guangzhou"
          onChange={(v) => setJson('region', v?.value)}
        />
      </Field>
      <TextField
        {...props}
        setting="namespace"
        label="Namespace"
        placeholder={DEFAULT_NAMESPACE}
        description={`Namespace used when a query names none; "${DEFAULT_NAMESPACE}" if empty.`}
      />
      <TextField
        {...props}
        setting="endpoint"
        label="Endpoint override"
        placeholder="scf.tencentcloudapi.com"
        description={
          <>
            Leave empty for the public endpoint. A host or URL (https:// when no scheme), e.g. a private endpoint.
            {endpoint && <> Requests go to {effectiveEndpoint(endpoint)}.</>}
          </>
        }
      />
      <TextField
        {...props}
        setting="secretId"
        label="SecretId"
        required
        placeholder="AKID..."
        description="A CAM key with read access to SCF (scf:GetFunctionLogs, scf:ListFunctions, scf:ListNamespaces)."
      />
      <SecretField
        {...props}
        secret="secretKey"
        label="SecretKey"
        required
        description="Stored encrypted by Grafana and never shown again."
      />
      <SecretField
        {...props}
        secret="sessionToken"
        label="Session token"
        description="Only for temporary credentials (STS); leave empty for a permanent key."
      />
      <Field
        label="Time zone"
        description="The zone SCF writes startTime in (the API returns it without a zone); Asia/Shanghai for SCF in mainland China."
      >
        <Select
          inputId="config-timezone"
          aria-label="Time zone"
          width={40}
          options={zones}
          value={{ value: jsonData.timezone ?? DEFAULT_TIMEZONE, label: jsonData.timezone ?? DEFAULT_TIMEZONE }}
          allowCustomValue
          onChange={(v) => setJson('timezone', v?.value)}
        />
      </Field>
    </ConfigSection>
  );
}
