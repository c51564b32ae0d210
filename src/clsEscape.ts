import { PhraseQuote, QueryDialect } from './queryText';
import { CLSSyntax } from './types';

/*
 * Writing a value into CLS search text so it means only itself (CLS.md 2.4).
 * Outside phrases a backslash escapes space, `:`, `"`, `'` and `*` in CQL;
 * parentheses and the pipe are escaped too, as a value must neither regroup
 * the condition nor start the SQL part. Lucene has its longer list of
 * special characters. Inside a phrase only the backslash, the phrase's quote
 * and, in CQL where wildcards work inside phrases, `*` need it.
 */
const CQL_TERM_SPECIALS = /[\\"':*()|\s]/g;
const LUCENE_TERM_SPECIALS = /[\\"':*()|\s+\-&!{}[\]^~?/]/g;

const backslashed = (c: string) => `\\${c}`;

/** A value written as a bare term: `key:<value>`. */
export function escapeCLSTerm(value: string, syntax: CLSSyntax = 'cql'): string {
  return value.replace(syntax === 'lucene' ? LUCENE_TERM_SPECIALS : CQL_TERM_SPECIALS, backslashed);
}

/** A value written inside a phrase quoted with `quote`. */
export function escapeCLSPhrase(value: string, quote: PhraseQuote = '"', syntax: CLSSyntax = 'cql'): string {
  const specials = syntax === 'lucene' ? ['\\', quote] : ['\\', quote, '*'];
  return Array.from(value, (c) => (specials.includes(c) ? backslashed(c) : c)).join('');
}

/** A field name as a search key; CLS has no quoted keys, so odd characters are escaped. */
export function clsSearchKey(key: string, syntax: CLSSyntax | QueryDialect = 'cql'): string {
  return escapeCLSTerm(key, syntax === 'lucene' ? 'lucene' : 'cql');
}

/** Several values as one condition: `("a" OR "b")`, upper case as Lucene requires. */
export function clsAnyOf(values: string[], syntax: CLSSyntax = 'cql'): string {
  return `(${values.map((v) => `"${escapeCLSPhrase(v, '"', syntax)}"`).join(' OR ')})`;
}
