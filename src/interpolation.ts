import { ScopedVars } from '@grafana/data';

import { splitSearchAndSQLRaw } from './queryText';

/** The part of TemplateSrv.replace the interpolation needs, so tests can pass a fake. */
export type ReplaceFn = (
  target: string,
  scopedVars?: ScopedVars,
  format?: string | ((value: unknown, variable?: unknown) => string)
) => string;

/*
 * Macros belong to the backend, which expands them with the query's own time
 * range and interval. Grafana would otherwise replace $__interval from the
 * panel's scoped vars and leave SQL like `% 1m`.
 */
const MACRO_PATTERN = /\$__(timeFilter|timeFrom|timeTo|interval_s|interval_ms|interval)\b/g;

// A variable reference in any of Grafana's three syntaxes.
const VARIABLE_REF = String.raw`(\$\w+|\$\{[^}]+\}|\[\[[^\]]+\]\])`;
const IN_LIST = new RegExp(String.raw`\bin\s*\(\s*` + VARIABLE_REF + String.raw`\s*\)`, 'gi');
const IN_BARE = new RegExp(String.raw`\bin\s+` + VARIABLE_REF, 'gi');

/** A variable's value as a list: one entry for a single value. */
export function toValues(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.map((v) => String(v));
  }
  return [String(value ?? '')];
}

/** Backslash-escapes what ends or breaks a quoted phrase in SLS search syntax. */
export function escapeSearchValue(value: string): string {
  return value.replace(/[\\"]/g, (c) => `\\${c}`);
}

/**
 * Search context: one value is escaped for use inside the user's own quotes
 * (`status: "$status"`); several become `("a" or "b")`.
 */
export function formatSearchValue(value: unknown): string {
  const values = toValues(value);
  if (values.length === 1) {
    return escapeSearchValue(values[0]);
  }
  return `(${values.map((v) => `"${escapeSearchValue(v)}"`).join(' or ')})`;
}

/** SQL string literal content: a single quote is written twice. */
export function escapeSQLString(value: string): string {
  return value.replace(/'/g, "''");
}

/** SQL context: one value escaped for the user's own quotes, several as a quoted list. */
export function formatSQLValue(value: unknown): string {
  const values = toValues(value);
  if (values.length === 1) {
    return escapeSQLString(values[0]);
  }
  return formatSQLList(values);
}

/** Always a quoted list, for `x IN ($var)` whatever the number of values. */
export function formatSQLList(value: unknown): string {
  return toValues(value)
    .map((v) => `'${escapeSQLString(v)}'`)
    .join(',');
}

function withMacrosProtected(text: string, interpolate: (text: string) => string): string {
  const macros: string[] = [];
  const hidden = text.replace(MACRO_PATTERN, (macro) => {
    macros.push(macro);
    return `\u0000${macros.length - 1}\u0000`;
  });
  return interpolate(hidden).replace(/\u0000(\d+)\u0000/g, (_, i) => macros[Number(i)]);
}

/**
 * The SQL rules alone. CLS uses them as they are: its backend expands no
 * macros, so Grafana's own $__interval (e.g. `1m`, as CLS's time_series
 * takes it) and $__interval_ms apply there.
 */
export function interpolateSQLValues(sql: string, replace: ReplaceFn, scopedVars?: ScopedVars): string {
  const lists = (_: string, ref: string) => `IN (${replace(ref, scopedVars, formatSQLList)})`;
  const withLists = sql.replace(IN_LIST, lists).replace(IN_BARE, lists);
  return replace(withLists, scopedVars, formatSQLValue);
}

/** SLS SQL: the SQL rules with the backend's macros left for the backend. */
export function interpolateSQL(text: string, replace: ReplaceFn, scopedVars?: ScopedVars): string {
  return withMacrosProtected(text, (sql) => interpolateSQLValues(sql, replace, scopedVars));
}

export function interpolateSearch(text: string, replace: ReplaceFn, scopedVars?: ScopedVars): string {
  return withMacrosProtected(text, (search) => replace(search, scopedVars, formatSearchValue));
}

/** Interpolates an SLS query: search rules before the pipe, SQL rules after it. */
export function interpolateSLSQuery(
  text: string,
  wholeTextIsSQL: boolean,
  replace: ReplaceFn,
  scopedVars?: ScopedVars
): string {
  if (wholeTextIsSQL) {
    return interpolateSQL(text, replace, scopedVars);
  }
  // The raw parts keep the user's blanks around the pipe in the sent text.
  const { search, sql } = splitSearchAndSQLRaw(text);
  const searchPart = interpolateSearch(search, replace, scopedVars);
  return sql === undefined ? searchPart : `${searchPart}|${interpolateSQL(sql, replace, scopedVars)}`;
}
