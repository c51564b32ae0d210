/*
 * A line tokenizer for SLS and CLS queries: search syntax before the first
 * pipe, SQL after it (or everywhere for SLS project SQL). It is a plain
 * function so jest can test it without Monaco; monacoLanguages.ts adapts it
 * to Monaco's TokensProvider.
 */

import { QueryDialect, scanSearchPart } from '../queryText';

export type TokenType =
  | 'white'
  | 'keyword'
  | 'predefined'
  | 'operator'
  | 'delimiter'
  | 'string'
  | 'number'
  | 'variable'
  | 'type'
  | 'identifier'
  | 'comment';

export interface Token {
  startIndex: number;
  type: TokenType;
  text: string;
}

export interface TokenizerState {
  inSQL: boolean;
  /** The quote character of a string still open at the end of the line. */
  openQuote?: '"' | "'";
}

// CLS ranges read `age:[20 TO 30]`.
export const SEARCH_KEYWORDS: Record<QueryDialect, string[]> = {
  sls: ['and', 'or', 'not'],
  cql: ['and', 'or', 'not', 'to'],
  lucene: ['and', 'or', 'not', 'to'],
};

export const SQL_KEYWORDS = [
  'select',
  'from',
  'where',
  'group',
  'by',
  'order',
  'limit',
  'offset',
  'as',
  'and',
  'or',
  'not',
  'in',
  'like',
  'between',
  'is',
  'null',
  'having',
  'case',
  'when',
  'then',
  'else',
  'end',
  'desc',
  'asc',
  'distinct',
  'join',
  'on',
  'left',
  'inner',
  'with',
  'union',
  'all',
  'true',
  'false',
];

export const SQL_FUNCTIONS = [
  'count',
  'sum',
  'avg',
  'min',
  'max',
  'approx_percentile',
  'approx_distinct',
  'date_trunc',
  'date_format',
  'from_unixtime',
  'to_unixtime',
  'histogram',
  'time_series',
  'cast',
  'round',
  'coalesce',
  'lower',
  'upper',
  'split_part',
  'regexp_extract',
  'json_extract_scalar',
];

