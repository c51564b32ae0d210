import { clsDialect, hasSQLPart } from './queryText';
import { CLSSyntax, CloudLogsOptions, CloudLogsQuery, SCFLogSource, SCFMetric, TencentRootDomain } from './types';

/*
 * The backend applies every default itself (alert rules and provisioned
 * dashboards send raw JSON); these copies only let the editors show the
 * value that will be used. Keep them equal to the services' query.go in pkg/
 * and pkg/settings.
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

export const DEFAULT_ROOT_DOMAIN: TencentRootDomain = 'tencentcloudapi.com';
export const DEFAULT_CLS_SYNTAX: CLSSyntax = 'cql';
/** Topics one CLS query may search at once (SearchLog's Topics). */
export const MAX_CLS_TOPICS = 50;
export const DEFAULT_CLS_CONTEXT_LINES = 10;
/** CLS allows 15 concurrent searches per topic, shared with the account's alarms and dashboards. */
export const MAX_TOPIC_CONCURRENCY = 15;
/** The backend's range of requestsPerSecond (pkg/settings): below 0.1 queries stall, above 1000 pacing is off in all but name. */
export const MIN_REQUESTS_PER_SECOND = 0.1;
export const MAX_REQUESTS_PER_SECOND = 1000;

export const DEFAULT_SETTINGS = {
  timeoutSeconds: 30,
  maxRows: 10000,
  concurrency: 16,
  requestsPerSecond: 5,
  topicConcurrency: 5,
  apiVersion: 'v3',
  namespace: DEFAULT_NAMESPACE,
  timezone: DEFAULT_TIMEZONE,
  rootDomain: DEFAULT_ROOT_DOMAIN,
} as const satisfies Partial<CloudLogsOptions>;

/** The SCF log source the backend uses: API 3.0 defaults to auto, the legacy v2 API knows only GetFunctionLogs. */
export function effectiveLogSource(settings: CloudLogsOptions): SCFLogSource {
  if (settings.apiVersion === 'v2') {
    return 'getFunctionLogs';
  }
  return settings.logSource ?? 'auto';
}

export const DEFAULT_SLS_QUERY: Partial<CloudLogsQuery> = {
  queryType: 'slsLogs',
  query: DEFAULT_SLS_QUERY_TEXT,
  limit: DEFAULT_LIMIT,
  reverse: true,
  format: 'auto',
};

export const DEFAULT_CLS_QUERY: Partial<CloudLogsQuery> = {
  queryType: 'clsLogs',
  query: DEFAULT_SLS_QUERY_TEXT,
  syntax: DEFAULT_CLS_SYNTAX,
  limit: DEFAULT_LIMIT,
  sort: 'desc',
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

const CLS_QUERY_TYPES: Array<CloudLogsQuery['queryType']> = ['clsLogs', 'clsSql', 'clsHistogram', 'clsContext'];

/* A query moved from another instance of this plugin keeps its JSON, type included. */
export const isCLSQueryType = (type: CloudLogsQuery['queryType']) => CLS_QUERY_TYPES.includes(type);

/** As for SLS, by the split rule of the query's syntax: an analytic part after the pipe makes a query clsSql. */
export function effectiveCLSQueryType(query: CloudLogsQuery): CloudLogsQuery['queryType'] {
  if (query.queryType) {
    return query.queryType;
  }
  return hasSQLPart(query.query ?? '', clsDialect(query.syntax)) ? 'clsSql' : 'clsLogs';
}
