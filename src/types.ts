import { DataSourceJsonData } from '@grafana/data';
import { DataQuery } from '@grafana/schema';

/** Which cloud one data source instance talks to; set once in the config editor. */
export type Service = 'sls' | 'scf';

export type SLSQueryType = 'slsLogs' | 'slsSql' | 'slsProjectSql' | 'slsHistogram' | 'slsContext';
export type SCFQueryType = 'scfLogs' | 'scfInvocations' | 'scfMetrics';
export type QueryType = SLSQueryType | SCFQueryType;

export type SLSFormat = 'auto' | 'logs' | 'table' | 'timeSeries';
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

  // both
  limit?: number;
  logVolume?: boolean;
}

export interface CloudLogsOptions extends DataSourceJsonData {
  service?: Service;
  endpoint?: string;
  timeoutSeconds?: number;
  maxRows?: number;
  concurrency?: number;

  // SLS
  project?: string;
  accessKeyId?: string;

  // SCF
  apiVersion?: 'v3' | 'v2';
  region?: string;
  namespace?: string;
  secretId?: string;
  timezone?: string;
  requestsPerSecond?: number;
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
