import { SelectableValue } from '@grafana/data';
import { RadioButtonGroup } from '@grafana/ui';
import React, { useMemo } from 'react';

import { EditorField, EditorFieldGroup, EditorRow, EditorRows } from '@grafana/plugin-ui';

import { DEFAULT_LIMIT, DEFAULT_SLS_QUERY_TEXT, effectiveSLSQueryType } from '../../defaults';
import { SLS_LANGUAGE_ID, SLS_SQL_LANGUAGE_ID } from '../../language/monacoLanguages';
import { SLSQueryType } from '../../types';
import { validateSLSQuery } from '../../validation';
import { queryChanger, ServiceEditorProps } from './editorProps';
import { LogstorePicker } from './LogstorePicker';
import { NumberInput } from './NumberInput';
import { QueryTextField } from './QueryTextField';
import { SQLResultOptions } from './SQLResultOptions';
import { TextInput } from './TextInput';
import { useLookup } from './useLookup';
import { ValidationMessages } from './ValidationMessages';

const QUERY_TYPES: Array<SelectableValue<SLSQueryType>> = [
  { value: 'slsLogs', label: 'Logs', description: 'search syntax: log lines' },
  { value: 'slsSql', label: 'SQL', description: 'search | SQL on one logstore' },
  { value: 'slsProjectSql', label: 'Project SQL', description: 'SQL across the project (GetProjectLogs)' },
  { value: 'slsHistogram', label: 'Histogram', description: 'counts over time of a search' },
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
            <QueryTextField
              value={query.query ?? (isProjectSQL ? '' : DEFAULT_SLS_QUERY_TEXT)}
              language={isProjectSQL ? SLS_SQL_LANGUAGE_ID : SLS_LANGUAGE_ID}
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
        <SQLResultOptions
          idPrefix="sls"
          query={query}
          fieldOptions={fieldOptions}
          fieldsLoading={fieldsLookup.loading}
          defaultTimeField="__time__"
          change={change}
          onRunQuery={onRunQuery}
        />
      )}
      {fieldsLookup.error && (
        <ValidationMessages problems={[`Field names for completion could not be loaded: ${fieldsLookup.error}`]} />
      )}
      <ValidationMessages problems={validateSLSQuery(query)} />
    </EditorRows>
  );
}
