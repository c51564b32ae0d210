import { QueryEditorProps, SelectableValue } from '@grafana/data';
import { RadioButtonGroup } from '@grafana/ui';
import React from 'react';

import { EditorField, EditorFieldGroup, EditorRow, EditorRows } from '@grafana/plugin-ui';

import type { DataSource } from '../datasource';
import { CloudLogsOptions, CloudLogsQuery } from '../types';
import { defaultVariableKind, VARIABLE_KINDS, VariableQuery, VariableQueryKind } from '../variableQuery';
import { CLSVariableFields } from './CLSVariableFields';
import { ValueFilterFields } from './ValueFilterFields';
import { FieldPicker } from './query/FieldPicker';
import { LogstorePicker } from './query/LogstorePicker';
import { NamespacePicker } from './query/NamespacePicker';
import { TextInput } from './query/TextInput';

type Props = QueryEditorProps<DataSource, CloudLogsQuery, CloudLogsOptions, VariableQuery>;

const SQL_TYPES: Array<SelectableValue<'slsSql' | 'slsProjectSql'>> = [
  { value: 'slsSql', label: 'Logstore SQL', description: 'search | SQL on one logstore' },
  { value: 'slsProjectSql', label: 'Project SQL', description: 'SQL across the project' },
];

/** Lists for template variables: functions, namespaces, logstores, logsets, topics, field values, an SQL column. */
export function VariableQueryEditor({ datasource, query, onChange }: Props) {
  const service = datasource.service;
  const kind: VariableQueryKind = query.kind ?? defaultVariableKind(service);
  const set = (patch: Partial<VariableQuery>) => onChange({ ...query, kind, ...patch });
  const settings = datasource.settings;
  // Variable queries re-run when the variable editor saves; nothing to run on blur.
  const noop = () => {};

  return (
    <EditorRows>
      <EditorRow>
        <EditorField label="List">
          <RadioButtonGroup
            options={VARIABLE_KINDS[service]}
            value={kind}
            onChange={(k) => onChange({ refId: query.refId, kind: k })}
          />
        </EditorField>
      </EditorRow>
      {service === 'cls' && <CLSVariableFields client={datasource} query={{ ...query, kind }} set={set} />}
      {kind === 'functions' && (
        <EditorRow>
          <NamespacePicker
            client={datasource}
            value={query.namespace}
            defaultNamespace={settings.namespace || 'default'}
            onChange={(namespace) => set({ namespace })}
          />
        </EditorRow>
      )}
      {service === 'sls' &&
        (kind === 'fieldValues' || (kind === 'sqlColumn' && query.sqlQueryType !== 'slsProjectSql')) && (
          <EditorRow>
            <LogstorePicker client={datasource} value={query.logstore} onChange={(logstore) => set({ logstore })} />
          </EditorRow>
        )}
      {service === 'sls' && kind === 'fieldValues' && (
        <EditorRow>
          <EditorFieldGroup>
            <FieldPicker
              client={datasource}
              resource={query.logstore}
              value={query.field}
              onChange={(field) => set({ field })}
            />
            <ValueFilterFields query={query} set={set} />
          </EditorFieldGroup>
        </EditorRow>
      )}
      {kind === 'sqlColumn' && (
        <>
          <EditorRow>
            <EditorField label="SQL kind">
              <RadioButtonGroup
                options={SQL_TYPES}
                value={query.sqlQueryType ?? 'slsSql'}
                onChange={(sqlQueryType) => set({ sqlQueryType })}
              />
            </EditorField>
          </EditorRow>
          <EditorRow>
            <EditorFieldGroup>
              <EditorField label="Query" tooltip="Its result's column gives the values, distinct and in order.">
                <TextInput
                  id="variable-sql"
                  label="Query"
                  value={query.query}
                  width={60}
                  placeholder={
                    query.sqlQueryType === 'slsProjectSql'
                      ? 'SELECT DISTINCT host FROM "nginx-access" WHERE $__timeFilter'
                      : '* | SELECT DISTINCT host'
                  }
                  onChange={(q) => set({ query: q })}
                  onRunQuery={noop}
                />
              </EditorField>
              <EditorField label="Column" optional tooltip="Empty: the first text column.">
                <TextInput
                  id="variable-column"
                  label="Column"
                  value={query.column}
                  onChange={(column) => set({ column })}
                  onRunQuery={noop}
                />
              </EditorField>
            </EditorFieldGroup>
          </EditorRow>
        </>
      )}
    </EditorRows>
  );
}
