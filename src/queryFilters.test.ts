import { queryHasFilter, toggleQueryFilter } from './queryFilters';
import { CloudLogsQuery, Service } from './types';

const forIt = (key: string, value: string) => ({ type: 'FILTER_FOR' as const, options: { key, value } });
const outIt = (key: string, value: string) => ({ type: 'FILTER_OUT' as const, options: { key, value } });

const SEARCHES: Record<'sls' | 'cls', string[]> = {
  sls: [
    '*',
    'level: error',
    'level: error or status >= 500',
    'a not b',
    '(a or b)',
    'msg: "say \\"hi\\" | bye"',
    'status >= 500 | select count(*) as c group by host',
    '*|select 1',
    '  level: warn   |\n  SELECT count(*) AS c',
    'host: "web-2" and level: error',
  ],
  cls: [
    '*',
    'level:error',
    'level:error OR status:>=500',
    '(a OR b)',
    'error timeout',
    'msg:\'a | b\' AND k:"x y"',
    'status:>=500 | select count(*) as c',
    '*|select 1',
    'host:"web-2" AND NOT level:debug',
  ],
};

const FILTERS: Array<[string, string]> = [
  ['host', 'web-1'],
  ['msg', 'a "quoted" \\ value'],
  ['path', '/a:b*c d'],
  ['city', '東京'],
  ['level', 'error'],
];

describe.each(['sls', 'cls'] as const)('%s filter toggles', (service: Service & ('sls' | 'cls')) => {
  const queries: CloudLogsQuery[] = SEARCHES[service].flatMap((query) => [
    { refId: 'A', query, ...(service === 'cls' ? { topicId: 't' } : { logstore: 'l' }) },
    ...(service === 'cls' ? [{ refId: 'A', query, topicId: 't', syntax: 'lucene' as const }] : []),
  ]);

  it.each(queries.flatMap((q) => FILTERS.map(([k, v]) => [q, k, v] as const)))(
    'round-trips %j with %s=%s',
    (q, key, value) => {
      for (const action of [forIt(key, value), outIt(key, value)]) {
        const on = toggleQueryFilter(q, action, service);
        expect(on.query).not.toBe(q.query);
        expect(queryHasFilter(on, { key, value, type: action.type }, service)).toBe(true);
        expect(queryHasFilter(q, { key, value, type: action.type }, service)).toBe(false);
        const off = toggleQueryFilter(on, action, service);
        expect(off.query).toBe(q.query);
      }
      // Two filters on, then off in reverse order.
      const one = toggleQueryFilter(q, forIt(key, value), service);
      const two = toggleQueryFilter(one, outIt('other', 'x'), service);
      expect(
        toggleQueryFilter(toggleQueryFilter(two, outIt('other', 'x'), service), forIt(key, value), service).query
      ).toBe(q.query);
    }
  );

  it('swaps a filter for its opposite', () => {
    const q = queries[1];
    const on = toggleQueryFilter(q, forIt('host', 'a'), service);
    const swapped = toggleQueryFilter(on, outIt('host', 'a'), service);
    expect(queryHasFilter(swapped, { key: 'host', value: 'a', type: 'FILTER_OUT' }, service)).toBe(true);
    expect(queryHasFilter(swapped, { key: 'host', value: 'a', type: 'FILTER_FOR' }, service)).toBe(false);
    expect(toggleQueryFilter(swapped, outIt('host', 'a'), service).query).toBe(q.query);
  });
});

describe('SLS toggles', () => {
  it('write the filter after the grouped search and before the SQL', () => {
    const q = { refId: 'A', logstore: 'l', query: 'a or b | select 1' };
    expect(toggleQueryFilter(q, forIt('host', 'x'), 'sls').query).toBe('(a or b) and host: "x" | select 1');
    expect(toggleQueryFilter({ ...q, query: '*' }, outIt('host', 'x'), 'sls').query).toBe('* not host: "x"');
  });

  it('leave project SQL and context alone', () => {
    const q = { refId: 'A', queryType: 'slsProjectSql' as const, query: 'select 1' };
    expect(toggleQueryFilter(q, forIt('host', 'x'), 'sls')).toBe(q);
    expect(queryHasFilter(q, { key: 'host', value: 'x' }, 'sls')).toBe(false);
  });
});

describe('SCF toggles', () => {
  const q: CloudLogsQuery = { refId: 'A', queryType: 'scfLogs', functionName: 'hello' };

  it.each([
    ['requestId', 'r-1'],
    ['functionName', 'order-api'],
    ['retCode', '0'],
    ['retCode', '433'],
  ])('round-trips %s=%s', (key, value) => {
    const on = toggleQueryFilter(q, forIt(key, value), 'scf');
    expect(queryHasFilter(on, { key, value, type: 'FILTER_FOR' }, 'scf')).toBe(true);
    expect(toggleQueryFilter(on, forIt(key, value), 'scf')).toEqual(q);
  });

  it('swaps retCode = 0 for != 0 and back', () => {
    const out = toggleQueryFilter(q, outIt('retCode', '0'), 'scf');
    expect(out.adhocFilters).toEqual([{ key: 'retCode', operator: '!=', value: '0' }]);
    const swapped = toggleQueryFilter(out, forIt('retCode', '0'), 'scf');
    expect(swapped.adhocFilters).toEqual([{ key: 'retCode', operator: '=', value: '0' }]);
    expect(toggleQueryFilter(swapped, forIt('retCode', '0'), 'scf')).toEqual(q);
  });

  it('cannot leave one function out, nor filter labels SCF does not know', () => {
    expect(toggleQueryFilter(q, outIt('functionName', 'hello'), 'scf')).toBe(q);
    expect(toggleQueryFilter(q, forIt('memUsage', '12'), 'scf')).toBe(q);
  });
});

describe('a filter the query already has', () => {
  it('is found and toggled off', () => {
    const q = { refId: 'A', logstore: 'l', query: 'host: "web-1" and level: error' };
    expect(queryHasFilter(q, { key: 'host', value: 'web-1', type: 'FILTER_FOR' }, 'sls')).toBe(true);
    expect(toggleQueryFilter(q, forIt('host', 'web-1'), 'sls').query).toBe('level: error');
  });
});

describe('grouping', () => {
  it('wraps searches that are one group already, and unwraps on removal', () => {
    const q = { refId: 'A', topicId: 't', query: '(a OR b)' };
    const on = toggleQueryFilter(q, forIt('k', 'v'), 'cls');
    expect(on.query).toBe('((a OR b)) AND k:"v"');
    expect(toggleQueryFilter(on, forIt('k', 'v'), 'cls').query).toBe('(a OR b)');
    const two = { refId: 'A', topicId: 't', query: '(a) OR (b)' };
    expect(toggleQueryFilter(two, forIt('k', 'v'), 'cls').query).toBe('((a) OR (b)) AND k:"v"');
    const phrase = { refId: 'A', logstore: 'l', query: '(msg: ")(") or b' };
    const phraseOn = toggleQueryFilter(phrase, forIt('k', 'v'), 'sls');
    expect(phraseOn.query).toBe('((msg: ")(") or b) and k: "v"');
    expect(toggleQueryFilter(phraseOn, forIt('k', 'v'), 'sls').query).toBe(phrase.query);
  });
});
