import { SelectableValue } from '@grafana/data';
import { MultiSelect, RadioButtonGroup, Select } from '@grafana/ui';
import React, { useMemo } from 'react';

import { EditorField, EditorFieldGroup, EditorRow, EditorRows } from '@grafana/plugin-ui';

import { DEFAULT_LIMIT, DEFAULT_SLS_QUERY_TEXT, effectiveSLSQueryType } from '../../defaults';
import { SLSFormat, SLSQueryType } from '../../types';
import { validateSLSQuery } from '../../validation';
import { queryChanger, ServiceEditorProps } from './editorProps';
import { LogstorePicker } from './LogstorePicker';
import { NumberInput } from './NumberInput';
import { SLSQueryField } from './SLSQueryField';
import { TextInput } from './TextInput';
import { useLookup } from './useLookup';
import { ValidationMessages } from './ValidationMessages';

const QUERY_TYPES: Array<SelectableValue<SLSQueryType>> = [
  { value: 'slsLogs', label: 'Logs', description: 'search syntax: log lines' },
  { value: 'slsSql', label: 'SQL', description: 'search | SQL on one logstore' },
  { value: 'slsProjectSql', label: 'Project SQL', description: 'SQL across the project (GetProjectLogs)' },
  { value: 'slsHistogram', label: 'Histogram', description: 'counts over time of a search' },
];

const FORMATS: Array<SelectableValue<SLSFormat>> = [
  { value: 'auto', label: 'Auto', description: 'time series when the result has a time column, else table' },
  { value: 'logs', label: 'Logs' },
  { value: 'table', label: 'Table' },
  { value: 'timeSeries', label: 'Time series' },
];

const ORDERS: Array<SelectableValue<boolean>> = [
  { value: true, label: 'Newest first' },
  { value: false, label: 'Oldest first' },
];

const EXAMPLES: Record<string, string> = {
  slsLogs: 'status >= 500 and request_method: GET',
  slsSql: '* | SELECT status, count(*) AS n GROUP BY status',
  slsProjectSql: 'SELECT count(*) AS n FROM "nginx-access" WHERE $__timeFilter',
  slsHistogram: '*',
};

export function SLSQueryEditor({ query, settings, client, onChange, onRunQuery }: ServiceEditorProps) {
  const queryType = effectiveSLSQueryType(query) ?? 'slsLogs';
  const isProjectSQL = queryType === 'slsProjectSql';
  const isSQL = queryType === 'slsSql' || isProjectSQL;
  const logstore = query.logstore;
  const fieldsLookup = useLookup(
    () => client.getFields(logstore!),
    logstore && !isProjectSQL ? `fields:${logstore}` : undefined
  );
  const fieldOptions = useMemo(
    () => fieldsLookup.items.map((f) => ({ value: f.name, label: f.name, description: f.type })),
    [fieldsLookup.items]
  );
  const types =
    queryType === 'slsContext' ? [...QUERY_TYPES, { value: 'slsContext' as const, label: 'Context' }] : QUERY_TYPES;

  const change = queryChanger({ query, settings, client, onChange, onRunQuery });

  return (
    <EditorRows>
      <EditorRow>
        <EditorField label="Query type">
          <RadioButtonGroup options={types} value={queryType} onChange={(v) => change({ queryType: v })} />
        </EditorField>
      </EditorRow>
      {!isProjectSQL && (
        <EditorRow>
          <EditorFieldGroup>
            <LogstorePicker client={client} value={logstore} onChange={(v) => change({ logstore: v })} />
            <EditorField label="Topic" optional tooltip="Only logs of this topic (__topic__).">
              <TextInput
                id="sls-topic"
                label="Topic"
                value={query.topic}
                onChange={(topic) => change({ topic }, false)}
                onRunQuery={onRunQuery}
              />
            </EditorField>
          </EditorFieldGroup>
        </EditorRow>
      )}
      <EditorRow>
        <EditorField
          label={isProjectSQL ? 'SQL' : isSQL ? 'Search | SQL' : 'Search'}
          tooltip={`For example: ${EXAMPLES[queryType] ?? '*'}. Shift+Enter runs the query; Ctrl+Space completes fields and the macros $__timeFilter, $__timeFrom, $__timeTo, $__interval, $__interval_s.`}
          width="100%"
        >
          <div style={{ width: '100%' }}>
            <SLSQueryField
              value={query.query ?? (isProjectSQL ? '' : DEFAULT_SLS_QUERY_TEXT)}
              wholeTextIsSQL={isProjectSQL}
              fields={fieldsLookup.items}
              onChange={(text) => change({ query: text }, false)}
              onRunQuery={onRunQuery}
            />
          </div>
        </EditorField>
      </EditorRow>
      {queryType === 'slsLogs' && (
        <EditorRow>
          <EditorFieldGroup>
            <EditorField label="Order">
              <RadioButtonGroup
                options={ORDERS}
                value={query.reverse ?? true}
                onChange={(reverse) => change({ reverse })}
              />
            </EditorField>
            <EditorField label="Limit" tooltip="The most lines returned, capped by the data source's max rows.">
              <NumberInput
                id="sls-limit"
                label="Limit"
                value={query.limit}
                placeholder={String(DEFAULT_LIMIT)}
                onChange={(limit) => change({ limit }, false)}
                onBlur={onRunQuery}
              />
            </EditorField>
          </EditorFieldGroup>
        </EditorRow>
      )}
      {isSQL && (
        <EditorRow>
          <EditorFieldGroup>
            <EditorField label="Format">
              <Select
                inputId="sls-format"
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
              tooltip="The column holding time; empty: __time__ or a time-typed column."
            >
              <Select
                inputId="sls-time-field"
                aria-label="Time field"
                options={fieldOptions}
                value={query.timeField ? { value: query.timeField, label: query.timeField } : null}
                allowCustomValue
                isClearable
                isLoading={fieldsLookup.loading}
                width={20}
                onChange={(v: SelectableValue<string> | null) => change({ timeField: v?.value })}
              />
            </EditorField>
            <EditorField label="Value fields" optional tooltip="Numeric columns to plot; empty: every numeric column.">
              <MultiSelect
                inputId="sls-value-fields"
                aria-label="Value fields"
                options={fieldOptions}
                value={query.valueFields ?? []}
                allowCustomValue
                isLoading={fieldsLookup.loading}
                width={30}
                onChange={(v: Array<SelectableValue<string>>) =>
                  change({ valueFields: v.map((o) => o.value!).filter(Boolean) })
                }
              />
            </EditorField>
            <EditorField label="Legend" optional tooltip="Series name, e.g. {{host}} {{status}}.">
              <TextInput
                id="sls-legend"
                label="Legend"
                value={query.legendFormat}
                placeholder="{{host}}"
                onChange={(legendFormat) => change({ legendFormat }, false)}
                onRunQuery={onRunQuery}
              />
            </EditorField>
          </EditorFieldGroup>
        </EditorRow>
      )}
      {fieldsLookup.error && (
        <ValidationMessages problems={[`Field names for completion could not be loaded: ${fieldsLookup.error}`]} />
      )}
      <ValidationMessages problems={validateSLSQuery(query)} />
    </EditorRows>
  );
}
