import { QueryFilterOptions, ToggleFilterAction } from '@grafana/data';

import { clsCondition, clsLanguage } from './clsLabelFilter';
import { SLS_LANGUAGE, scfHasFilter, scfLabelFilter, slsCondition, withSCFFilter } from './modifyQuery';
import { addCondition, hasCondition, removeCondition, SearchLanguage } from './searchFilters';
import { CloudLogsQuery, Service } from './types';

/*
 * Explore's log details buttons: whether a label filter is on, and turning
 * it on or off. Filtering for a value that is filtered out swaps the one for
 * the other; pressing a button twice gives back the query as it was.
 */

interface TextFilter {
  text: string;
  condition: string;
  lang: SearchLanguage;
}

/** The query text and the condition a filter writes in it; undefined where the query has no search. */
function textFilter(query: CloudLogsQuery, service: Service, key: string, value: string): TextFilter | undefined {
  if (service === 'cls') {
    return query.queryType === 'clsContext'
      ? undefined
      : {
          text: query.query ?? '*',
          condition: clsCondition(key, value, query.syntax),
          lang: clsLanguage(query.syntax),
        };
  }
  if (service === 'sls' && query.queryType !== 'slsProjectSql' && query.queryType !== 'slsContext') {
    return { text: query.query ?? '*', condition: slsCondition(key, value), lang: SLS_LANGUAGE };
  }
  return undefined;
}

export function queryHasFilter(query: CloudLogsQuery, filter: QueryFilterOptions, service: Service): boolean {
  const negate = filter.type === 'FILTER_OUT';
  if (service === 'scf') {
    const f = scfLabelFilter(filter.key, filter.value, negate);
    return f !== undefined && scfHasFilter(query, f);
  }
  const t = textFilter(query, service, filter.key, filter.value);
  return t !== undefined && hasCondition(t.text, t.condition, negate, t.lang);
}

export function toggleQueryFilter(query: CloudLogsQuery, action: ToggleFilterAction, service: Service): CloudLogsQuery {
  const { key, value } = action.options;
  const out = action.type === 'FILTER_OUT';
  if (service === 'scf') {
    const wanted = scfLabelFilter(key, value, out);
    if (!wanted) {
      return query;
    }
    if (scfHasFilter(query, wanted)) {
      return withSCFFilter(query, wanted, false);
    }
    const opposite = scfLabelFilter(key, value, !out);
    const cleared = opposite ? withSCFFilter(query, opposite, false) : query;
    return withSCFFilter(cleared, wanted, true);
  }
  const t = textFilter(query, service, key, value);
  if (!t) {
    return query;
  }
  if (hasCondition(t.text, t.condition, out, t.lang)) {
    return { ...query, query: removeCondition(t.text, t.condition, out, t.lang) };
  }
  const cleared = hasCondition(t.text, t.condition, !out, t.lang)
    ? removeCondition(t.text, t.condition, !out, t.lang)
    : t.text;
  return { ...query, query: addCondition(cleared, t.condition, out, t.lang) };
}
