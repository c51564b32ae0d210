import { dateTime } from '@grafana/data';

import { DataSource } from './datasource';
import { instanceSettings } from './test/datasourceFixture';
import { fakeTemplateSrv } from './test/fakeTemplateSrv';
import { CloudLogsQuery } from './types';

const templateSrv = fakeTemplateSrv({ host: 'web-1' });
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getTemplateSrv: () => templateSrv,
}));

const sls = () => new DataSource(instanceSettings({ service: 'sls', project: 'demo' }));
const scf = () => new DataSource(instanceSettings({ service: 'scf', apiVersion: 'v3' }));
const cls = () => new DataSource(instanceSettings({ service: 'cls', region: 'ap-guangzhou' }));

const timeRange = { from: dateTime(1000), to: dateTime(5000), raw: { from: 'now-1h', to: 'now' } };

/** A fake backend answering the look-ups by path and parameters. */
function backend(ds: DataSource, answers: (path: string, params: Record<string, unknown>) => unknown) {
  return jest
    .spyOn(ds, 'getResource')
    .mockImplementation(async (path: string, params?: unknown) =>
      answers(path, (params ?? {}) as Record<string, unknown>)
    );
}

describe('getTagKeys', () => {
  it("SLS: the union of the queried logstores' index fields", async () => {
    const ds = sls();
    const spy = backend(ds, (path, p) =>
      p.logstore === 'app-log'
        ? [
            { name: 'level', type: 'text' },
            { name: '__topic__', type: 'text' },
          ]
        : [
            { name: 'status', type: 'long' },
            { name: 'level', type: 'text' },
          ]
    );
    const queries: CloudLogsQuery[] = [
      { refId: 'A', logstore: 'app-log' },
      { refId: 'B', logstore: 'nginx-access' },
      { refId: 'C', logstore: 'app-log' },
    ];
    const keys = await ds.getTagKeys({ filters: [], queries, timeRange });
    expect(keys).toEqual([{ text: '__topic__' }, { text: 'level' }, { text: 'status' }]);
    expect(spy).toHaveBeenCalledTimes(2);
    expect(spy).toHaveBeenCalledWith('fields', { logstore: 'app-log' });
  });

  it('SLS without queries (Grafana 11.0): the first logstores stand in', async () => {
    const ds = sls();
    const spy = backend(ds, (path) => (path === 'logstores' ? ['a', 'b'] : [{ name: 'k', type: 'text' }]));
    expect(await ds.getTagKeys()).toEqual([{ text: 'k' }]);
    expect(spy).toHaveBeenCalledWith('logstores');
  });

  it('CLS: the fields of every topic the queries read', async () => {
    const ds = cls();
    const spy = backend(ds, (path, p) => [{ name: `f-${p.topicId}`, type: 'text' }]);
    const keys = await ds.getTagKeys({
      filters: [],
      queries: [
        { refId: 'A', topicIds: ['t1', 't2'] },
        { refId: 'B', topicId: 't2' },
      ],
    });
    expect(keys).toEqual([{ text: 'f-t1' }, { text: 'f-t2' }]);
    expect(spy).toHaveBeenCalledWith('fields', { topicId: 't1' });
  });

  it('SCF: the labels SCF can filter on, without asking the backend', async () => {
    const ds = scf();
    const spy = backend(ds, () => []);
    expect((await ds.getTagKeys()).map((k) => k.text)).toEqual([
      'functionName',
      'namespace',
      'qualifier',
      'requestId',
      'retCode',
    ]);
    expect(spy).not.toHaveBeenCalled();
  });
});

