import { effectiveSLSQueryType } from './defaults';
import { hasSQLPart } from './queryText';
import { CloudLogsQuery } from './types';

/*
 * Messages shown under the editor before the query runs. The backend checks
 * the same things (alert rules have no editor); this only saves a round trip.
 */
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
  if (query.limit !== undefined && (!Number.isInteger(query.limit) || query.limit <= 0)) {
    problems.push('Limit must be a positive whole number.');
  }
  return problems;
}

export function validateSCFQuery(query: CloudLogsQuery, apiVersion: 'v3' | 'v2'): string[] {
  const problems: string[] = [];
  if (apiVersion === 'v2' && !query.functionName) {
    problems.push('The legacy v2 API needs a function name: choose a function.');
  }
  if (query.limit !== undefined && (!Number.isInteger(query.limit) || query.limit <= 0)) {
    problems.push('Limit must be a positive whole number.');
  }
  return problems;
}
