import { Field, Input } from '@grafana/ui';
import React from 'react';

import { ConfigProps, updaters } from './optionsUpdaters';

type TextKey =
  | 'endpoint'
  | 'clsEndpoint'
  | 'project'
  | 'accessKeyId'
  | 'region'
  | 'namespace'
  | 'secretId'
  | 'timezone'
  | 'roleArn'
  | 'roleSessionName'
  | 'externalId'
  | 'policy'
  | 'stsEndpoint';

interface Props extends ConfigProps {
  setting: TextKey;
  label: string;
  description: React.ReactNode;
  placeholder?: string;
  required?: boolean;
}

export function TextField({ setting, label, description, placeholder, required, ...props }: Props) {
  const { setJson } = updaters(props);
  return (
    <Field label={label} description={description} required={required}>
      <Input
        id={`config-${setting}`}
        aria-label={label}
        width={40}
        value={props.options.jsonData[setting] ?? ''}
        placeholder={placeholder}
        onChange={(e) => setJson(setting, e.currentTarget.value)}
      />
    </Field>
  );
}
