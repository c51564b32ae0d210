import { hasSQLPart } from './queryText';
import { CloudLogsOptions, CloudLogsQuery, SCFMetric } from './types';

/*
 * The backend applies every default itself (alert rules and provisioned
 * dashboards send raw JSON); these copies only let the editors show the
 * value that will be used. Keep them equal to pkg/slsservice and pkg/scfservice
 * (query.go) and pkg/settings.
 */
export const DEFAULT_SLS_QUERY_TEXT = '*';
export const DEFAULT_LIMIT = 1000;
export const DEFAULT_CONTEXT_LINES = 20;
export const MAX_CONTEXT_LINES = 100;
export const DEFAULT_NAMESPACE = 'default';
export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

export const ALL_SCF_METRICS: SCFMetric[] = [
  'invocations',
  'errors',
  'errorRate',
  'durationAvg',
  'durationP50',
  'durationP95',
  'durationP99',
  'durationMax',
  'billDuration',
  'memoryMax',
];

export const DEFAULT_SETTINGS = {
  timeoutSeconds: 30,
  maxRows: 10000,
  concurrency: 4,
  requestsPerSecond: 5,
  apiVersion: 'v3',
  namespace: DEFAULT_NAMESPACE,
  timezone: DEFAULT_TIMEZONE,
} as const satisfies Partial<CloudLogsOptions>;

export const DEFAULT_SLS_QUERY: Partial<CloudLogsQuery> = {
  queryType: 'slsLogs',
  query: DEFAULT_SLS_QUERY_TEXT,
  limit: DEFAULT_LIMIT,
  reverse: true,
  format: 'auto',
};

export const DEFAULT_SCF_QUERY: Partial<CloudLogsQuery> = {
  queryType: 'scfLogs',
  filter: { retCode: '' },
  orderBy: 'startTime',
  order: 'desc',
  limit: DEFAULT_LIMIT,
};

/**
 * The query type the backend infers when a query has none: a pipe inside a
 * phrase, an escaped pipe or an empty SQL part leave it a log search.
 */
export function effectiveSLSQueryType(query: CloudLogsQuery): CloudLogsQuery['queryType'] {
  if (query.queryType) {
    return query.queryType;
  }
  return hasSQLPart(query.query ?? '') ? 'slsSql' : 'slsLogs';
}
