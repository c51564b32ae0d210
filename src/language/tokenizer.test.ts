import { QueryDialect } from '../queryText';
import { queryTextVectorCases } from '../test/queryTextVectors';
import { tokenize, tokenizeLine, TokenizerState } from './tokenizer';

const kinds = (text: string, sql = false, dialect: QueryDialect = 'sls') =>
  tokenize(text, sql, dialect)
    .flat()
    .filter((t) => t.type !== 'white')
    .map((t) => `${t.type}:${t.text}`);

describe('SLS tokenizer', () => {
  it('classifies search syntax: fields, operators, phrases, keywords', () => {
    expect(kinds('status >= 500 and msg: "time out" not $host')).toEqual([
      'type:status',
      'operator:>=',
      'number:500',
      'keyword:and',
      'type:msg',
      'operator::',
      'string:"time out"',
      'keyword:not',
      'variable:$host',
    ]);
  });

  it('switches to SQL after the pipe', () => {
    expect(kinds("* | SELECT count(*) AS n WHERE host = 'a''b' GROUP BY status")).toEqual([
      'identifier:*',
      'delimiter:|',
      'keyword:SELECT',
      'predefined:count',
      'delimiter:(',
      'operator:*',
      'delimiter:)',
      'keyword:AS',
      'identifier:n',
      'keyword:WHERE',
      'identifier:host',
      'operator:=',
      "string:'a''b'",
      'keyword:GROUP',
      'keyword:BY',
      'identifier:status',
    ]);
  });

  it('treats project SQL as SQL from the start, with quoted names, macros and comments', () => {
    expect(kinds('SELECT "x-y" FROM "nginx-access" WHERE $__timeFilter -- range', true)).toEqual([
      'keyword:SELECT',
      'type:"x-y"',
      'keyword:FROM',
      'type:"nginx-access"',
      'keyword:WHERE',
      'variable:$__timeFilter',
      'comment:-- range',
    ]);
  });

  it('carries an open string and the SQL part to the next line', () => {
    const first = tokenizeLine("x | SELECT 'multi", { inSQL: false });
    expect(first.endState).toEqual({ inSQL: true, openQuote: "'" });
    const second = tokenizeLine("line' FROM t", first.endState);
    expect(second.tokens[0]).toEqual({ startIndex: 0, type: 'string', text: "line'" });
    expect(second.endState).toEqual({ inSQL: true });
  });

  it('covers every character with tokens in order', () => {
    const line = 'a:1 or b: "x" | select 1';
    const { tokens } = tokenizeLine(line, { inSQL: false });
    expect(tokens.map((t) => t.text).join('')).toBe(line);
    tokens.forEach((t, i) => i > 0 && expect(t.startIndex).toBeGreaterThan(tokens[i - 1].startIndex));
  });

  it('keeps an escaped pipe and a pipe inside a phrase in the search part', () => {
    expect(kinds('a \\| b and msg: "x|y"')).toEqual([
      'identifier:a',
      'identifier:\\|',
      'identifier:b',
      'keyword:and',
      'type:msg',
      'operator::',
      'string:"x|y"',
    ]);
  });

  it('carries an open phrase to the next line and splits after it closes', () => {
    const first = tokenizeLine('msg: "a', { inSQL: false });
    expect(first.endState).toEqual({ inSQL: false, openQuote: '"' });
    const second = tokenizeLine('| b" | select 1', first.endState);
    expect(second.tokens.slice(0, 3).map((t) => `${t.type}:${t.text}`)).toEqual([
      'string:| b"',
      'white: ',
      'delimiter:|',
    ]);
    expect(second.endState).toEqual({ inSQL: true });
  });
});

describe('CQL tokenizer', () => {
  it('reads single-quoted phrases, range keywords and CQL operators in the search part', () => {
    expect(kinds("msg:'a b' AND age:[20 TO 30] NOT level:info", false, 'cql')).toEqual([
      'type:msg',
      'operator::',
      "string:'a b'",
      'keyword:AND',
      'type:age',
      'operator::',
      'delimiter:[',
      'number:20',
      'keyword:TO',
      'number:30',
      'delimiter:]',
      'keyword:NOT',
      'type:level',
      'operator::',
      'identifier:info',
    ]);
  });

  it('carries an open single-quoted phrase to the next line', () => {
    const first = tokenizeLine("msg:'a", { inSQL: false }, 'cql');
    expect(first.endState).toEqual({ inSQL: false, openQuote: "'" });
    const second = tokenizeLine("|b\\' x' | select 1", first.endState, 'cql');
    expect(second.tokens[0]).toEqual({ startIndex: 0, type: 'string', text: "|b\\' x'" });
    expect(second.endState).toEqual({ inSQL: true });
  });
});

/** Where the highlighter switches to SQL: the text offset of its pipe delimiter, or -1. */
function highlighterPipe(text: string, dialect: QueryDialect = 'sls'): number {
  let state: TokenizerState = { inSQL: false };
  let offset = 0;
  for (const line of text.split('\n')) {
    const { tokens, endState } = tokenizeLine(line, state, dialect);
    expect(tokens.map((t) => t.text).join('')).toBe(line);
    const pipe = state.inSQL ? undefined : tokens.find((t) => t.type === 'delimiter' && t.text === '|');
    if (pipe) {
      return offset + pipe.startIndex;
    }
    state = endState;
    offset += line.length + 1;
  }
  return -1;
}

describe('the highlighter on the query text vectors shared with the Go tests', () => {
  it.each(queryTextVectorCases())('%s: switches to SQL at the splitting pipe', (_, v) => {
    const at = highlighterPipe(v.query);
    const search = (at < 0 ? v.query : v.query.slice(0, at)).trim();
    const sql = at < 0 ? null : v.query.slice(at + 1).trim();
    expect({ search, sql }).toEqual({ search: v.search, sql: v.sql });
  });
});

describe.each(['cql', 'lucene'] as const)('the highlighter on the %s query text vectors', (dialect) => {
  it.each(queryTextVectorCases(dialect))('%s: switches to SQL at the splitting pipe', (_, v) => {
    const at = highlighterPipe(v.query, dialect);
    const search = (at < 0 ? v.query : v.query.slice(0, at)).trim();
    const sql = at < 0 ? null : v.query.slice(at + 1).trim();
    expect({ search, sql }).toEqual({ search: v.search, sql: v.sql });
  });
});
