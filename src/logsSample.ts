import { queryTopics, withTopics } from './clsTopics';
import { DEFAULT_CLS_SYNTAX, effectiveCLSQueryType, effectiveSLSQueryType } from './defaults';
import { clsDialect, splitSearchAndSQL } from './queryText';
import { CloudLogsQuery, Service } from './types';

export const LOGS_SAMPLE_REF_PREFIX = 'logs-sample-';
/** Lines shown under an aggregate in Explore: enough to see what it counts, cheap to fetch. */
export const LOGS_SAMPLE_LIMIT = 100;

/**
 * The log lines behind an aggregate query, for Explore's logs sample: the
 * search part of an SLS or CLS SQL query run as a logs query over the same
 * logstore or topics, or the logs of the function an SCF metrics query charts.
 * A logs query is its own sample, and an SLS project SQL query names no
 * logstore, so neither has one.
 */
export function logsSampleQuery(query: CloudLogsQuery, service: Service): CloudLogsQuery | undefined {
  if (query.hide) {
    return undefined;
  }
  const refId = `${LOGS_SAMPLE_REF_PREFIX}${query.refId}`;
  if (service === 'sls') {
    if (effectiveSLSQueryType(query) !== 'slsSql' || !query.logstore) {
      return undefined;
    }
    const search = splitSearchAndSQL(query.query ?? '').search;
    return {
      refId,
      datasource: query.datasource,
      queryType: 'slsLogs',
      logstore: query.logstore,
      query: search || '*',
      topic: query.topic,
      limit: LOGS_SAMPLE_LIMIT,
      reverse: true,
    };
  }
  if (service === 'cls') {
    const topics = queryTopics(query);
    if (effectiveCLSQueryType(query) !== 'clsSql' || topics.length === 0) {
      return undefined;
    }
    const syntax = query.syntax ?? DEFAULT_CLS_SYNTAX;
    const search = splitSearchAndSQL(query.query ?? '', clsDialect(syntax)).search;
    return withTopics(
      {
        refId,
        datasource: query.datasource,
        queryType: 'clsLogs',
        query: search || '*',
        syntax,
        limit: LOGS_SAMPLE_LIMIT,
        sort: 'desc',
      },
      topics
    );
  }
  // The volume query an SCF logs query makes is itself scfMetrics: it has no sample.
  if (query.queryType !== 'scfMetrics' || !query.functionName || query.logVolume) {
    return undefined;
  }
  return {
    refId,
    datasource: query.datasource,
    queryType: 'scfLogs',
    functionName: query.functionName,
    namespace: query.namespace,
    qualifier: query.qualifier,
    limit: LOGS_SAMPLE_LIMIT,
    order: 'desc',
  };
}
