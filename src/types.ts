import { DataSourceJsonData } from '@grafana/data';
import { DataQuery } from '@grafana/schema';

/** Which cloud one data source instance talks to; set once in the config editor. */
export type Service = 'sls' | 'scf' | 'cls';

export type SLSQueryType = 'slsLogs' | 'slsSql' | 'slsProjectSql' | 'slsHistogram' | 'slsContext';
export type SCFQueryType = 'scfLogs' | 'scfInvocations' | 'scfMetrics';
export type CLSQueryType = 'clsLogs' | 'clsSql' | 'clsHistogram' | 'clsContext';
export type QueryType = SLSQueryType | SCFQueryType | CLSQueryType;

/** Result shape of an SQL query (SLS and CLS alike). */
export type SLSFormat = 'auto' | 'logs' | 'table' | 'timeSeries';
/** The search language of a CLS query; CQL is the console's and the backend's default. */
export type CLSSyntax = 'cql' | 'lucene';
export type RetCodeFilter = '' | 'not0' | 'is0';
export type SCFOrderBy = 'startTime' | 'functionName' | 'requestId' | 'duration' | 'memUsage';
export type SortOrder = 'desc' | 'asc';
export type SCFMetric =
  | 'invocations'
  | 'errors'
  | 'errorRate'
  | 'durationAvg'
  | 'durationP50'
  | 'durationP95'
  | 'durationP99'
  | 'durationMax'
  | 'billDuration'
  | 'memoryMax';

/**
 * One panel query. Both services share the type so a dashboard JSON stays
 * one shape; the backend reads only the keys of the query's service.
 */
export interface CloudLogsQuery extends DataQuery {
  queryType?: QueryType;

  // SLS
  logstore?: string;
  query?: string;
  topic?: string;
  offset?: number;
  reverse?: boolean;
  format?: SLSFormat;
  timeField?: string;
  valueFields?: string[];
  legendFormat?: string;
  packId?: string;
  packMeta?: string;
  backLines?: number;
  forwardLines?: number;

  // SCF
  functionName?: string;
  namespace?: string;
  qualifier?: string;
  filter?: { retCode?: RetCodeFilter };
  orderBy?: SCFOrderBy;
  order?: SortOrder;
  requestId?: string;
  metrics?: SCFMetric[];

  // CLS (format, timeField, valueFields, legendFormat and query as for SLS)
  topicId?: string;
  /** Several topics searched as one (up to 50); each line is labelled with its topic. */
  topicIds?: string[];
  syntax?: CLSSyntax;
  sort?: SortOrder;
  pkgId?: string;
  pkgLogId?: number;
  /** The log line's time, Unix ms (clsContext). */
  time?: number;
  prevLogs?: number;
  nextLogs?: number;

  // all services
  limit?: number;
  /**
   * Filters the backend applies in the service's own query language: a
   * dashboard's ad-hoc filters (added per request) and, for SCF, the
   * filters Explore's log details buttons toggle.
   */
  adhocFilters?: AdhocFilter[];
  logVolume?: boolean;
}

/** One ad-hoc filter as the backend reads it (`=`, `!=`, `=~`, `!~`). */
export interface AdhocFilter {
  key: string;
  operator: string;
  value: string;
}

/** Where an SCF data source reads function logs from. */
export type SCFLogSource = 'auto' | 'cls' | 'getFunctionLogs';
/** Tencent Cloud API root domains: a service's host is <service>.<rootDomain>. */
export type TencentRootDomain = 'tencentcloudapi.com' | 'intl.tencentcloudapi.com' | 'internal.tencentcloudapi.com';

export interface CloudLogsOptions extends DataSourceJsonData {
  service?: Service;
  endpoint?: string;
  timeoutSeconds?: number;
  maxRows?: number;
  concurrency?: number;
  /** Grafana's standard setting: the endpoint's certificate is not verified (off by default). */
  tlsSkipVerify?: boolean;
  /** Alert rules evaluate partial answers instead of failing (off by default). */
  alertsAcceptPartial?: boolean;
  /** Values taken from each log line, shown with a link; absent: the service's defaults, []: none. */
  derivedFields?: DerivedFieldConfig[];

  // SLS
  project?: string;
  accessKeyId?: string;

  // SCF and CLS
  region?: string;
  secretId?: string;
  rootDomain?: TencentRootDomain;
  /** Concurrent CLS searches per topic from this Grafana server. */
  topicConcurrency?: number;

  // SCF
  apiVersion?: 'v3' | 'v2';
  namespace?: string;
  timezone?: string;
  requestsPerSecond?: number;
  logSource?: SCFLogSource;
  clsEndpoint?: string;

  // Role assumption (every service): the keys above only ask the vendor's
  // STS for temporary keys of this role, renewed before they expire.
  roleArn?: string;
  roleSessionName?: string;
  externalId?: string;
  policy?: string;
  stsEndpoint?: string;
  roleDurationSeconds?: number;
}

/** Where a derived field's value comes from: a regex on the line, or a label. */
export type DerivedFieldMatcher = 'regex' | 'label';

/** One derived field, applied by the backend to every logs frame. */
export interface DerivedFieldConfig {
  name: string;
  matcherType?: DerivedFieldMatcher;
  /** A regex with one capture group (RE2), or the label's name. */
  matcherRegex: string;
  /** The link's URL, or with datasourceUid the query in that data source; ${__value.raw} is the value. */
  url?: string;
  urlDisplayLabel?: string;
  /** Makes the link internal: Explore opens this data source with url as its query. */
  datasourceUid?: string;
}

/** Values Grafana stores encrypted and never sends back to the browser. */
export interface CloudLogsSecureJsonData {
  accessKeySecret?: string;
  securityToken?: string;
  secretKey?: string;
  sessionToken?: string;
}

/** Look-up results of the backend's resource endpoints. */
export interface SCFNamespace {
  name: string;
  description?: string;
}
export interface SCFFunction {
  name: string;
  namespace: string;
  runtime?: string;
  status?: string;
  description?: string;
}
export interface SLSField {
  name: string;
  type: string;
}
export interface SLSFieldValue {
  value: string;
  count: number;
}

export interface CLSLogset {
  logsetId: string;
  logsetName: string;
  topicCount?: number;
}
export interface CLSTopic {
  topicId: string;
  topicName: string;
  logsetId?: string;
  /** Whether the topic has an index (without one it cannot be searched). */
  index?: boolean;
  /** Retention in days. */
  period?: number;
}
export interface CLSField {
  name: string;
  type: 'text' | 'long' | 'double' | string;
  /** Whether statistics are on for the field, so SQL can use it. */
  sql?: boolean;
}
