import { SelectableValue } from '@grafana/data';
import { Field, RadioButtonGroup } from '@grafana/ui';
import React from 'react';

import { effectiveLogSource } from '../../defaults';
import { SCFLogSource } from '../../types';
import { ConfigProps, updaters } from './optionsUpdaters';

const LOG_SOURCES: Array<SelectableValue<SCFLogSource>> = [
  {
    value: 'auto',
    label: 'Auto',
    description: "the function's CLS topic; GetFunctionLogs only for functions without one",
  },
  { value: 'cls', label: 'CLS', description: 'always CLS; a function without a CLS topic is an error' },
  {
    value: 'getFunctionLogs',
    label: 'GetFunctionLogs',
    description: 'the SCF API alone, for accounts or proxies that still serve it',
  },
];

/**
 * Where SCF function logs are read. Functions deliver their logs to CLS
 * (GetFunctionLogs is offline for most accounts); the legacy v2 API has no
 * CLS, so there the choice is fixed and says why.
 */
export function LogSourceField(props: ConfigProps) {
  const { setJson } = updaters(props);
  const { jsonData } = props.options;
  const isV2 = jsonData.apiVersion === 'v2';
  return (
    <Field
      label="Log source"
      description={
        isV2
          ? 'The legacy v2 API reads logs only with GetFunctionLogs; choose API 3.0 to read them from CLS.'
          : "Auto reads the CLS topic the function delivers to (found with GetFunction) in the data source's region."
      }
    >
      <RadioButtonGroup
        options={LOG_SOURCES}
        value={effectiveLogSource(jsonData)}
        disabled={isV2}
        onChange={(v) => setJson('logSource', v)}
      />
    </Field>
  );
}
