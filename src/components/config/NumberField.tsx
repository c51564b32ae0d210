import { Field, Input } from '@grafana/ui';
import React from 'react';

import { ConfigProps, parseWholeNumber, updaters } from './optionsUpdaters';

type NumberKey = 'timeoutSeconds' | 'maxRows' | 'concurrency' | 'requestsPerSecond';

interface Props extends ConfigProps {
  setting: NumberKey;
  label: string;
  description: string;
  defaultValue: number;
  min?: number;
}

/** Empty means "use the default", which the placeholder shows. */
export function NumberField({ setting, label, description, defaultValue, min = 1, ...props }: Props) {
  const { setJson } = updaters(props);
  const value = props.options.jsonData[setting];
  const invalid = value !== undefined && value < min;
  return (
    <Field
      label={label}
      description={description}
      invalid={invalid}
      error={invalid ? `Use ${min} or more, or leave empty for ${defaultValue}.` : undefined}
    >
      <Input
        id={`config-${setting}`}
        aria-label={label}
        type="number"
        width={20}
        min={min}
        value={value ?? ''}
        placeholder={String(defaultValue)}
        onChange={(e) => setJson(setting, parseWholeNumber(e.currentTarget.value))}
      />
    </Field>
  );
}
