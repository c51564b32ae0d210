import { Field, RadioButtonGroup, Select } from '@grafana/ui';
import React, { useMemo } from 'react';

import { ConfigSection } from '@grafana/plugin-ui';

import {
  DEFAULT_NAMESPACE,
  DEFAULT_ROOT_DOMAIN,
  DEFAULT_SETTINGS,
  DEFAULT_TIMEZONE,
  effectiveLogSource,
} from '../../defaults';
import { EndpointOverrideField } from './EndpointOverrideField';
import { LogSourceField } from './LogSourceField';
import { ConfigProps, tencentHost, updaters } from './optionsUpdaters';
import { RegionField } from './RegionField';
import { RootDomainField } from './RootDomainField';
import { TencentKeyFields } from './TencentKeyFields';
import { TextField } from './TextField';

const API_VERSIONS = [
  { value: 'v3' as const, label: 'API 3.0', description: 'TC3-HMAC-SHA256 signing; what accounts use today' },
  { value: 'v2' as const, label: 'Legacy v2', description: 'the old API; no time range, needs a function name' },
];

const LEGACY_V2_ENDPOINT = 'https://scf.api.qcloud.com';

function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? [DEFAULT_TIMEZONE, 'UTC'];
}

export function SCFSettings(props: ConfigProps) {
  const { setJson, patchJson } = updaters(props);
  const { jsonData } = props.options;
  const zones = useMemo(() => timeZones().map((z) => ({ value: z, label: z })), []);
  const isV2 = jsonData.apiVersion === 'v2';
  const usesCLS = effectiveLogSource(jsonData) !== 'getFunctionLogs';
  const rootDomain = jsonData.rootDomain ?? DEFAULT_ROOT_DOMAIN;
  const permissions = usesCLS
    ? 'scf:GetFunction, scf:ListFunctions, scf:ListNamespaces and read access to CLS (QcloudCLSReadOnlyAccess)'
    : 'scf:GetFunctionLogs, scf:ListFunctions, scf:ListNamespaces';
  return (
    <ConfigSection
      title="Tencent Cloud SCF"
      description="Which API, region and namespace, where the logs are read, and the key that reads them."
    >
      <Field label="API version" description="API 3.0 unless your account only has the legacy v2 API.">
        <RadioButtonGroup
          options={API_VERSIONS}
          value={jsonData.apiVersion ?? DEFAULT_SETTINGS.apiVersion}
          // The v2 API cannot read CLS: a stored CLS log source would make the settings invalid.
          onChange={(v) => patchJson(v === 'v2' ? { apiVersion: v, logSource: undefined } : { apiVersion: v })}
        />
      </Field>
      <LogSourceField {...props} />
      <RegionField
        {...props}
        description="The region the functions run in, e.g. ap-guangzhou; their CLS topics are in the same region."
      />
      <TextField
        {...props}
        setting="namespace"
        label="Namespace"
        placeholder={DEFAULT_NAMESPACE}
        description={`Namespace used when a query names none; "${DEFAULT_NAMESPACE}" if empty.`}
      />
      {!isV2 && (
        <RootDomainField {...props} hosts={usesCLS ? `scf.${rootDomain} and cls.${rootDomain}` : `scf.${rootDomain}`} />
      )}
      <EndpointOverrideField
        {...props}
        setting="endpoint"
        label="Endpoint override"
        defaultUrl={isV2 ? LEGACY_V2_ENDPOINT : tencentHost('scf', rootDomain)}
      />
      {usesCLS && (
        <EndpointOverrideField
          {...props}
          setting="clsEndpoint"
          label="CLS endpoint override"
          defaultUrl={tencentHost('cls', rootDomain)}
        />
      )}
      <TencentKeyFields {...props} permissions={permissions} />
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