// A reference never swallows a quote, backslash or pipe, which would hide them from the split.
const VARIABLE = /^(\$__\w+|\$\w+|\$\{[^}"'\\|]*\}|\[\[[^\]"'\\|]*\]\])/;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?\b/;
// A search term; a backslash-escaped character (`a\|b`, `\"`) is part of it.
const WORD = /^(?:[\w.\u0080-\uffff*?-]|\\.)+/;
const OPERATOR = /^(>=|<=|!=|<>|==|[<>=:+\-*/%])/;

function readString(line: string, from: number, quote: '"' | "'", inSQL: boolean): { end: number; closed: boolean } {
  for (let i = from; i < line.length; i++) {
    // Search phrases escape with a backslash; SQL strings double the quote.
    if (line[i] === '\\' && (quote === '"' || !inSQL)) {
      i++;
    } else if (line[i] === quote) {
      if (inSQL && quote === "'" && line[i + 1] === "'") {
        i++;
        continue;
      }
      return { end: i + 1, closed: true };
    }
  }
  return { end: line.length, closed: false };
}

/**
 * Tokenizes one line; the returned state carries an open string or the SQL
 * part to the next line. Where the search part ends, and whether a phrase is
 * still open after it, come from the shared scanner, so the highlighter
 * switches to SQL at the same pipe as the backend.
 */
export function tokenizeLine(
  line: string,
  state: TokenizerState,
  dialect: QueryDialect = 'sls'
): { tokens: Token[]; endState: TokenizerState } {
  if (state.inSQL) {
    const sql = tokenizeRange(line, 0, true, dialect, state.openQuote);
    return { tokens: sql.tokens, endState: { inSQL: true, openQuote: sql.openQuote } };
  }
  const { pipeAt, openQuote } = scanSearchPart(line, dialect, state.openQuote);
  if (pipeAt < 0) {
    const search = tokenizeRange(line, 0, false, dialect, state.openQuote);
    return { tokens: search.tokens, endState: { inSQL: false, openQuote } };
  }
  const search = tokenizeRange(line.slice(0, pipeAt), 0, false, dialect, state.openQuote);
  const pipe: Token = { startIndex: pipeAt, type: 'delimiter', text: '|' };
  const sql = tokenizeRange(line, pipeAt + 1, true, dialect);
  return { tokens: [...search.tokens, pipe, ...sql.tokens], endState: { inSQL: true, openQuote: sql.openQuote } };
}

/**
 * Tokenizes `text` from `from` on as search syntax or SQL, starting inside a
 * string when `openQuote` is set; returns the quote of a string left open.
 */
function tokenizeRange(
  text: string,
  from: number,
  inSQL: boolean,
  dialect: QueryDialect,
  openQuote?: '"' | "'"
): { tokens: Token[]; openQuote?: '"' | "'" } {
  // CQL has single-quoted phrases too; in SLS search and Lucene an apostrophe is text.
  const opensString = (c: string) => c === '"' || (c === "'" && (inSQL || dialect === 'cql'));
  const tokens: Token[] = [];
  let i = from;
  const push = (type: TokenType, end: number) => {
    tokens.push({ startIndex: i, type, text: text.slice(i, end) });
    i = end;
  };

  if (openQuote) {
    const { end, closed } = readString(text, i, openQuote, inSQL);
    push(inSQL && openQuote === '"' ? 'type' : 'string', end);
    if (!closed) {
      return { tokens, openQuote };
    }
  }

  while (i < text.length) {
    const rest = text.slice(i);
    const c = text[i];
    let m: RegExpMatchArray | null;

    if (/\s/.test(c)) {
      push('white', i + (rest.match(/^\s+/)?.[0].length ?? 1));
    } else if (opensString(c)) {
      const quote = c as '"' | "'";
      const { end, closed } = readString(text, i + 1, quote, inSQL);
      // In SQL double quotes name a column; in search they quote a phrase.
      push(inSQL && quote === '"' ? 'type' : 'string', end);
      if (!closed) {
        return { tokens, openQuote: quote };
      }
    } else if (inSQL && rest.startsWith('--')) {
      push('comment', text.length);
    } else if ((m = rest.match(VARIABLE))) {
      push('variable', i + m[0].length);
    } else if ((m = rest.match(NUMBER)) && !/[\w]/.test(text[i - 1] ?? '')) {
      push('number', i + m[0].length);
    } else if ('(),;[]'.includes(c)) {
      push('delimiter', i + 1);
    } else if ((m = rest.match(inSQL ? /^\w+/ : WORD))) {
      push(classifyWord(m[0], inSQL, dialect, text.slice(i + m[0].length)), i + m[0].length);
    } else if ((m = rest.match(OPERATOR))) {
      push('operator', i + m[0].length);
    } else {
      push('identifier', i + 1);
    }
  }
  return { tokens };
}

function classifyWord(word: string, inSQL: boolean, dialect: QueryDialect, after: string): TokenType {
  const lower = word.toLowerCase();
  if (inSQL) {
    if (SQL_KEYWORDS.includes(lower)) {
      return 'keyword';
    }
    if (SQL_FUNCTIONS.includes(lower) && /^\s*\(/.test(after)) {
      return 'predefined';
    }
    return 'identifier';
  }
  if (SEARCH_KEYWORDS[dialect].includes(lower)) {
    return 'keyword';
  }
  // `key: value` or `key > 3`: the word names a field.
  if (/^\s*(:|>=|<=|>|<|=|in\s)/i.test(after)) {
    return 'type';
  }
  return 'identifier';
}

/** Tokenizes a whole text, for tests and for code that wants every token. */
export function tokenize(text: string, wholeTextIsSQL = false, dialect: QueryDialect = 'sls'): Token[][] {
  let state: TokenizerState = { inSQL: wholeTextIsSQL };
  return text.split('\n').map((line) => {
    const { tokens, endState } = tokenizeLine(line, state, dialect);
    state = endState;
    return tokens;
  });
}
