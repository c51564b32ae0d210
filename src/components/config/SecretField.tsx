import { Field, SecretInput } from '@grafana/ui';
import React from 'react';

import { ConfigProps, SecretKey, updaters } from './optionsUpdaters';

interface Props extends ConfigProps {
  secret: SecretKey;
  label: string;
  description: string;
  required?: boolean;
}

/*
 * Grafana never sends a stored secret back to the browser: the input shows
 * "configured" and offers Reset; only a value typed in this session is held.
 */
export function SecretField({ secret, label, description, required, ...props }: Props) {
  const { setSecret, resetSecret } = updaters(props);
  const { options } = props;
  return (
    <Field label={label} description={description} required={required}>
      <SecretInput
        id={`config-${secret}`}
        aria-label={label}
        width={40}
        isConfigured={Boolean(options.secureJsonFields?.[secret])}
        value={options.secureJsonData?.[secret] ?? ''}
        placeholder={required ? 'required' : 'optional'}
        onReset={() => resetSecret(secret)}
        onChange={(e) => setSecret(secret, e.currentTarget.value)}
      />
    </Field>
  );
}
