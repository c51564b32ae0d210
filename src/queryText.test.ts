import { effectiveCLSQueryType, effectiveSLSQueryType } from './defaults';
import {
  hasSQLPart,
  joinSearchSegments,
  scanSearchPart,
  searchSegments,
  splitSearchAndSQL,
  splitSearchAndSQLRaw,
} from './queryText';
import { queryTextVectorCases } from './test/queryTextVectors';

describe('query text vectors shared with the Go tests', () => {
  const cases = queryTextVectorCases();

  it.each(cases)('%s: splits into search and SQL', (_, v) => {
    const expected = v.sql === null ? { search: v.search } : { search: v.search, sql: v.sql };
    expect(splitSearchAndSQL(v.query)).toStrictEqual(expected);
  });

  it.each(cases)('%s: infers the query type', (_, v) => {
    expect(effectiveSLSQueryType({ refId: 'A', query: v.query })).toBe(v.queryType);
    expect(hasSQLPart(v.query)).toBe(v.queryType === 'slsSql');
  });

  it.each(cases)('%s: the raw split is the same cut, blanks kept', (_, v) => {
    const raw = splitSearchAndSQLRaw(v.query);
    expect(raw.search.trim()).toBe(v.search);
    expect(raw.sql?.trim() ?? null).toBe(v.sql);
    expect(raw.sql === undefined ? raw.search : `${raw.search}|${raw.sql}`).toBe(v.query);
  });
});

describe('CQL query text vectors', () => {
  const cases = queryTextVectorCases('cql');

  it('include the cases the CLS rule was written for', () => {
    const queries = cases.map(([, v]) => v.query);
    expect(queries).toEqual(expect.arrayContaining(["msg:'a|b'", 'a \\| b', '* | select count(*) as c']));
  });

  it.each(cases)('%s: splits into search and SQL', (_, v) => {
    const expected = v.sql === null ? { search: v.search } : { search: v.search, sql: v.sql };
    expect(splitSearchAndSQL(v.query, 'cql')).toStrictEqual(expected);
  });

  it.each(cases)('%s: infers the query type', (_, v) => {
    expect(effectiveCLSQueryType({ refId: 'A', query: v.query })).toBe(v.queryType);
    expect(hasSQLPart(v.query, 'cql')).toBe(v.queryType === 'clsSql');
  });

  it.each(cases)('%s: the raw split is the same cut, blanks kept', (_, v) => {
    const raw = splitSearchAndSQLRaw(v.query, 'cql');
    expect(raw.search.trim()).toBe(v.search);
    expect(raw.sql === undefined ? raw.search : `${raw.search}|${raw.sql}`).toBe(v.query);
  });

  it('differs from SLS and Lucene, where an apostrophe is only text', () => {
    expect(splitSearchAndSQL("msg:'a|b'", 'sls')).toEqual({ search: "msg:'a", sql: "b'" });
    expect(splitSearchAndSQL("msg:'a|b'", 'lucene')).toEqual({ search: "msg:'a", sql: "b'" });
    expect(splitSearchAndSQL("msg:'a|b'", 'cql')).toEqual({ search: "msg:'a|b'" });
  });
});

describe('Lucene query text vectors (the shared double-quote rule)', () => {
  it.each(queryTextVectorCases('lucene'))('%s: splits and infers the type as the backend does', (_, v) => {
    const expected = v.sql === null ? { search: v.search } : { search: v.search, sql: v.sql };
    expect(splitSearchAndSQL(v.query, 'lucene')).toStrictEqual(expected);
    expect(effectiveCLSQueryType({ refId: 'A', query: v.query, syntax: 'lucene' })).toBe(v.queryType);
  });
});

describe('searchSegments', () => {
  it('cuts plain text and phrase contents, and joins them back', () => {
    const text = `a:"x y" AND b:'it"s' OR c:"open`;
    const segments = searchSegments(text, 'cql');
    expect(segments).toEqual([
      { text: 'a:', quote: undefined },
      { text: 'x y', quote: '"' },
      { text: ' AND b:', quote: undefined },
      { text: 'it"s', quote: "'" },
      { text: ' OR c:', quote: undefined },
      { text: 'open', quote: '"' },
    ]);
    expect(joinSearchSegments(segments)).toBe(text);
  });

  it('keeps escaped quotes inside their segment', () => {
    expect(searchSegments(String.raw`a\"b:"c\"d"`, 'cql').map((s) => s.text)).toEqual([
      String.raw`a\"b:`,
      String.raw`c\"d`,
      '',
    ]);
  });
});

describe('splitSearchAndSQLRaw', () => {
  it('keeps later pipes and the blanks around the first one', () => {
    expect(splitSearchAndSQLRaw('msg: "a|b" and x | select 1 | 2')).toEqual({
      search: 'msg: "a|b" and x ',
      sql: ' select 1 | 2',
    });
  });
});

describe('scanSearchPart', () => {
  it('resumes inside a phrase, as the highlighter does line by line', () => {
    expect(scanSearchPart('msg: "a')).toEqual({ pipeAt: -1, openQuote: '"' });
    expect(scanSearchPart('| b" | select 1', 'sls', '"')).toEqual({ pipeAt: 5, openQuote: undefined });
  });

  it('ends a CQL phrase only at its own quote', () => {
    expect(scanSearchPart(`msg:'say "x`, 'cql')).toEqual({ pipeAt: -1, openQuote: "'" });
    expect(scanSearchPart(`" | y' | select 1`, 'cql', "'")).toEqual({ pipeAt: 7, openQuote: undefined });
  });
});

describe('effectiveCLSQueryType', () => {
  it('keeps an explicit type and treats a missing query as a log search', () => {
    expect(effectiveCLSQueryType({ refId: 'A', queryType: 'clsHistogram', query: '* | select 1' })).toBe(
      'clsHistogram'
    );
    expect(effectiveCLSQueryType({ refId: 'A' })).toBe('clsLogs');
  });
});

describe('effectiveSLSQueryType', () => {
  it('keeps an explicit type whatever the text', () => {
    expect(effectiveSLSQueryType({ refId: 'A', queryType: 'slsLogs', query: '* | select 1' })).toBe('slsLogs');
    expect(effectiveSLSQueryType({ refId: 'A', queryType: 'slsSql', query: '*' })).toBe('slsSql');
  });

  it('treats a missing query as a log search', () => {
    expect(effectiveSLSQueryType({ refId: 'A' })).toBe('slsLogs');
  });
});
