import { ScopedVars } from '@grafana/data';

import { clsAnyOf, escapeCLSPhrase, escapeCLSTerm } from './clsEscape';
import { interpolateSQLValues, ReplaceFn, toValues } from './interpolation';
import { clsDialect, joinSearchSegments, searchSegments, SearchSegment, splitSearchAndSQLRaw } from './queryText';
import { CLSSyntax } from './types';

// A phrase holding nothing but one variable reference: `key:"$var"`.
const LONE_VARIABLE = /^(\$\w+|\$\{[^}]+\}|\[\[[^\]]+\]\])$/;

/** Outside phrases: one value as an escaped term, several as `("a" OR "b")`. */
function formatTerm(value: unknown, syntax: CLSSyntax): string {
  const values = toValues(value);
  return values.length === 1 ? escapeCLSTerm(values[0], syntax) : clsAnyOf(values, syntax);
}

/**
 * A phrase segment. `"$var"` with several values becomes `("a" OR "b")` in
 * place of the phrase, so `key:"$var"` works for single and multi values
 * alike; inside a longer phrase several values can only follow each other,
 * separated by spaces.
 */
function interpolatePhrase(
  segment: SearchSegment,
  closed: boolean,
  syntax: CLSSyntax,
  replace: ReplaceFn,
  scopedVars?: ScopedVars
): SearchSegment {
  const quote = segment.quote!;
  let group: string | undefined;
  const text = replace(segment.text, scopedVars, (value) => {
    const values = toValues(value);
    if (values.length > 1 && closed && LONE_VARIABLE.test(segment.text)) {
      group = clsAnyOf(values, syntax);
      return group;
    }
    return values.map((v) => escapeCLSPhrase(v, quote, syntax)).join(' ');
  });
  return group === undefined ? { text, quote } : { text };
}

/**
 * CLS search text: each variable is escaped for where it stands, bare or in
 * a phrase (`"…"`, and `'…'` in CQL), by the same phrase scan as the split,
 * so a value can neither end a phrase nor start the SQL part.
 */
export function interpolateCLSSearch(
  search: string,
  syntax: CLSSyntax,
  replace: ReplaceFn,
  scopedVars?: ScopedVars
): string {
  const segments = searchSegments(search, clsDialect(syntax));
  return joinSearchSegments(
    segments.map((segment, i) =>
      segment.quote
        ? interpolatePhrase(segment, i < segments.length - 1, syntax, replace, scopedVars)
        : { text: replace(segment.text, scopedVars, (v) => formatTerm(v, syntax)) }
    )
  );
}

/** Interpolates a CLS query: search rules before the pipe, SQL rules after it. */
export function interpolateCLSQuery(
  text: string,
  syntax: CLSSyntax,
  replace: ReplaceFn,
  scopedVars?: ScopedVars
): string {
  const { search, sql } = splitSearchAndSQLRaw(text, clsDialect(syntax));
  const searchPart = interpolateCLSSearch(search, syntax, replace, scopedVars);
  return sql === undefined ? searchPart : `${searchPart}|${interpolateSQLValues(sql, replace, scopedVars)}`;
}

/**
 * Topic ids with variables resolved; a multi-value variable stands for
 * several topics (ids have no commas, so a comma list is safe to split).
 */
export function interpolateTopics(topics: string[], replace: ReplaceFn, scopedVars?: ScopedVars): string[] {
  const ids = topics.flatMap((t) =>
    replace(t, scopedVars, (v) => toValues(v).join(','))
      .split(',')
      .map((id) => id.trim())
  );
  return Array.from(new Set(ids.filter(Boolean)));
}
