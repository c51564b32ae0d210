import { SelectableValue } from '@grafana/data';
import { Select } from '@grafana/ui';
import React, { useMemo } from 'react';

import { EditorField } from '@grafana/plugin-ui';

import { Lookup } from './useLookup';
import { variableOptions } from './templateVariables';

interface Props {
  id: string;
  label: string;
  tooltip?: string;
  value?: string;
  lookup: Lookup<SelectableValue<string>>;
  /** What the look-up was for, in the failure message: "functions", "logstores". */
  what: string;
  placeholder?: string;
  width?: number;
  optional?: boolean;
  onChange: (value: string | undefined) => void;
}

/**
 * A searchable picker filled by a backend look-up. It keeps working when the
 * look-up fails: any typed name or dashboard variable is accepted, and the
 * failure is said under the field.
 */
export function ResourcePicker({
  id,
  label,
  tooltip,
  value,
  lookup,
  what,
  placeholder,
  width = 30,
  optional,
  onChange,
}: Props) {
  const options = useMemo(() => {
    const all = [...lookup.items, ...variableOptions()];
    if (value && !all.some((o) => o.value === value)) {
      all.unshift({ value, label: value });
    }
    return all;
  }, [lookup.items, value]);

  const error = lookup.error ? `Could not load ${what}: ${lookup.error}. You can still type a name.` : undefined;
  return (
    <EditorField
      label={label}
      tooltip={tooltip}
      optional={optional}
      invalid={Boolean(error)}
      error={error}
      width={width}
    >
      <Select
        inputId={id}
        aria-label={label}
        options={options}
        value={value ? options.find((o) => o.value === value) : null}
        isLoading={lookup.loading}
        loadingMessage={`Loading ${what}…`}
        noOptionsMessage={lookup.loading ? `Loading ${what}…` : `No ${what} found`}
        placeholder={placeholder ?? (lookup.loading ? `Loading ${what}…` : `Choose or type`)}
        allowCustomValue
        isClearable
        width={width}
        onChange={(v: SelectableValue<string> | null) => onChange(v?.value || undefined)}
      />
    </EditorField>
  );
}
