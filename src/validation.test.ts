import { validateCLSQuery, validateSCFQuery, validateSettings, validateSLSQuery } from './validation';

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

describe('validateCLSQuery', () => {
  it('asks for a topic, and at most 50', () => {
    expect(validateCLSQuery({ refId: 'A', query: '*' })).toEqual(['Choose a topic.']);
    const many = Array.from({ length: 51 }, (_, i) => `t${i}`);
    expect(validateCLSQuery({ refId: 'A', topicIds: many })[0]).toMatch(/at most 50 topics; 51/);
    expect(validateCLSQuery({ refId: 'A', topicIds: many.slice(0, 50) })).toEqual([]);
  });

  it('finds the SQL part by the syntax rule', () => {
    const sql = { refId: 'A', queryType: 'clsSql' as const, topicId: 't' };
    expect(validateCLSQuery({ ...sql, query: "msg:'a|b'" })[0]).toMatch(/search \| SQL/);
    expect(validateCLSQuery({ ...sql, query: "msg:'a|b'", syntax: 'lucene' })).toEqual([]);
    expect(validateCLSQuery({ ...sql, query: 'a \\| b' })[0]).toMatch(/search \| SQL/);
    expect(validateCLSQuery({ ...sql, query: '* | select count(*) as c' })).toEqual([]);
  });

  it('says an SQL part does not belong in logs or histogram queries, which the backend refuses', () => {
    const logs = { refId: 'A', queryType: 'clsLogs' as const, topicId: 't', query: '* | select 1' };
    expect(validateCLSQuery(logs)[0]).toMatch(/choose the SQL query type/);
    expect(validateCLSQuery({ ...logs, query: "msg:'a|b'" })).toEqual([]);
  });

  it('wants one topic for a histogram and a sound limit', () => {
    expect(validateCLSQuery({ refId: 'A', queryType: 'clsHistogram', topicIds: ['a', 'b'] })[0]).toMatch(/one topic/);
    expect(validateCLSQuery({ refId: 'A', topicId: 't', limit: 0 })).toEqual([
      'Limit must be a positive whole number.',
    ]);
  });

  it("says when the query type is another service's", () => {
    expect(validateCLSQuery({ refId: 'A', queryType: 'slsLogs', topicId: 't' })).toEqual([
      'slsLogs is a query type of another service: choose a query type above.',
    ]);
  });

  it('needs the package of a context query', () => {
    expect(validateCLSQuery({ refId: 'A', queryType: 'clsContext', topicId: 't' })[0]).toMatch(/package id/);
    expect(validateCLSQuery({ refId: 'A', queryType: 'clsContext', topicId: 't', pkgId: 'P', pkgLogId: 0 })).toEqual(
      []
    );
  });
});

describe('validateSettings', () => {
  it('refuses a CLS log source on the legacy v2 API', () => {
    expect(validateSettings({ service: 'scf', apiVersion: 'v2', logSource: 'cls' })[0]).toMatch(/v2 API/);
    expect(validateSettings({ service: 'scf', apiVersion: 'v2', logSource: 'getFunctionLogs' })).toEqual([]);
    expect(validateSettings({ service: 'scf', logSource: 'cls' })).toEqual([]);
  });

  it('wants endpoints to be hosts or http(s) URLs', () => {
    expect(validateSettings({ service: 'cls', endpoint: 'ftp://x' })[0]).toMatch(/Endpoint "ftp:\/\/x"/);
    expect(validateSettings({ service: 'scf', clsEndpoint: 'http://127.0.0.1:8091' })).toEqual([]);
    expect(validateSettings({ service: 'scf', clsEndpoint: 'cls.ap-guangzhou.tencentcloudapi.com' })).toEqual([]);
  });
});
