import { QueryFixAction } from '@grafana/data';

import { modifyCLSQuery } from './clsLabelFilter';
import { escapeSearchValue } from './interpolation';
import { addCondition, SearchLanguage, topLevelTerms } from './searchFilters';
import { AdhocFilter, CloudLogsQuery, Service } from './types';

/** Explore's query modifications: filter for / out a label's value, or a string in the line. */
export const SUPPORTED_MODIFICATIONS = ['ADD_FILTER', 'ADD_FILTER_OUT', 'ADD_STRING_FILTER', 'ADD_STRING_FILTER_OUT'];
/** SCF filters by its query fields only: no full-text search. */
export const SCF_MODIFICATIONS = ['ADD_FILTER', 'ADD_FILTER_OUT'];

/** SLS search keys with characters outside a plain term are written quoted. */
function searchKey(key: string): string {
  return /^[\w.\u0080-\uffff-]+$/.test(key) ? key : `"${escapeSearchValue(key)}"`;
}

/*
 * SLS binds `and` tighter than `not`, and `not` tighter than `or`: a search
 * with either at its top level is grouped before a condition joins it.
 */
export const SLS_LANGUAGE: SearchLanguage = {
  dialect: 'sls',
  and: ' and ',
  andNot: ' not ',
  aloneNot: '* not ',
  bindsLooser: (search) => topLevelTerms(search, 'sls').some((t) => /^(or|not)$/i.test(t)),
};

/** The condition a label filter writes: `key: "value"`, or the phrase alone for a line filter. */
export function slsCondition(key: string | undefined, value: string): string {
  const phrase = `"${escapeSearchValue(value)}"`;
  return key === undefined ? phrase : `${searchKey(key)}: ${phrase}`;
}

/** Adds `and key: "value"` (or `not key: "value"`) to the search part, keeping any SQL after the pipe. */
export function addSLSFilter(text: string, key: string | undefined, value: string, exclude: boolean): string {
  return addCondition(text, slsCondition(key, value), exclude, SLS_LANGUAGE);
}

/*
 * SCF filters invocations by "retCode is 0" or "is not 0" only, so a filter
 * for another code keeps all failures, and filtering one out keeps the
 * successes.
 */
export function scfLabelFilter(key: string, value: string, exclude: boolean): AdhocFilter | undefined {
  if (key === 'retCode') {
    const isZero = value.trim() === '0';
    return { key, operator: isZero !== exclude ? '=' : '!=', value: '0' };
  }
  // SCF cannot leave one function, namespace, version or request out.
  return ['functionName', 'namespace', 'qualifier', 'requestId'].includes(key) && !exclude
    ? { key, operator: '=', value }
    : undefined;
}

const sameFilter = (a: AdhocFilter, b: AdhocFilter) =>
  a.key === b.key && a.operator === b.operator && a.value === b.value;

/** An SCF query's own filters (the backend applies them as it applies a dashboard's). */
export function withSCFFilter(query: CloudLogsQuery, filter: AdhocFilter, on: boolean): CloudLogsQuery {
  const rest = (query.adhocFilters ?? []).filter((f) => !sameFilter(f, filter));
  const next = on ? [...rest, filter] : rest;
  const { adhocFilters: _, ...withoutFilters } = query;
  return next.length ? { ...withoutFilters, adhocFilters: next } : withoutFilters;
}

export function scfHasFilter(query: CloudLogsQuery, filter: AdhocFilter): boolean {
  return (query.adhocFilters ?? []).some((f) => sameFilter(f, filter));
}

/** Explore's "filter for / filter out value" on a log line's label, or a string in its line. */
export function modifyQuery(query: CloudLogsQuery, action: QueryFixAction, service: Service): CloudLogsQuery {
  const stringFilter = action.type === 'ADD_STRING_FILTER' || action.type === 'ADD_STRING_FILTER_OUT';
  const key = stringFilter ? undefined : action.options?.key;
  const value = action.options?.value;
  if (!SUPPORTED_MODIFICATIONS.includes(action.type) || value === undefined || (!stringFilter && key === undefined)) {
    return query;
  }
  const exclude = action.type.endsWith('_OUT');
  if (service === 'scf') {
    const filter = key === undefined ? undefined : scfLabelFilter(key, value, exclude);
    return filter && !scfHasFilter(query, filter) ? withSCFFilter(query, filter, true) : query;
  }
  if (service === 'cls') {
    return modifyCLSQuery(query, key, value, exclude);
  }
  if (query.queryType === 'slsProjectSql') {
    return query;
  }
  return { ...query, query: addSLSFilter(query.query ?? '*', key, value, exclude) };
}
