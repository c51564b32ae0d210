import { DataFrame, MetricFindValue } from '@grafana/data';
import { DataQuery } from '@grafana/schema';

import { CLSSyntax, Service } from './types';

export type VariableQueryKind =
  'namespaces' | 'functions' | 'logstores' | 'fieldValues' | 'sqlColumn' | 'logsets' | 'topics';

/** A template variable's query: what to list, and where from. */
export interface VariableQuery extends DataQuery {
  kind?: VariableQueryKind;
  namespace?: string;
  logstore?: string;
  field?: string;
  /** Search text narrowing field values, or the SQL whose column is listed. */
  query?: string;
  sqlQueryType?: 'slsSql' | 'slsProjectSql';
  column?: string;
  limit?: number;
  /** CLS: topics of this logset only (topics), or the topic whose field values are listed. */
  logsetId?: string;
  topicId?: string;
  syntax?: CLSSyntax;
}

export const VARIABLE_KINDS: Record<
  Service,
  Array<{ value: VariableQueryKind; label: string; description: string }>
> = {
  scf: [
    { value: 'functions', label: 'Functions', description: 'function names of a namespace' },
    { value: 'namespaces', label: 'Namespaces', description: 'namespace names of the region' },
  ],
  sls: [
    { value: 'logstores', label: 'Logstores', description: 'logstores of the project' },
    { value: 'fieldValues', label: 'Field values', description: 'top values of an indexed field' },
    { value: 'sqlColumn', label: 'SQL column', description: 'distinct values of a column of an SQL result' },
  ],
  cls: [
    { value: 'topics', label: 'Topics', description: 'topics of the region, or of one logset (value: topic id)' },
    { value: 'logsets', label: 'Logsets', description: 'logsets of the region (value: logset id)' },
    { value: 'fieldValues', label: 'Field values', description: 'top values of an indexed field of a topic' },
  ],
};

const DEFAULT_KINDS: Record<Service, VariableQueryKind> = { scf: 'functions', sls: 'logstores', cls: 'topics' };

export function defaultVariableKind(service: Service): VariableQueryKind {
  return DEFAULT_KINDS[service];
}

/** Distinct values of one column (or of the first string column) of the frames, in order of appearance. */
export function columnValues(frames: DataFrame[], column?: string): MetricFindValue[] {
  const seen = new Set<string>();
  const values: MetricFindValue[] = [];
  for (const frame of frames) {
    const field = column
      ? frame.fields.find((f) => f.name === column || f.config?.displayNameFromDS === column)
      : (frame.fields.find((f) => f.type === 'string') ?? frame.fields[0]);
    for (const v of field?.values ?? []) {
      if (v === null || v === undefined) {
        continue;
      }
      const text = String(v);
      if (!seen.has(text)) {
        seen.add(text);
        values.push({ text, value: text });
      }
    }
  }
  return values;
}

export const toMetricFindValues = (names: string[]): MetricFindValue[] =>
  names.map((name) => ({ text: name, value: name }));

/** Named things listed by name with their id as value, as CLS queries want ids. */
export const namedIds = (items: Array<{ name: string; id: string }>): MetricFindValue[] =>
  items.map(({ name, id }) => ({ text: name, value: id }));
