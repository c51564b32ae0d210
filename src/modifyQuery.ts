import { QueryFixAction } from '@grafana/data';

import { modifyCLSQuery } from './clsLabelFilter';
import { escapeSearchValue } from './interpolation';
import { splitSearchAndSQLRaw } from './queryText';
import { CloudLogsQuery, RetCodeFilter, Service } from './types';

export const SUPPORTED_MODIFICATIONS = ['ADD_FILTER', 'ADD_FILTER_OUT'];

/** SLS search keys with characters outside a plain term are written quoted. */
function searchKey(key: string): string {
  return /^[\w.\u0080-\uffff-]+$/.test(key) ? key : `"${escapeSearchValue(key)}"`;
}

/** Adds `and key: "value"` (or `not key: "value"`) to the search part, keeping any SQL after the pipe. */
export function addSLSFilter(text: string, key: string, value: string, exclude: boolean): string {
  // The SQL part goes back exactly as written, line breaks and all.
  const { search, sql } = splitSearchAndSQLRaw(text);
  const condition = `${searchKey(key)}: "${escapeSearchValue(value)}"`;
  const base = search.trim();
  let next: string;
  if (base === '' || base === '*') {
    next = exclude ? `* not ${condition}` : condition;
  } else {
    next = `${base} ${exclude ? 'not' : 'and'} ${condition}`;
  }
  return sql === undefined ? next : `${next} |${sql}`;
}

/*
 * SCF can only filter invocations by "retCode is 0" or "is not 0", so a
 * filter on another code keeps all failures and filtering one out keeps the
 * successes.
 */
function retCodeFilter(value: string, exclude: boolean): RetCodeFilter {
  const isZero = value.trim() === '0';
  return isZero !== exclude ? 'is0' : 'not0';
}

function modifySCFQuery(query: CloudLogsQuery, key: string, value: string, exclude: boolean): CloudLogsQuery {
  switch (key) {
    case 'retCode':
      return { ...query, filter: { ...query.filter, retCode: retCodeFilter(value, exclude) } };
    case 'requestId':
      return exclude ? query : { ...query, requestId: value };
    case 'functionName':
      return exclude ? query : { ...query, functionName: value };
    case 'namespace':
      return exclude ? query : { ...query, namespace: value };
    default:
      // GetFunctionLogs has no filter for other labels.
      return query;
  }
}

/** Explore's "filter for / filter out value" on a log line's label. */
export function modifyQuery(query: CloudLogsQuery, action: QueryFixAction, service: Service): CloudLogsQuery {
  const key = action.options?.key;
  const value = action.options?.value;
  if (!SUPPORTED_MODIFICATIONS.includes(action.type) || key === undefined || value === undefined) {
    return query;
  }
  const exclude = action.type === 'ADD_FILTER_OUT';
  if (service === 'scf') {
    return modifySCFQuery(query, key, value, exclude);
  }
  if (service === 'cls') {
    return modifyCLSQuery(query, key, value, exclude);
  }
  if (query.queryType === 'slsProjectSql') {
    return query;
  }
  return { ...query, query: addSLSFilter(query.query ?? '*', key, value, exclude) };
}
