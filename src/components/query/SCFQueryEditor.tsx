import { SelectableValue } from '@grafana/data';
import { MultiSelect, RadioButtonGroup, Select } from '@grafana/ui';
import React from 'react';

import { EditorField, EditorFieldGroup, EditorRow, EditorRows } from '@grafana/plugin-ui';

import { ALL_SCF_METRICS, DEFAULT_LIMIT, DEFAULT_NAMESPACE } from '../../defaults';
import { RetCodeFilter, SCFMetric, SCFOrderBy, SCFQueryType, SortOrder } from '../../types';
import { validateSCFQuery } from '../../validation';
import { queryChanger, ServiceEditorProps } from './editorProps';
import { FunctionPicker } from './FunctionPicker';
import { NamespacePicker } from './NamespacePicker';
import { NumberInput } from './NumberInput';
import { QueryFilters } from './QueryFilters';
import { TextInput } from './TextInput';
import { ValidationMessages } from './ValidationMessages';

const QUERY_TYPES: Array<SelectableValue<SCFQueryType>> = [
  { value: 'scfLogs', label: 'Logs', description: 'log lines of invocations' },
  { value: 'scfInvocations', label: 'Invocations', description: 'one row per invocation: duration, memory, result' },
  { value: 'scfMetrics', label: 'Metrics', description: 'time series computed from the invocations' },
];

const RET_CODES: Array<SelectableValue<RetCodeFilter>> = [
  { value: '', label: 'All' },
  { value: 'not0', label: 'Errors only', description: 'retCode is not 0' },
  { value: 'is0', label: 'Successes only', description: 'retCode is 0' },
];

const ORDER_BY: Array<SelectableValue<SCFOrderBy>> = [
  { value: 'startTime', label: 'Start time' },
  { value: 'functionName', label: 'Function name' },
  { value: 'requestId', label: 'Request id' },
  { value: 'duration', label: 'Duration' },
  { value: 'memUsage', label: 'Memory usage' },
];

const ORDERS: Array<SelectableValue<SortOrder>> = [
  { value: 'desc', label: 'Descending' },
  { value: 'asc', label: 'Ascending' },
];

const METRIC_LABELS: Record<SCFMetric, string> = {
  invocations: 'Invocations',
  errors: 'Errors',
  errorRate: 'Error rate',
  durationAvg: 'Duration avg',
  durationP50: 'Duration p50',
  durationP95: 'Duration p95',
  durationP99: 'Duration p99',
  durationMax: 'Duration max',
  billDuration: 'Billed duration',
  memoryMax: 'Memory max',
};
const METRICS = ALL_SCF_METRICS.map((m) => ({ value: m, label: METRIC_LABELS[m] }));

export function SCFQueryEditor({ query, settings, client, onChange, onRunQuery }: ServiceEditorProps) {
  const queryType = query.queryType ?? 'scfLogs';
  const apiVersion = settings.apiVersion === 'v2' ? 'v2' : 'v3';
  const defaultNamespace = settings.namespace || DEFAULT_NAMESPACE;
  const change = queryChanger({ query, settings, client, onChange, onRunQuery });

  return (
    <EditorRows>
      <EditorRow>
        <EditorField label="Query type">
          <RadioButtonGroup options={QUERY_TYPES} value={queryType} onChange={(v) => change({ queryType: v })} />
        </EditorField>
      </EditorRow>
      <EditorRow>
        <EditorFieldGroup>
          <NamespacePicker
            client={client}
            value={query.namespace}
            defaultNamespace={defaultNamespace}
            onChange={(namespace) => change({ namespace })}
          />
          <FunctionPicker
            client={client}
            namespace={query.namespace || defaultNamespace}
            value={query.functionName}
            required={apiVersion === 'v2'}
            onChange={(functionName) => change({ functionName })}
          />
          <EditorField label="Qualifier" optional tooltip="Version or alias; empty means $LATEST.">
            <TextInput
              id="scf-qualifier"
              label="Qualifier"
              value={query.qualifier}
              placeholder="$LATEST"
              width={14}
              onChange={(qualifier) => change({ qualifier }, false)}
              onRunQuery={onRunQuery}
            />
          </EditorField>
        </EditorFieldGroup>
      </EditorRow>
      {queryType === 'scfMetrics' ? (
        <EditorRow>
          <EditorField label="Metrics" tooltip="Empty means all metrics.">
            <MultiSelect
              inputId="scf-metrics"
              aria-label="Metrics"
              options={METRICS}
              value={query.metrics ?? []}
              placeholder="All metrics"
              width={60}
              onChange={(v: Array<SelectableValue<SCFMetric>>) =>
                change({ metrics: v.map((o) => o.value!).filter(Boolean) })
              }
            />
          </EditorField>
        </EditorRow>
      ) : (
        <EditorRow>
          <EditorFieldGroup>
            <EditorField label="Result">
              <RadioButtonGroup
                options={RET_CODES}
                value={query.filter?.retCode ?? ''}
                onChange={(retCode) => change({ filter: { ...query.filter, retCode } })}
              />
            </EditorField>
            <EditorField label="Order by">
              <Select
                inputId="scf-order-by"
                aria-label="Order by"
                options={ORDER_BY}
                value={query.orderBy ?? 'startTime'}
                width={18}
                onChange={(v) => change({ orderBy: v.value })}
              />
            </EditorField>
            <EditorField label="Order">
              <RadioButtonGroup
                options={ORDERS}
                value={query.order ?? 'desc'}
                onChange={(order) => change({ order })}
              />
            </EditorField>
            <EditorField label="Request id" optional tooltip="Only the lines of this invocation.">
              <TextInput
                id="scf-request-id"
                label="Request id"
                value={query.requestId}
                width={30}
                onChange={(requestId) => change({ requestId }, false)}
                onRunQuery={onRunQuery}
              />
            </EditorField>
            <EditorField label="Limit" tooltip="The most rows returned, capped by the data source's max rows.">
              <NumberInput
                id="scf-limit"
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
      <QueryFilters filters={query.adhocFilters} onChange={(adhocFilters) => change({ adhocFilters })} />
      <ValidationMessages problems={validateSCFQuery(query, apiVersion)} />
    </EditorRows>
  );
}
