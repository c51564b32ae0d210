import { SelectableValue } from '@grafana/data';
import { RadioButtonGroup } from '@grafana/ui';
import React, { useMemo } from 'react';

import { EditorField, EditorFieldGroup, EditorRow, EditorRows } from '@grafana/plugin-ui';

import { queryTopics, withTopics } from '../../clsTopics';
import {
  DEFAULT_CLS_SYNTAX,
  DEFAULT_LIMIT,
  DEFAULT_SLS_QUERY_TEXT,
  effectiveCLSQueryType,
  isCLSQueryType,
} from '../../defaults';
import { CLS_LANGUAGE_IDS } from '../../language/monacoLanguages';
import { CLSQueryType, CLSSyntax, SortOrder } from '../../types';
import { validateCLSQuery } from '../../validation';
import { queryChanger, ServiceEditorProps } from './editorProps';
import { NumberInput } from './NumberInput';
import { QueryTextField } from './QueryTextField';
import { SQLResultOptions } from './SQLResultOptions';
import { TopicPicker } from './TopicPicker';
import { useLookup } from './useLookup';
import { ValidationMessages } from './ValidationMessages';

const QUERY_TYPES: Array<SelectableValue<CLSQueryType>> = [
  { value: 'clsLogs', label: 'Logs', description: 'search: log lines' },
  { value: 'clsSql', label: 'SQL', description: 'search | SQL: a table or time series' },
  { value: 'clsHistogram', label: 'Histogram', description: 'counts over time of a search' },
];

const SYNTAXES: Array<SelectableValue<CLSSyntax>> = [
  { value: 'cql', label: 'CQL', description: "CLS Query Language, the console's default" },
  { value: 'lucene', label: 'Lucene', description: 'Lucene syntax; operators in upper case' },
];

const SORTS: Array<SelectableValue<SortOrder>> = [
  { value: 'desc', label: 'Newest first' },
  { value: 'asc', label: 'Oldest first' },
];

const EXAMPLES: Record<CLSSyntax, Record<string, string>> = {
  cql: {
    clsLogs: 'status:>=500 AND method:GET',
    clsSql: '* | SELECT status, count(*) AS n GROUP BY status',
    clsHistogram: 'level:error',
  },
  lucene: {
    clsLogs: 'status:[500 TO 599] AND method:GET',
    clsSql: '* | SELECT status, count(*) AS n GROUP BY status',
    clsHistogram: 'level:error',
  },
};

export function CLSQueryEditor({ query, settings, client, onChange, onRunQuery }: ServiceEditorProps) {
  const written = effectiveCLSQueryType(query);
  // Another service's type (a query moved between data sources) shows as none chosen, and validation says so.
  const queryType = isCLSQueryType(written) ? written : undefined;
  const syntax = query.syntax ?? DEFAULT_CLS_SYNTAX;
  const topics = queryTopics(query);
  // Completion offers the first topic's fields: topics searched together usually share a layout.
  const firstTopic = topics[0];
  const fieldsLookup = useLookup(
    () => client.getTopicFields(firstTopic!),
    firstTopic ? `fields:${firstTopic}` : undefined
  );
  // Only fields with statistics on can be SQL columns.
  const columnOptions = useMemo(
    () =>
      fieldsLookup.items
        .filter((f) => f.sql !== false)
        .map((f) => ({ value: f.name, label: f.name, description: f.type })),
    [fieldsLookup.items]
  );
  const types =
    queryType === 'clsContext' ? [...QUERY_TYPES, { value: 'clsContext' as const, label: 'Context' }] : QUERY_TYPES;

  const change = queryChanger({ query, settings, client, onChange, onRunQuery });
  const limitInput = (placeholder: string) => (
    <NumberInput
      id="cls-limit"
      label="Limit"
      value={query.limit}
      placeholder={placeholder}
      onChange={(limit) => change({ limit }, false)}
      onBlur={onRunQuery}
    />
  );

  return (
    <EditorRows>
      <EditorRow>
        <EditorField label="Query type">
          <RadioButtonGroup options={types} value={queryType} onChange={(v) => change({ queryType: v })} />
        </EditorField>
      </EditorRow>
      <EditorRow>
        <EditorFieldGroup>
          <TopicPicker
            id="cls-topics"
            client={client}
            value={topics}
            onChange={(picked) => {
              onChange(withTopics(query, picked));
              onRunQuery();
            }}
          />
          <EditorField label="Syntax" tooltip="How the search part (before the pipe) is read.">
            <RadioButtonGroup options={SYNTAXES} value={syntax} onChange={(v) => change({ syntax: v })} />
          </EditorField>
        </EditorFieldGroup>
      </EditorRow>
      <EditorRow>
        <EditorField
          label={queryType === 'clsSql' ? 'Search | SQL' : 'Search'}
          tooltip={`For example: ${EXAMPLES[syntax][queryType ?? 'clsLogs'] ?? '*'}. * is every log. Shift+Enter runs the query; Ctrl+Space completes the topic's fields.`}
          width="100%"
        >
          <div style={{ width: '100%' }}>
            <QueryTextField
              value={query.query ?? DEFAULT_SLS_QUERY_TEXT}
              language={CLS_LANGUAGE_IDS[syntax]}
              fields={fieldsLookup.items}
              onChange={(text) => change({ query: text }, false)}
              onRunQuery={onRunQuery}
            />
          </div>
        </EditorField>
      </EditorRow>
      {queryType === 'clsLogs' && (
        <EditorRow>
          <EditorFieldGroup>
            <EditorField label="Order">
              <RadioButtonGroup options={SORTS} value={query.sort ?? 'desc'} onChange={(sort) => change({ sort })} />
            </EditorField>
            <EditorField label="Limit" tooltip="The most lines returned, capped by the data source's max rows.">
              {limitInput(String(DEFAULT_LIMIT))}
            </EditorField>
          </EditorFieldGroup>
        </EditorRow>
      )}
      {queryType === 'clsSql' && (
        <SQLResultOptions
          idPrefix="cls"
          query={query}
          fieldOptions={columnOptions}
          fieldsLoading={fieldsLookup.loading}
          defaultTimeField="a time-typed column"
          change={change}
          onRunQuery={onRunQuery}
        >
          <EditorField label="Limit" optional tooltip="Appended as LIMIT when the SQL has none; CLS returns 100 rows.">
            {limitInput('none')}
          </EditorField>
        </SQLResultOptions>
      )}
      {fieldsLookup.error && (
        <ValidationMessages problems={[`Field names for completion could not be loaded: ${fieldsLookup.error}`]} />
      )}
      <ValidationMessages problems={validateCLSQuery(query)} />
    </EditorRows>
  );
}
