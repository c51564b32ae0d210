import { clsSearchKey } from '../clsEscape';
import { QueryDialect, splitSearchAndSQL } from '../queryText';
import { SQL_FUNCTIONS, SQL_KEYWORDS } from './tokenizer';

export type CompletionKind = 'field' | 'macro' | 'keyword' | 'function' | 'variable' | 'operator';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  insertText: string;
  detail?: string;
}

export interface CompletionContext {
  /** `sql: false` (CLS: statistics off) keeps a field out of the SQL part. */
  fields: Array<{ name: string; type?: string; sql?: boolean }>;
  /** Dashboard variable names without the `$`. */
  variables: string[];
  wholeTextIsSQL: boolean;
  dialect?: QueryDialect;
}

export const MACROS: Array<{ name: string; detail: string }> = [
  { name: '$__timeFilter', detail: 'time condition on __time__ for the dashboard range (required by project SQL)' },
  { name: '$__timeFrom', detail: 'start of the dashboard range, Unix seconds' },
  { name: '$__timeTo', detail: 'end of the dashboard range, Unix seconds' },
  { name: '$__interval', detail: 'the panel interval, e.g. 1m' },
  { name: '$__interval_s', detail: 'the panel interval in seconds' },
];

/* CLS Lucene reads only upper-case operators (lower case is text); CQL takes both. */
const SEARCH_OPERATORS: Record<QueryDialect, string[]> = {
  sls: ['and', 'or', 'not'],
  cql: ['AND', 'OR', 'NOT'],
  lucene: ['AND', 'OR', 'NOT'],
};

function searchKey(name: string, dialect: QueryDialect): string {
  return dialect === 'sls' ? `${slsSearchKey(name)}: ` : `${clsSearchKey(name, dialect)}:`;
}

/** The text being typed at the cursor, including a leading `$`. */
export function currentPrefix(textBeforeCursor: string): string {
  return textBeforeCursor.match(/[$\w.]*$/)?.[0] ?? '';
}

/** SQL column names with anything but letters, digits and `_` need double quotes. */
export function sqlFieldName(name: string): string {
  return /^[A-Za-z_]\w*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** A field name as an SLS search key: names that are not plain terms are quoted. */
function slsSearchKey(name: string): string {
  return /^[\w.\u0080-\uffff-]+$/.test(name) ? name : `"${name.replace(/"/g, '\\"')}"`;
}

/**
 * Suggestions for the cursor position: in the search part fields complete to
 * `field: ` (CLS: `field:`), in the SQL part to column names; macros and SQL
 * words only after the pipe, variables everywhere. Monaco filters by the
 * typed prefix. The macros are the SLS backend's; CLS has none.
 */
export function getCompletionItems(textBeforeCursor: string, ctx: CompletionContext): CompletionItem[] {
  const dialect = ctx.dialect ?? 'sls';
  const inSQL = ctx.wholeTextIsSQL || splitSearchAndSQL(textBeforeCursor, dialect).sql !== undefined;
  const items: CompletionItem[] = [];

  for (const field of ctx.fields) {
    if (inSQL && field.sql === false) {
      continue;
    }
    items.push({
      label: field.name,
      kind: 'field',
      insertText: inSQL ? sqlFieldName(field.name) : searchKey(field.name, dialect),
      detail: field.type,
    });
  }
  if (inSQL) {
    if (dialect === 'sls') {
      for (const macro of MACROS) {
        items.push({ label: macro.name, kind: 'macro', insertText: macro.name, detail: macro.detail });
      }
    }
    for (const word of SQL_KEYWORDS) {
      items.push({ label: word.toUpperCase(), kind: 'keyword', insertText: word.toUpperCase() });
    }
    for (const fn of SQL_FUNCTIONS) {
      items.push({ label: fn, kind: 'function', insertText: `${fn}(` });
    }
  } else {
    for (const op of SEARCH_OPERATORS[dialect]) {
      items.push({ label: op, kind: 'operator', insertText: `${op} ` });
    }
  }
  for (const name of ctx.variables) {
    items.push({ label: `$${name}`, kind: 'variable', insertText: `$${name}`, detail: 'dashboard variable' });
  }
  return items;
}
