import {
  CoreApp,
  DataQueryRequest,
  dateTime,
  FieldType,
  LoadingState,
  LogRowContextQueryDirection,
  LogRowModel,
  SupplementaryQueryType,
  toDataFrame,
} from '@grafana/data';
import { DataSourceWithBackend } from '@grafana/runtime';
import { lastValueFrom, of, toArray } from 'rxjs';

import { DataSource } from './datasource';
import { liveTailKey } from './liveTail';
import { instanceSettings } from './test/datasourceFixture';
import { fakeTemplateSrv } from './test/fakeTemplateSrv';
import { CloudLogsQuery } from './types';

const templateSrv = fakeTemplateSrv({
  fn: 'order-api',
  hosts: ['web-1', 'web-2'],
  store: 'nginx-access',
  topics: ['topic-nginx', 'topic-scf'],
  uri: '/api/a b',
});
const getDataStream = jest.fn();
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getTemplateSrv: () => templateSrv,
  getGrafanaLiveSrv: () => ({ getDataStream }),
}));

const sls = () => new DataSource(instanceSettings({ service: 'sls', project: 'demo' }));
const scf = () => new DataSource(instanceSettings({ service: 'scf', apiVersion: 'v3' }));
const cls = () => new DataSource(instanceSettings({ service: 'cls', region: 'ap-guangzhou' }));

function request(targets: CloudLogsQuery[]): DataQueryRequest<CloudLogsQuery> {
  const range = { from: dateTime(1000), to: dateTime(5000), raw: { from: 'now-1h', to: 'now' } };
  return {
    app: CoreApp.Explore,
    requestId: 'explore_1',
    interval: '1s',
    intervalMs: 1000,
    range,
    scopedVars: {},
    targets,
    timezone: 'UTC',
    startTime: 0,
  };
}

afterEach(() => jest.restoreAllMocks());