describe('getTagValues', () => {
  it('SLS: top values over the dashboard range, merged across logstores by count', async () => {
    const ds = sls();
    const spy = backend(ds, (path, p) =>
      p.logstore === 'a'
        ? [
            { value: 'INFO', count: 5 },
            { value: 'ERROR', count: 4 },
          ]
        : [{ value: 'ERROR', count: 3 }]
    );
    const values = await ds.getTagValues({
      key: 'level',
      filters: [],
      timeRange,
      queries: [
        { refId: 'A', logstore: 'a' },
        { refId: 'B', logstore: 'b' },
      ],
    });
    expect(values).toEqual([{ text: 'ERROR' }, { text: 'INFO' }]);
    expect(spy).toHaveBeenCalledWith(
      'values',
      expect.objectContaining({ logstore: 'a', field: 'level', from: 1000, to: 5000 })
    );
  });

  it('SLS without queries: the values over the first logstores', async () => {
    const ds = sls();
    const spy = backend(ds, (path, p) => (path === 'logstores' ? ['a'] : [{ value: `v-${p.logstore}`, count: 1 }]));
    expect(await ds.getTagValues({ key: 'k', filters: [] })).toEqual([{ text: 'v-a' }]);
    expect(spy).toHaveBeenCalledWith('values', expect.objectContaining({ logstore: 'a', field: 'k' }));
  });

  it('skips a source that fails, and fails only when all do', async () => {
    const ds = sls();
    const queries = [
      { refId: 'A', logstore: 'a' },
      { refId: 'B', logstore: 'b' },
    ];
    backend(ds, (path, p) => {
      if (p.logstore === 'b' || p.logstore === 'x') {
        throw { status: 400, data: { error: 'no such column' } };
      }
      return [{ value: 'ok', count: 1 }];
    });
    expect(await ds.getTagValues({ key: 'k', filters: [], queries })).toEqual([{ text: 'ok' }]);
    await expect(ds.getTagValues({ key: 'k', filters: [], queries: [{ refId: 'A', logstore: 'x' }] })).rejects.toEqual({
      status: 400,
      data: { error: 'no such column' },
    });
  });

  it('CLS: top values of the topic', async () => {
    const ds = cls();
    const spy = backend(ds, () => [{ value: 'GET', count: 9 }]);
    const values = await ds.getTagValues({
      key: 'method',
      filters: [],
      timeRange,
      queries: [{ refId: 'A', topicId: 't1' }],
    });
    expect(values).toEqual([{ text: 'GET' }]);
    expect(spy).toHaveBeenCalledWith(
      'values',
      expect.objectContaining({ topicId: 't1', field: 'method', from: 1000, to: 5000 })
    );
  });

  it('SCF: functions, namespaces and the one retCode SCF can tell', async () => {
    const ds = scf();
    backend(ds, (path) => (path === 'functions' ? [{ name: 'hello', namespace: 'default' }] : [{ name: 'default' }]));
    expect(await ds.getTagValues({ key: 'functionName', filters: [] })).toEqual([{ text: 'hello' }]);
    expect(await ds.getTagValues({ key: 'namespace', filters: [] })).toEqual([{ text: 'default' }]);
    expect(await ds.getTagValues({ key: 'retCode', filters: [] })).toEqual([{ text: '0' }]);
  });
});

describe('ad-hoc filters travel to the backend in the query', () => {
  it.each([
    ['sls', sls, { refId: 'A', logstore: 'app-log', query: '*' }],
    ['cls', cls, { refId: 'A', topicId: 't1', query: '*' }],
    ['scf', scf, { refId: 'A', functionName: 'hello' }],
  ] as const)('%s', (_, make, query) => {
    const ds = make();
    const filters = [
      { key: 'host', operator: '=', value: '$host' },
      { key: 'level', operator: '!~', value: 'debug|info' },
    ];
    const out = ds.applyTemplateVariables(query as CloudLogsQuery, {}, filters);
    expect(out.adhocFilters).toEqual([
      { key: 'host', operator: '=', value: 'web-1' },
      { key: 'level', operator: '!~', value: 'debug|info' },
    ]);
    // A query's own (toggled) filters come first and stay.
    const own = { ...(query as CloudLogsQuery), adhocFilters: [{ key: 'requestId', operator: '=', value: 'r' }] };
    expect(ds.applyTemplateVariables(own, {}, filters.slice(0, 1)).adhocFilters).toEqual([
      { key: 'requestId', operator: '=', value: 'r' },
      { key: 'host', operator: '=', value: 'web-1' },
    ]);
    expect(ds.applyTemplateVariables(query as CloudLogsQuery, {}).adhocFilters).toBeUndefined();
    // Opening the panel in Explore keeps them.
    expect(ds.interpolateVariablesInQueries([query as CloudLogsQuery], {}, filters)[0].adhocFilters).toHaveLength(2);
  });
});
