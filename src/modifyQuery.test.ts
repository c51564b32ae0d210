import { addSLSFilter, modifyQuery } from './modifyQuery';

const add = (key: string, value: string) => ({ type: 'ADD_FILTER', options: { key, value } });
const out = (key: string, value: string) => ({ type: 'ADD_FILTER_OUT', options: { key, value } });

describe('SLS label filters', () => {
  it('adds and-conditions to the search part and keeps the SQL', () => {
    expect(addSLSFilter('status >= 500 | SELECT count(*)', 'host', 'web-1', false)).toBe(
      'status >= 500 and host: "web-1" | SELECT count(*)'
    );
  });

  it('replaces a bare * and excludes with not', () => {
    expect(addSLSFilter('*', 'host', 'a"b', false)).toBe('host: "a\\"b"');
    expect(addSLSFilter('', 'host', 'x', true)).toBe('* not host: "x"');
    expect(addSLSFilter('level: error', 'host', 'x', true)).toBe('level: error not host: "x"');
  });

  it('quotes keys that are not plain terms', () => {
    expect(addSLSFilter('*', 'a key', 'v', false)).toBe('"a key": "v"');
  });

  it('leaves project SQL and unknown actions alone', () => {
    const q = { refId: 'A', queryType: 'slsProjectSql' as const, query: 'SELECT 1' };
    expect(modifyQuery(q, add('host', 'x'), 'sls')).toBe(q);
    const logs = { refId: 'A', query: 'x' };
    expect(modifyQuery(logs, { type: 'ADD_STRING_FILTER', options: { value: 'x' } }, 'sls')).toBe(logs);
  });
});

describe('SCF label filters', () => {
  const q = { refId: 'A', queryType: 'scfLogs' as const, functionName: 'hello-node' };

  it('maps requestId, functionName and namespace to query fields', () => {
    expect(modifyQuery(q, add('requestId', 'r-1'), 'scf').requestId).toBe('r-1');
    expect(modifyQuery(q, add('functionName', 'order-api'), 'scf').functionName).toBe('order-api');
    expect(modifyQuery(q, add('namespace', 'staging'), 'scf').namespace).toBe('staging');
    expect(modifyQuery(q, out('requestId', 'r-1'), 'scf')).toBe(q);
  });

  it('maps retCode to the errors-only / successes-only filter', () => {
    expect(modifyQuery(q, add('retCode', '0'), 'scf').filter?.retCode).toBe('is0');
    expect(modifyQuery(q, add('retCode', '1'), 'scf').filter?.retCode).toBe('not0');
    expect(modifyQuery(q, out('retCode', '0'), 'scf').filter?.retCode).toBe('not0');
    expect(modifyQuery(q, out('retCode', '1'), 'scf').filter?.retCode).toBe('is0');
  });

  it('ignores labels GetFunctionLogs cannot filter on', () => {
    expect(modifyQuery(q, add('duration', '12'), 'scf')).toBe(q);
  });
});
