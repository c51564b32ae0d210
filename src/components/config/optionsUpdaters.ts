import { DataSourcePluginOptionsEditorProps } from '@grafana/data';

import { CloudLogsOptions, CloudLogsSecureJsonData } from '../../types';

export type ConfigProps = DataSourcePluginOptionsEditorProps<CloudLogsOptions, CloudLogsSecureJsonData>;
export type SecretKey = keyof CloudLogsSecureJsonData;

/** Small immutable updates of the settings object, shared by the config sections. */
export function updaters({ options, onOptionsChange }: ConfigProps) {
  return {
    setJson<K extends keyof CloudLogsOptions>(key: K, value: CloudLogsOptions[K] | undefined) {
      const jsonData = { ...options.jsonData, [key]: value };
      if (value === undefined || value === '') {
        // Missing keys take the backend's defaults.
        delete jsonData[key];
      }
      onOptionsChange({ ...options, jsonData });
    },
    /** Several keys at once; undefined or empty values are removed as by setJson. */
    patchJson(patch: Partial<CloudLogsOptions>) {
      const jsonData: Record<string, unknown> = { ...options.jsonData, ...patch };
      for (const [key, value] of Object.entries(patch)) {
        if (value === undefined || value === '') {
          delete jsonData[key];
        }
      }
      onOptionsChange({ ...options, jsonData: jsonData as CloudLogsOptions });
    },
    setSecret(key: SecretKey, value: string) {
      onOptionsChange({ ...options, secureJsonData: { ...options.secureJsonData, [key]: value } });
    },
    resetSecret(key: SecretKey) {
      onOptionsChange({
        ...options,
        secureJsonFields: { ...options.secureJsonFields, [key]: false },
        secureJsonData: { ...options.secureJsonData, [key]: '' },
      });
    },
  };
}

/** A whole number from an input, or undefined when empty or not a number. */
export function parseWholeNumber(text: string): number | undefined {
  if (text.trim() === '') {
    return undefined;
  }
  const n = Number(text);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

/** A number typed into a field that takes fractions (requests per second); empty or not a number is undefined. */
export function parseDecimalNumber(text: string): number | undefined {
  if (text.trim() === '') {
    return undefined;
  }
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** The URL the backend will call for an endpoint as typed: https:// when no scheme is given. */
export function effectiveEndpoint(endpoint: string): string {
  const trimmed = endpoint.trim();
  if (!trimmed) {
    return '';
  }
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
}

/** The public host of a Tencent service for a root domain, as the backend builds it. */
export function tencentHost(service: 'scf' | 'cls', rootDomain: string): string {
  return `https://${service}.${rootDomain}`;
}
