import { validateSCFQuery, validateSLSQuery } from './validation';

describe('validateSLSQuery', () => {
  it('asks for a logstore', () => {
    expect(validateSLSQuery({ refId: 'A', query: '*' })).toEqual(['Choose a logstore.']);
  });

  it('requires $__timeFilter in project SQL and no logstore', () => {
    expect(validateSLSQuery({ refId: 'A', queryType: 'slsProjectSql', query: 'SELECT 1' })[0]).toMatch(
      /Project SQL needs \$__timeFilter/
    );
    expect(
      validateSLSQuery({ refId: 'A', queryType: 'slsProjectSql', query: 'SELECT 1 FROM x WHERE $__timeFilter' })
    ).toEqual([]);
  });

  it('explains the search | SQL shape and bad limits', () => {
    const problems = validateSLSQuery({ refId: 'A', queryType: 'slsSql', logstore: 'x', query: 'SELECT 1', limit: -1 });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/search \| SQL/);
    expect(problems[1]).toMatch(/Limit/);
  });

  it('finds no SQL part in a pipe inside a phrase, an escaped pipe or an empty analytic part', () => {
    for (const query of ['message: "a|b"', 'a \\| b', '*|']) {
      expect(validateSLSQuery({ refId: 'A', queryType: 'slsSql', logstore: 'x', query })[0]).toMatch(/search \| SQL/);
      // Without a type the same text is a log search, so there is nothing to complain about.
      expect(validateSLSQuery({ refId: 'A', logstore: 'x', query })).toEqual([]);
    }
    expect(validateSLSQuery({ refId: 'A', queryType: 'slsSql', logstore: 'x', query: "don't | select 1" })).toEqual([]);
  });

  it('accepts a complete logs query', () => {
    expect(validateSLSQuery({ refId: 'A', logstore: 'app-log', query: 'level: error', limit: 50 })).toEqual([]);
  });
});

describe('validateSCFQuery', () => {
  it('needs a function name on v2 only', () => {
    expect(validateSCFQuery({ refId: 'A' }, 'v2')).toEqual([
      'The legacy v2 API needs a function name: choose a function.',
    ]);
    expect(validateSCFQuery({ refId: 'A' }, 'v3')).toEqual([]);
    expect(validateSCFQuery({ refId: 'A', functionName: 'f' }, 'v2')).toEqual([]);
  });
});
