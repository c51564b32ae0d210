import { queryTopics } from './clsTopics';
import { effectiveCLSQueryType, effectiveSLSQueryType, isCLSQueryType, MAX_CLS_TOPICS } from './defaults';
import { clsDialect, hasSQLPart } from './queryText';
import { CloudLogsOptions, CloudLogsQuery } from './types';

/*
 * Messages shown under the editors before the query runs or the settings are
 * saved. The backend checks the same things (alert rules and provisioning
 * have no editor); this only saves a round trip.
 */

function limitProblems(limit: number | undefined): string[] {
  return limit !== undefined && (!Number.isInteger(limit) || limit <= 0)
    ? ['Limit must be a positive whole number.']
    : [];
}

export function validateSLSQuery(query: CloudLogsQuery): string[] {
  const problems: string[] = [];
  const type = effectiveSLSQueryType(query);
  const text = query.query ?? '';
  if (type === 'slsProjectSql') {
    if (!text.trim()) {
      problems.push('Write an SQL statement, e.g. SELECT count(*) FROM "nginx-access" WHERE $__timeFilter');
    } else if (!text.includes('$__timeFilter')) {
      problems.push('Project SQL needs $__timeFilter in its WHERE clause so the dashboard time range applies.');
    }
    return problems;
  }
  if (!query.logstore) {
    problems.push('Choose a logstore.');
  }
  // Same test as the backend's: `*|` or a pipe inside a phrase is no SQL part.
  if (type === 'slsSql' && !hasSQLPart(text)) {
    problems.push('An SQL query is "search | SQL", e.g. * | SELECT status, count(*) AS n GROUP BY status');
  }
  if (type === 'slsContext' && !query.packId) {
    problems.push('Log context needs a pack id and pack meta (open it from a log line in Explore).');
  }
  return [...problems, ...limitProblems(query.limit)];
}

export function validateCLSQuery(query: CloudLogsQuery): string[] {
  const type = effectiveCLSQueryType(query);
  if (!isCLSQueryType(type)) {
    return [`${type} is a query type of another service: choose a query type above.`];
  }
  if (type === 'clsContext') {
    return query.topicId && query.pkgId && query.pkgLogId !== undefined
      ? []
      : ['Log context needs a topic, package id and package log id (open it from a log line in Explore).'];
  }
  const problems: string[] = [];
  const topics = queryTopics(query);
  if (topics.length === 0) {
    problems.push('Choose a topic.');
  } else if (topics.length > MAX_CLS_TOPICS) {
    problems.push(`One query searches at most ${MAX_CLS_TOPICS} topics; ${topics.length} are chosen.`);
  }
  // The backend's split: a pipe inside a phrase, an escaped pipe or an empty part after it is no SQL.
  const hasSQL = hasSQLPart(query.query ?? '', clsDialect(query.syntax));
  if (type === 'clsSql' && !hasSQL) {
    problems.push('An SQL query is "search | SQL", e.g. * | SELECT status, count(*) AS n GROUP BY status');
  }
  if ((type === 'clsLogs' || type === 'clsHistogram') && hasSQL) {
    problems.push('The part after "|" is SQL: choose the SQL query type, or escape the pipe as \\| to search for it.');
  }
  if (type === 'clsHistogram' && topics.length > 1) {
    problems.push('A histogram counts one topic: keep one topic, or use SQL for counts across topics.');
  }
  return [...problems, ...limitProblems(query.limit)];
}

export function validateSCFQuery(query: CloudLogsQuery, apiVersion: 'v3' | 'v2'): string[] {
  const problems: string[] = [];
  if (apiVersion === 'v2' && !query.functionName) {
    problems.push('The legacy v2 API needs a function name: choose a function.');
  }
  return [...problems, ...limitProblems(query.limit)];
}

/** Whether an endpoint as typed is something the backend accepts: a host, host:port or an http(s) URL. */
function isEndpoint(text: string): boolean {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  try {
    const url = new URL(withScheme);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host !== '' && !url.username;
  } catch {
    return false;
  }
}

/** Settings the backend would refuse, said where they are edited. */
export function validateSettings(settings: CloudLogsOptions): string[] {
  const problems: string[] = [];
  if (settings.apiVersion === 'v2' && settings.logSource && settings.logSource !== 'getFunctionLogs') {
    problems.push('The legacy v2 API reads logs only with GetFunctionLogs: choose API 3.0 to read them from CLS.');
  }
  const endpoints: Array<[string, string | undefined]> = [
    ['Endpoint', settings.endpoint],
    ['CLS endpoint', settings.clsEndpoint],
  ];
  for (const [label, value] of endpoints) {
    if (value?.trim() && !isEndpoint(value.trim())) {
      problems.push(
        `${label} "${value}" is not a host or an http(s) URL, e.g. https://cls.ap-guangzhou.tencentcloudapi.com`
      );
    }
  }
  return problems;
}