describe('DataSource', () => {
  it('sends a live request to Grafana Live, interpolated, and not to the query API', async () => {
    const ds = cls();
    const backendQuery = jest.spyOn(DataSourceWithBackend.prototype, 'query');
    getDataStream.mockReturnValue(of({ data: [] }));
    const target = { refId: 'A', queryType: 'clsLogs', topicId: '$topics', query: 'uri:"$uri"' } as CloudLogsQuery;
    await lastValueFrom(ds.query({ ...request([target]), liveStreaming: true }));
    expect(backendQuery).not.toHaveBeenCalled();
    expect(getDataStream).toHaveBeenCalledTimes(1);
    const { addr } = getDataStream.mock.calls[0][0];
    expect(addr.path).toBe('tail/' + liveTailKey(addr.data));
    expect(addr.data).toMatchObject({ queryType: 'clsLogs', query: ds.applyTemplateVariables(target, {}).query });
    expect(addr.data.query).not.toContain('$uri');
  });

  it('takes its service from jsonData and offers that service defaults', () => {
    expect(sls().service).toBe('sls');
    expect(scf().getDefaultQuery(CoreApp.Explore)).toMatchObject({ queryType: 'scfLogs', order: 'desc', limit: 1000 });
    expect(sls().getDefaultQuery(CoreApp.Explore)).toMatchObject({ queryType: 'slsLogs', query: '*', reverse: true });
  });

  it('interpolates every string field, with search and SQL escaping in the query', () => {
    const out = sls().applyTemplateVariables(
      {
        refId: 'A',
        logstore: '$store',
        topic: '$fn',
        query: 'host: $hosts | SELECT 1 WHERE host IN ($hosts)',
        valueFields: ['$fn'],
      },
      {}
    );
    expect(out.logstore).toBe('nginx-access');
    expect(out.topic).toBe('order-api');
    expect(out.valueFields).toEqual(['order-api']);
    expect(out.query).toBe('host: ("web-1" or "web-2") | SELECT 1 WHERE host IN (\'web-1\',\'web-2\')');
  });

  it('interpolates SCF names and request ids', () => {
    const out = scf().applyTemplateVariables({ refId: 'A', functionName: '$fn', requestId: '${fn}' }, {});
    expect(out).toMatchObject({ functionName: 'order-api', requestId: 'order-api' });
  });

  it('interpolates queries for Explore with its own reference', () => {
    const [q] = scf().interpolateVariablesInQueries([{ refId: 'A', functionName: '$fn' }], {});
    expect(q.functionName).toBe('order-api');
    expect(q.datasource).toEqual({ type: 'logbridge-cloudlogs-datasource', uid: 'cloudlogs-uid' });
  });

  it('skips hidden queries', () => {
    expect(sls().filterQuery({ refId: 'A', hide: true })).toBe(false);
    expect(sls().filterQuery({ refId: 'A' })).toBe(true);
  });

  it('offers log volume for logs queries only', () => {
    const ds = sls();
    expect(ds.getSupportedSupplementaryQueryTypes()).toEqual([
      SupplementaryQueryType.LogsVolume,
      SupplementaryQueryType.LogsSample,
    ]);
    const req = ds.getSupplementaryRequest(
      SupplementaryQueryType.LogsVolume,
      request([
        { refId: 'A', queryType: 'slsLogs', logstore: 'app-log', query: 'level: error' },
        { refId: 'B', queryType: 'slsSql', logstore: 'app-log', query: '* | select 1' },
      ])
    );
    expect(req?.targets).toEqual([expect.objectContaining({ refId: 'log-volume-A', queryType: 'slsHistogram' })]);
    expect(req?.requestId).toBe('explore_1_log_volume');
    expect(ds.getSupplementaryRequest(SupplementaryQueryType.LogsSample, request([{ refId: 'A' }]))).toBeUndefined();
  });

  it('runs log volume and shapes the frames for Explore', async () => {
    const volume = toDataFrame({
      refId: 'log-volume-A',
      fields: [
        { name: 'time', type: FieldType.time, values: [1000] },
        { name: 'error', type: FieldType.number, values: [7], labels: { level: 'error' } },
      ],
    });
    const spy = jest.spyOn(DataSourceWithBackend.prototype, 'query').mockReturnValue(of({ data: [volume] }));
    const source = { refId: 'A', queryType: 'scfLogs' as const, functionName: 'hello-node' };
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- what Grafana 11.0 Explore calls
    const provider = scf().getDataProvider(SupplementaryQueryType.LogsVolume, request([source]));
    const responses = await lastValueFrom(provider!.pipe(toArray()));
    expect(spy.mock.calls[0][0].targets[0]).toMatchObject({ queryType: 'scfMetrics', logVolume: true });
    expect(responses[0].state).toBe(LoadingState.Loading);
    expect(responses[1].state).toBe(LoadingState.Done);
    expect(responses[1].data[0].meta.custom).toMatchObject({
      logsVolumeType: 'FullRange',
      absoluteRange: { from: 1000, to: 5000 },
      sourceQuery: source,
    });
  });

  it('builds SLS context from the line pack id and returns the context lines', async () => {
    const spy = jest.spyOn(DataSourceWithBackend.prototype, 'query').mockReturnValue(of({ data: [] }));
    const row = {
      uid: 'r1',
      timeEpochMs: 10_000,
      labels: { __pack_id__: 'P-1', __pack_meta__: 'M-1' },
      dataFrame: { refId: 'A', fields: [], length: 0 },
    } as unknown as LogRowModel;
    await sls().getLogRowContext(
      row,
      { direction: LogRowContextQueryDirection.Forward, limit: 10 },
      {
        refId: 'A',
        logstore: '$store',
      }
    );
    expect(spy.mock.calls[0][0].targets).toEqual([
      expect.objectContaining({
        queryType: 'slsContext',
        logstore: 'nginx-access',
        packId: 'P-1',
        packMeta: 'M-1',
        forwardLines: 10,
        backLines: 0,
      }),
    ]);
  });

  it('says why a line without pack id has no context', async () => {
    const row = { uid: 'r', timeEpochMs: 0, labels: {}, dataFrame: { refId: 'A' } } as unknown as LogRowModel;
    const res = await sls().getLogRowContext(row, {}, { refId: 'A', logstore: 'x' });
    expect(res.errors?.[0].message).toMatch(/pack id/);
  });

  it('passes logs frames on as the backend made them, its derived-field links included', async () => {
    const link = {
      title: 'Logs of this invocation',
      url: '',
      internal: { datasourceUid: 'u', query: { requestId: '${__value.raw}' } },
    };
    const frame = toDataFrame({
      refId: 'A',
      meta: { type: 'log-lines' },
      fields: [
        { name: 'timestamp', type: FieldType.time, values: [1] },
        { name: 'body', type: FieldType.string, values: ['x'] },
        { name: 'labels', type: FieldType.other, values: [{ requestId: 'req-9' }] },
        { name: 'requestId', type: FieldType.string, values: ['req-9'], config: { links: [link] } },
      ],
    });
    jest.spyOn(DataSourceWithBackend.prototype, 'query').mockReturnValue(of({ data: [frame] }));
    const res = await lastValueFrom(scf().query(request([{ refId: 'A', functionName: '$fn' }])));
    expect(res.data).toEqual([frame]);
    expect(res.data[0].fields).toHaveLength(4);
  });

  it('maps annotation fields to the line text and level by default', () => {
    const ds = scf();
    expect(ds.annotations?.getDefaultQuery?.()).toMatchObject({ queryType: 'scfLogs', filter: { retCode: 'not0' } });
    const prepared = ds.annotations?.prepareAnnotation?.({ name: 'a', enable: true, iconColor: 'red' } as never);
    expect(prepared?.mappings).toEqual({
      text: { source: 'field', value: 'body' },
      tags: { source: 'field', value: 'severity' },
    });
  });

  it('passes look-up parameters to the backend resources', async () => {
    const ds = scf();
    const spy = jest.spyOn(ds, 'getResource').mockResolvedValue([]);
    await ds.getFunctions('$fn');
    expect(spy).toHaveBeenCalledWith('functions', { namespace: 'order-api' });
    const slsDs = sls();
    const slsSpy = jest.spyOn(slsDs, 'getResource').mockResolvedValue([]);
    await slsDs.getFieldValues({ logstore: '$store', field: 'status', from: 1, to: 2, query: 'host: $hosts' });
    expect(slsSpy).toHaveBeenCalledWith('values', {
      logstore: 'nginx-access',
      field: 'status',
      from: 1,
      to: 2,
      query: 'host: ("web-1" or "web-2")',
    });
  });

  describe('for CLS', () => {
    it('offers CLS defaults and an error-lines annotation query', () => {
      const ds = cls();
      expect(ds.service).toBe('cls');
      expect(ds.getDefaultQuery(CoreApp.Explore)).toEqual({
        queryType: 'clsLogs',
        query: '*',
        syntax: 'cql',
        limit: 1000,
        sort: 'desc',
        format: 'auto',
      });
      expect(ds.annotations?.getDefaultQuery?.()).toMatchObject({
        queryType: 'clsLogs',
        query: 'level:error OR status:>=500',
        limit: 100,
      });
    });

    it('interpolates topics and the query by the CLS rules', () => {
      const out = cls().applyTemplateVariables(
        { refId: 'A', topicId: '$topics', query: 'uri:$uri AND host:"$hosts" | SELECT 1 WHERE h IN ($hosts)' },
        {}
      );
      expect(out.topicId).toBeUndefined();
      expect(out.topicIds).toEqual(['topic-nginx', 'topic-scf']);
      expect(out.query).toBe(`uri:/api/a\\ b AND host:("web-1" OR "web-2") | SELECT 1 WHERE h IN ('web-1','web-2')`);
    });

    it('runs log volume as a clsHistogram of the search part', async () => {
      const spy = jest.spyOn(DataSourceWithBackend.prototype, 'query').mockReturnValue(of({ data: [] }));
      const source = { refId: 'A', topicId: 'topic-nginx', query: 'status:>=500' };
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- what Grafana 11.0 Explore calls
      const provider = cls().getDataProvider(SupplementaryQueryType.LogsVolume, request([source]));
      await lastValueFrom(provider!.pipe(toArray()));
      expect(spy.mock.calls[0][0].targets).toEqual([
        expect.objectContaining({
          refId: 'log-volume-A',
          queryType: 'clsHistogram',
          topicId: 'topic-nginx',
          query: 'status:>=500',
          logVolume: true,
        }),
      ]);
    });

    it('asks for the context of a line by its topic and package, and says why one has none', async () => {
      const spy = jest.spyOn(DataSourceWithBackend.prototype, 'query').mockReturnValue(of({ data: [] }));
      const row = {
        uid: 'r1',
        timeEpochMs: 1_700_000_000_456,
        labels: { __topic_id__: 'topic-nginx', __pkg_id__: 'PKG', __pkg_log_id__: '12' },
        dataFrame: { refId: 'A', fields: [], length: 0 },
      } as unknown as LogRowModel;
      await cls().getLogRowContext(row, { direction: LogRowContextQueryDirection.Backward, limit: 5 }, { refId: 'A' });
      expect(spy.mock.calls[0][0].targets).toEqual([
        expect.objectContaining({
          queryType: 'clsContext',
          topicId: 'topic-nginx',
          pkgId: 'PKG',
          pkgLogId: 12,
          time: 1_700_000_000_456,
          prevLogs: 5,
          nextLogs: 0,
        }),
      ]);
      const bare = { ...row, labels: {} } as unknown as LogRowModel;
      const res = await cls().getLogRowContext(bare, {}, { refId: 'A' });
      expect(res.errors?.[0].message).toMatch(/package id/);
    });

    it('filters from log details in CQL', () => {
      const q = cls().modifyQuery(
        { refId: 'A', topicId: 't', query: 'level:error | SELECT count(*)' },
        { type: 'ADD_FILTER_OUT', options: { key: 'host', value: 'web-1' } }
      );
      expect(q.query).toBe('level:error AND NOT host:"web-1" | SELECT count(*)');
    });

    it('passes look-up parameters to the CLS resources', async () => {
      const ds = cls();
      const spy = jest.spyOn(ds, 'getResource').mockResolvedValue([]);
      await ds.getTopics({ search: ' nginx ' });
      expect(spy).toHaveBeenLastCalledWith('topics', { search: 'nginx' });
      await ds.getTopics();
      expect(spy).toHaveBeenLastCalledWith('topics', {});
      await ds.getLogsets();
      expect(spy).toHaveBeenLastCalledWith('logsets');
      await ds.getTopicFields('$store');
      expect(spy).toHaveBeenLastCalledWith('fields', { topicId: 'nginx-access' });
      await ds.getTopicFieldValues({ topicId: 't', field: 'status', from: 1, to: 2, query: 'uri:$uri', limit: 5 });
      expect(spy).toHaveBeenLastCalledWith('values', {
        topicId: 't',
        field: 'status',
        from: 1,
        to: 2,
        query: 'uri:/api/a\\ b',
        syntax: 'cql',
        limit: 5,
      });
    });
  });
});
