import { SelectableValue } from '@grafana/data';
import { MultiSelect, Select } from '@grafana/ui';
import React from 'react';

import { EditorField, EditorFieldGroup, EditorRow } from '@grafana/plugin-ui';

import { CloudLogsQuery, SLSFormat } from '../../types';
import { TextInput } from './TextInput';

const FORMATS: Array<SelectableValue<SLSFormat>> = [
  { value: 'auto', label: 'Auto', description: 'time series when the result has a time column, else table' },
  { value: 'logs', label: 'Logs' },
  { value: 'table', label: 'Table' },
  { value: 'timeSeries', label: 'Time series' },
];

interface Props {
  /** Element ids start with it: `sls`, `cls`. */
  idPrefix: string;
  query: CloudLogsQuery;
  fieldOptions: Array<SelectableValue<string>>;
  fieldsLoading: boolean;
  /** The time column used when none is chosen, for the tooltip. */
  defaultTimeField: string;
  change: (patch: Partial<CloudLogsQuery>, run?: boolean) => void;
  onRunQuery: () => void;
  /** More fields for the same row. */
  children?: React.ReactNode;
}

/** How an SQL result becomes a frame: format, time and value columns, series names (SLS and CLS alike). */
export function SQLResultOptions({
  idPrefix,
  query,
  fieldOptions,
  fieldsLoading,
  defaultTimeField,
  change,
  onRunQuery,
  children,
}: Props) {
  return (
    <EditorRow>
      <EditorFieldGroup>
        <EditorField label="Format">
          <Select
            inputId={`${idPrefix}-format`}
            aria-label="Format"
            options={FORMATS}
            value={query.format ?? 'auto'}
            width={16}
            onChange={(v) => change({ format: v.value })}
          />
        </EditorField>
        <EditorField
          label="Time field"
          optional
          tooltip={`The column holding time; empty: ${defaultTimeField} or a time-typed column.`}
        >
          <Select
            inputId={`${idPrefix}-time-field`}
            aria-label="Time field"
            options={fieldOptions}
            value={query.timeField ? { value: query.timeField, label: query.timeField } : null}
            allowCustomValue
            isClearable
            isLoading={fieldsLoading}
            width={20}
            onChange={(v: SelectableValue<string> | null) => change({ timeField: v?.value })}
          />
        </EditorField>
        <EditorField label="Value fields" optional tooltip="Numeric columns to plot; empty: every numeric column.">
          <MultiSelect
            inputId={`${idPrefix}-value-fields`}
            aria-label="Value fields"
            options={fieldOptions}
            value={query.valueFields ?? []}
            allowCustomValue
            isLoading={fieldsLoading}
            width={30}
            onChange={(v: Array<SelectableValue<string>>) =>
              change({ valueFields: v.map((o) => o.value!).filter(Boolean) })
            }
          />
        </EditorField>
        <EditorField label="Legend" optional tooltip="Series name, e.g. {{host}} {{status}}.">
          <TextInput
            id={`${idPrefix}-legend`}
            label="Legend"
            value={query.legendFormat}
            placeholder="{{host}}"
            onChange={(legendFormat) => change({ legendFormat }, false)}
            onRunQuery={onRunQuery}
          />
        </EditorField>
        {children}
      </EditorFieldGroup>
    </EditorRow>
  );
}
