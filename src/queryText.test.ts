import { effectiveSLSQueryType } from './defaults';
import { hasSQLPart, scanSearchPart, splitSearchAndSQL, splitSearchAndSQLRaw } from './queryText';
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
    expect(scanSearchPart('msg: "a')).toEqual({ pipeAt: -1, inPhrase: true });
    expect(scanSearchPart('| b" | select 1', true)).toEqual({ pipeAt: 5, inPhrase: false });
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
