import { Field, Input } from '@grafana/ui';
import React from 'react';

import { ConfigProps, parseDecimalNumber, parseWholeNumber, updaters } from './optionsUpdaters';

type NumberKey =
  'timeoutSeconds' | 'maxRows' | 'concurrency' | 'requestsPerSecond' | 'topicConcurrency' | 'roleDurationSeconds';

interface Props extends ConfigProps {
  setting: NumberKey;
  label: string;
  description: string;
  defaultValue: number;
  min?: number;
  max?: number;
  /** Accept fractions (e.g. 2.5 requests per second for two replicas). */
  fractions?: boolean;
}

/** Empty means "use the default", which the placeholder shows. */
export function NumberField({ setting, label, description, defaultValue, min = 1, max, fractions, ...props }: Props) {
  const { setJson } = updaters(props);
  const value = props.options.jsonData[setting];
  const invalid = value !== undefined && (value < min || (max !== undefined && value > max));
  const range = max === undefined ? `${min} or more` : `${min} to ${max}`;
  return (
    <Field
      label={label}
      description={description}
      invalid={invalid}
      error={invalid ? `Use ${range}, or leave empty for ${defaultValue}.` : undefined}
    >
      <Input
        id={`config-${setting}`}
        aria-label={label}
        type="number"
        width={20}
        min={min}
        max={max}
        step={fractions ? 'any' : undefined}
        value={value ?? ''}
        placeholder={String(defaultValue)}
        onChange={(e) => setJson(setting, (fractions ? parseDecimalNumber : parseWholeNumber)(e.currentTarget.value))}
      />
    </Field>
  );
}
