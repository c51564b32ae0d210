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
    expect(modifyQuery(logs, { type: 'ADD_UNKNOWN', options: { value: 'x' } }, 'sls')).toBe(logs);
  });
});

describe('SCF label filters', () => {
  const q = { refId: 'A', queryType: 'scfLogs' as const, functionName: 'hello-node' };

  it("become the query's own filters, which the backend maps to its fields", () => {
    expect(modifyQuery(q, add('requestId', 'r-1'), 'scf').adhocFilters).toEqual([
      { key: 'requestId', operator: '=', value: 'r-1' },
    ]);
    expect(modifyQuery(q, add('namespace', 'staging'), 'scf').adhocFilters).toEqual([
      { key: 'namespace', operator: '=', value: 'staging' },
    ]);
    expect(modifyQuery(q, out('requestId', 'r-1'), 'scf')).toBe(q);
  });

  it('maps retCode to = 0 (successes) or != 0 (failures)', () => {
    const op = (a: ReturnType<typeof add>) => modifyQuery(q, a, 'scf').adhocFilters?.[0].operator;
    expect(op(add('retCode', '0'))).toBe('=');
    expect(op(add('retCode', '1'))).toBe('!=');
    expect(op(out('retCode', '0'))).toBe('!=');
    expect(op(out('retCode', '1'))).toBe('=');
  });

  it('ignores labels SCF cannot filter on, and line filters', () => {
    expect(modifyQuery(q, add('duration', '12'), 'scf')).toBe(q);
    expect(modifyQuery(q, { type: 'ADD_STRING_FILTER', options: { value: 'x' } }, 'scf')).toBe(q);
  });
});

describe('line filters', () => {
  it('add a phrase to the search of SLS and CLS', () => {
    const str = (value: string, outType = false) => ({
      type: outType ? 'ADD_STRING_FILTER_OUT' : 'ADD_STRING_FILTER',
      options: { value },
    });
    expect(modifyQuery({ refId: 'A', query: 'level: error | select 1' }, str('time"out'), 'sls').query).toBe(
      'level: error and "time\\"out" | select 1'
    );
    expect(modifyQuery({ refId: 'A', query: '*' }, str('boom', true), 'sls').query).toBe('* not "boom"');
    expect(modifyQuery({ refId: 'A', topicId: 't', query: 'a' }, str('x*y', true), 'cls').query).toBe(
      'a AND NOT "x\\*y"'
    );
  });
});
