import { ScopedVars } from '@grafana/data';

import { interpolateCLSQuery, interpolateTopics } from './clsInterpolation';
import { queryTopics, withTopics } from './clsTopics';
import { DEFAULT_CLS_SYNTAX } from './defaults';
import { interpolateSLSQuery, ReplaceFn } from './interpolation';
import { CloudLogsQuery, Service } from './types';

/**
 * A query with its template variables resolved: names and ids plainly, the
 * query text by its service's search and SQL rules, CLS topics expanded.
 */
export function interpolateQuery(
  query: CloudLogsQuery,
  service: Service,
  replace: ReplaceFn,
  scopedVars: ScopedVars
): CloudLogsQuery {
  const plain = (text?: string) => (text ? replace(text, scopedVars) : text);
  const interpolated: CloudLogsQuery = {
    ...query,
    logstore: plain(query.logstore),
    topic: plain(query.topic),
    timeField: plain(query.timeField),
    functionName: plain(query.functionName),
    namespace: plain(query.namespace),
    qualifier: plain(query.qualifier),
    requestId: plain(query.requestId),
  };
  if (query.valueFields) {
    interpolated.valueFields = query.valueFields.map((f) => replace(f, scopedVars));
  }
  if (service === 'cls') {
    const topics = queryTopics(query);
    const resolved = topics.length
      ? withTopics(interpolated, interpolateTopics(topics, replace, scopedVars))
      : interpolated;
    if (query.query) {
      resolved.query = interpolateCLSQuery(query.query, query.syntax ?? DEFAULT_CLS_SYNTAX, replace, scopedVars);
    }
    return resolved;
  }
  if (query.query) {
    interpolated.query = interpolateSLSQuery(query.query, query.queryType === 'slsProjectSql', replace, scopedVars);
  }
  return interpolated;
}
