import { CoreApp, DataQueryRequest, dateTime, FieldType, toDataFrame } from '@grafana/data';
import { lastValueFrom, of } from 'rxjs';

import type { DataSource } from './datasource';
import { fakeClient } from './test/fakeClient';
import { fakeTemplateSrv } from './test/fakeTemplateSrv';
import { VariableQuery } from './variableQuery';
import { CloudLogsVariableSupport } from './variables';

const templateSrv = fakeTemplateSrv({ ns: 'staging' });
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getTemplateSrv: () => templateSrv,
}));

function request(query: VariableQuery): DataQueryRequest<VariableQuery> {
  return {
    app: CoreApp.Dashboard,
    requestId: 'v',
    interval: '1s',
    intervalMs: 1000,
    range: { from: dateTime(1000), to: dateTime(2000), raw: { from: 'now-1h', to: 'now' } },
    scopedVars: {},
    targets: [query],
    timezone: 'UTC',
    startTime: 0,
  };
}

function support(service: 'sls' | 'scf' | 'cls', extra: Partial<DataSource> = {}) {
  const ds = { ...fakeClient(), service, query: jest.fn(), ...extra } as unknown as DataSource;
  return { ds, vs: new CloudLogsVariableSupport(ds) };
}

const run = async (vs: CloudLogsVariableSupport, q: VariableQuery) => (await lastValueFrom(vs.query(request(q)))).data;

describe('CloudLogsVariableSupport', () => {
  it('lists functions of an interpolated namespace', async () => {
    const { ds, vs } = support('scf');
    const data = await run(vs, { refId: 'V', kind: 'functions', namespace: '$ns' });
    expect(ds.getFunctions).toHaveBeenCalledWith('staging');
    expect(data[1]).toEqual({ text: 'order-api', value: 'order-api' });
  });

  it('lists namespaces and logstores', async () => {
    expect(await run(support('scf').vs, { refId: 'V', kind: 'namespaces' })).toEqual([
      { text: 'default', value: 'default' },
      { text: 'staging', value: 'staging' },
    ]);
    expect((await run(support('sls').vs, { refId: 'V' })).map((v: { text: string }) => v.text)).toEqual([
      'nginx-access',
      'app-log',
      'audit-log',
    ]);
  });

  it('lists field values for the dashboard range', async () => {
    const getFieldValues = jest.fn().mockResolvedValue([{ value: '200', count: 9 }]);
    const { vs } = support('sls', { getFieldValues } as never);
    const data = await run(vs, {
      refId: 'V',
      kind: 'fieldValues',
      logstore: 'nginx-access',
      field: 'status',
      limit: 5,
    });
    expect(getFieldValues).toHaveBeenCalledWith({
      logstore: 'nginx-access',
      field: 'status',
      from: 1000,
      to: 2000,
      query: undefined,
      limit: 5,
    });
    expect(data).toEqual([{ text: '200', value: '200' }]);
  });

  it('runs SQL through the data source query and takes the column', async () => {
    const frame = toDataFrame({
      fields: [
        { name: 'host', type: FieldType.string, values: ['a', 'b', 'a'] },
        { name: 'n', type: FieldType.number, values: [1, 2, 3] },
      ],
    });
    const query = jest.fn().mockReturnValue(of({ data: [frame] }));
    const { vs } = support('sls', { query } as never);
    const data = await run(vs, {
      refId: 'V',
      kind: 'sqlColumn',
      logstore: 'x',
      query: '* | select host',
      column: 'host',
    });
    expect(query.mock.calls[0][0].targets).toEqual([
      { refId: 'variable', queryType: 'slsSql', logstore: 'x', query: '* | select host', format: 'table' },
    ]);
    expect(data).toEqual([
      { text: 'a', value: 'a' },
      { text: 'b', value: 'b' },
    ]);
  });

  it('fails with the query error', async () => {
    const query = jest.fn().mockReturnValue(of({ data: [], errors: [{ message: 'SQL syntax error at line 1' }] }));
    const { vs } = support('sls', { query } as never);
    await expect(run(vs, { refId: 'V', kind: 'sqlColumn', query: 'SELECT' })).rejects.toThrow(
      'SQL syntax error at line 1'
    );
  });

  it('lists CLS topics by name with their ids as values, optionally of one logset', async () => {
    const { ds, vs } = support('cls');
    expect(await run(vs, { refId: 'V' })).toEqual([
      { text: 'SCF_logtopic_Xq3vB9Zc', value: 'topic-scf' },
      { text: 'nginx-access', value: 'topic-nginx' },
    ]);
    expect(await run(vs, { refId: 'V', kind: 'topics', logsetId: 'ls-apps' })).toEqual([
      { text: 'nginx-access', value: 'topic-nginx' },
    ]);
    expect(ds.getTopics).toHaveBeenLastCalledWith({ logsetId: 'ls-apps' });
  });

  it('lists CLS logsets', async () => {
    expect(await run(support('cls').vs, { refId: 'V', kind: 'logsets' })).toEqual([
      { text: 'SCF_logset_Dm0Lk7Qa', value: 'ls-scf' },
      { text: 'demo-apps', value: 'ls-apps' },
    ]);
  });

  it('lists the values of a topic field for the dashboard range', async () => {
    const getTopicFieldValues = jest.fn().mockResolvedValue([{ value: 'GET', count: 3 }]);
    const { vs } = support('cls', { getTopicFieldValues } as never);
    const data = await run(vs, {
      refId: 'V',
      kind: 'fieldValues',
      topicId: 'topic-nginx',
      field: 'method',
      query: 'status:>=500',
      syntax: 'cql',
    });
    expect(getTopicFieldValues).toHaveBeenCalledWith({
      topicId: 'topic-nginx',
      field: 'method',
      from: 1000,
      to: 2000,
      query: 'status:>=500',
      syntax: 'cql',
      limit: undefined,
    });
    expect(data).toEqual([{ text: 'GET', value: 'GET' }]);
    expect(await run(vs, { refId: 'V', kind: 'fieldValues', field: 'method' })).toEqual([]);
  });
});
