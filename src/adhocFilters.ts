import {
  AdHocVariableFilter,
  DataSourceGetTagKeysOptions,
  DataSourceGetTagValuesOptions,
  MetricFindValue,
} from '@grafana/data';

import { queryTopics } from './clsTopics';
import { ResourceClient } from './resources';
import { AdhocFilter, CloudLogsQuery, Service } from './types';

/*
 * A dashboard's ad-hoc filters. Keys come from the index of the logstores
 * (SLS) or topics (CLS) the dashboard's queries read, or SCF's filterable
 * labels; values are a key's top values over the dashboard's range. The
 * filters themselves travel in each query's `adhocFilters` and the backend
 * writes them in the service's query language, so alert rules and public
 * dashboards get the same rows.
 */

/** The labels an SCF query can be filtered on (pkg/scfservice AdhocKeys). */
export const SCF_FILTER_KEYS = ['functionName', 'namespace', 'qualifier', 'requestId', 'retCode'];

/** Operators the backend can write in every service's language. */
export const ADHOC_OPERATORS = ['=', '!=', '=~', '!~'];

type Options = DataSourceGetTagKeysOptions<CloudLogsQuery> | DataSourceGetTagValuesOptions<CloudLogsQuery>;

/** The logstores or topics the dashboard's queries read (Grafana 11.0 may send no queries). */
function sources(service: Service, options?: Options): string[] {
  const queries = options?.queries ?? [];
  const names =
    service === 'sls'
      ? queries.map((q) => q.logstore ?? '')
      : queries.flatMap((q) => (service === 'cls' ? queryTopics(q) : []));
  return Array.from(new Set(names.filter((n) => n && !n.includes('$'))));
}

/** Without queries to go by (Grafana 11.0 sends none), the first few logstores or topics stand in. */
async function sourcesOrFirst(client: ResourceClient, service: Service, options?: Options): Promise<string[]> {
  const names = sources(service, options);
  if (names.length) {
    return names;
  }
  return service === 'sls'
    ? (await client.getLogstores()).slice(0, 5)
    : (await client.getTopics()).slice(0, 5).map((t) => t.topicId);
}

/**
 * The answers of every source that answered: a key that one logstore lacks
 * must not hide the others' values. Only when all fail is the first error raised.
 */
async function settledLists<T>(calls: Array<Promise<T[]>>): Promise<T[][]> {
  const results = await Promise.allSettled(calls);
  const ok = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (!ok.length && failed) {
    throw failed.reason;
  }
  return ok;
}

function range(options?: Options): { from: number; to: number } {
  const to = options?.timeRange?.to.valueOf() ?? Date.now();
  const from = options?.timeRange?.from.valueOf() ?? to - 3600_000;
  return { from, to };
}

export async function getTagKeys(
  client: ResourceClient,
  service: Service,
  options?: Options
): Promise<MetricFindValue[]> {
  if (service === 'scf') {
    return SCF_FILTER_KEYS.map((text) => ({ text }));
  }
  const names = await sourcesOrFirst(client, service, options);
  const lists = await settledLists(
    names.map((n) => (service === 'sls' ? client.getFields(n) : client.getTopicFields(n)))
  );
  const keys = new Set(lists.flat().map((f) => f.name));
  return Array.from(keys)
    .sort()
    .map((text) => ({ text }));
}

export async function getTagValues(
  client: ResourceClient,
  service: Service,
  options: DataSourceGetTagValuesOptions<CloudLogsQuery>
): Promise<MetricFindValue[]> {
  const { key } = options;
  if (service === 'scf') {
    return scfValues(client, key);
  }
  const { from, to } = range(options);
  const names = await sourcesOrFirst(client, service, options);
  const lists = await settledLists(
    names.map((n) =>
      service === 'sls'
        ? client.getFieldValues({ logstore: n, field: key, from, to })
        : client.getTopicFieldValues({ topicId: n, field: key, from, to })
    )
  );
  // The same value in several sources counts once, with its total count.
  const counts = new Map<string, number>();
  for (const v of lists.flat()) {
    counts.set(v.value, (counts.get(v.value) ?? 0) + v.count);
  }
  return Array.from(counts.entries())
    .sort((a, b) => b[1] - a[1])
    .map(([text]) => ({ text }));
}

async function scfValues(client: ResourceClient, key: string): Promise<MetricFindValue[]> {
  switch (key) {
    case 'functionName':
      return (await client.getFunctions()).map((f) => ({ text: f.name }));
    case 'namespace':
      return (await client.getNamespaces()).map((n) => ({ text: n.name }));
    case 'qualifier':
      return [{ text: '$LATEST' }];
    case 'retCode':
      // SCF tells successes (= 0) from failures (!= 0) only.
      return [{ text: '0' }];
    default:
      return [];
  }
}

/**
 * The query with the request's ad-hoc filters added to its own (values
 * interpolated); the backend refuses operators it cannot write.
 */
export function withRequestFilters(
  query: CloudLogsQuery,
  filters: AdHocVariableFilter[] | undefined,
  replace: (text: string) => string
): CloudLogsQuery {
  if (!filters?.length) {
    return query;
  }
  const added: AdhocFilter[] = filters.map((f) => ({
    key: replace(f.key),
    operator: f.operator,
    value: replace(f.value),
  }));
  return { ...query, adhocFilters: [...(query.adhocFilters ?? []), ...added] };
}
