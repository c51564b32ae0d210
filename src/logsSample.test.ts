import {
  CoreApp,
  DataQueryRequest,
  dateTime,
  FieldType,
  LoadingState,
  SupplementaryQueryType,
  toDataFrame,
} from '@grafana/data';
import { DataSourceWithBackend } from '@grafana/runtime';
import { lastValueFrom, of, toArray } from 'rxjs';

import { DataSource } from './datasource';
import { LOGS_SAMPLE_LIMIT, logsSampleQuery } from './logsSample';
import { instanceSettings } from './test/datasourceFixture';
import { fakeTemplateSrv } from './test/fakeTemplateSrv';
import { CloudLogsQuery, Service } from './types';

const templateSrv = fakeTemplateSrv({});
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getTemplateSrv: () => templateSrv,
}));

const dataSource = (service: Service) => new DataSource(instanceSettings({ service }));

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

describe('logsSampleQuery for SLS', () => {
  it('turns an SQL query into a logs query of its search part', () => {
    expect(
      logsSampleQuery(
        {
          refId: 'A',
          queryType: 'slsSql',
          logstore: 'nginx-access',
          topic: 't',
          query: 'status >= 500 | SELECT host, count(*) AS c GROUP BY host',
          format: 'table',
        },
        'sls'
      )
    ).toEqual({
      refId: 'logs-sample-A',
      datasource: undefined,
      queryType: 'slsLogs',
      logstore: 'nginx-access',
      query: 'status >= 500',
      topic: 't',
      limit: LOGS_SAMPLE_LIMIT,
      reverse: true,
    });
  });

  it('infers SQL from the text, keeps a quoted pipe in the search, and uses * for an empty search', () => {
    expect(logsSampleQuery({ refId: 'A', logstore: 's', query: '| SELECT 1' }, 'sls')?.query).toBe('*');
    expect(logsSampleQuery({ refId: 'A', logstore: 's', query: 'msg: "a|b" | SELECT 1' }, 'sls')?.query).toBe(
      'msg: "a|b"'
    );
  });

  it('has no sample for logs, project SQL, store-less or hidden queries', () => {
    expect(logsSampleQuery({ refId: 'A', queryType: 'slsLogs', logstore: 's', query: 'x' }, 'sls')).toBeUndefined();
    expect(logsSampleQuery({ refId: 'A', logstore: 's', query: 'msg: "a|b"' }, 'sls')).toBeUndefined();
    expect(logsSampleQuery({ refId: 'A', queryType: 'slsProjectSql', query: 'SELECT 1' }, 'sls')).toBeUndefined();
    expect(logsSampleQuery({ refId: 'A', queryType: 'slsSql', query: '* | SELECT 1' }, 'sls')).toBeUndefined();
    expect(
      logsSampleQuery({ refId: 'A', queryType: 'slsSql', logstore: 's', query: '* | SELECT 1', hide: true }, 'sls')
    ).toBeUndefined();
  });
});

describe('logsSampleQuery for CLS', () => {
  it('turns an SQL query into a logs query of its search part over the same topics and syntax', () => {
    expect(
      logsSampleQuery(
        { refId: 'A', queryType: 'clsSql', topicIds: ['t1', 't2'], query: "msg:'a|b' | select count(*) as c" },
        'cls'
      )
    ).toEqual({
      refId: 'logs-sample-A',
      datasource: undefined,
      queryType: 'clsLogs',
      topicIds: ['t1', 't2'],
      query: "msg:'a|b'",
      syntax: 'cql',
      limit: LOGS_SAMPLE_LIMIT,
      sort: 'desc',
    });
    expect(
      logsSampleQuery({ refId: 'B', topicId: 't', syntax: 'lucene', query: 'status:500 | select 1' }, 'cls')
    ).toMatchObject({ topicId: 't', queryType: 'clsLogs', query: 'status:500', syntax: 'lucene' });
  });

  it('has no sample for logs, histogram or topic-less queries', () => {
    expect(logsSampleQuery({ refId: 'A', topicId: 't', query: 'status:500' }, 'cls')).toBeUndefined();
    expect(logsSampleQuery({ refId: 'A', queryType: 'clsHistogram', topicId: 't' }, 'cls')).toBeUndefined();
    expect(logsSampleQuery({ refId: 'A', queryType: 'clsSql', query: '* | select 1' }, 'cls')).toBeUndefined();
  });
});

describe('logsSampleQuery for SCF', () => {
  it('shows the logs of the function a metrics query charts', () => {
    expect(
      logsSampleQuery(
        { refId: 'A', queryType: 'scfMetrics', functionName: 'order-api', namespace: 'staging', qualifier: '2' },
        'scf'
      )
    ).toEqual({
      refId: 'logs-sample-A',
      datasource: undefined,
      queryType: 'scfLogs',
      functionName: 'order-api',
      namespace: 'staging',
      qualifier: '2',
      limit: LOGS_SAMPLE_LIMIT,
      order: 'desc',
    });
  });

  it('has no sample for logs queries, volume queries or a metrics query without a function', () => {
    expect(logsSampleQuery({ refId: 'A', queryType: 'scfLogs', functionName: 'f' }, 'scf')).toBeUndefined();
    expect(logsSampleQuery({ refId: 'A', functionName: 'f' }, 'scf')).toBeUndefined();
    expect(
      logsSampleQuery({ refId: 'A', queryType: 'scfMetrics', functionName: 'f', logVolume: true }, 'scf')
    ).toBeUndefined();
    expect(logsSampleQuery({ refId: 'A', queryType: 'scfMetrics' }, 'scf')).toBeUndefined();
  });
});

describe('logs sample through the data source', () => {
  const cases: Array<[Service, CloudLogsQuery, string]> = [
    ['sls', { refId: 'A', queryType: 'slsSql', logstore: 's', query: 'level: error | SELECT 1' }, 'slsLogs'],
    ['cls', { refId: 'A', queryType: 'clsSql', topicId: 't', query: 'level:error | select 1' }, 'clsLogs'],
    ['scf', { refId: 'A', queryType: 'scfMetrics', functionName: 'order-api' }, 'scfLogs'],
  ];

  it.each(cases)('%s offers the sample and builds its request', (service, query, sampleType) => {
    const ds = dataSource(service);
    expect(ds.getSupportedSupplementaryQueryTypes()).toContain(SupplementaryQueryType.LogsSample);
    expect(ds.getSupplementaryQuery({ type: SupplementaryQueryType.LogsSample }, query)).toMatchObject({
      queryType: sampleType,
      limit: LOGS_SAMPLE_LIMIT,
    });
    const req = ds.getSupplementaryRequest(SupplementaryQueryType.LogsSample, request([query]));
    expect(req).toMatchObject({ requestId: 'explore_1_log_sample', hideFromInspector: true });
    expect(req?.targets).toEqual([expect.objectContaining({ refId: 'logs-sample-A', queryType: sampleType })]);
    // An aggregate has a sample and no volume; Explore shows the one it gets.
    expect(ds.getSupplementaryRequest(SupplementaryQueryType.LogsVolume, request([query]))).toBeUndefined();
  });

  it.each(cases)('%s serves the sample through getDataProvider, as Grafana 11.0 asks', async (service, query) => {
    const lines = toDataFrame({
      refId: 'logs-sample-A',
      meta: { type: 'log-lines', typeVersion: [0, 0] },
      fields: [
        { name: 'timestamp', type: FieldType.time, values: [1000] },
        { name: 'body', type: FieldType.string, values: ['GET /a 500'] },
      ],
    });
    const spy = jest.spyOn(DataSourceWithBackend.prototype, 'query').mockReturnValue(of({ data: [lines] }));
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- what Grafana 11.0 Explore calls
    const provider = dataSource(service).getDataProvider(SupplementaryQueryType.LogsSample, request([query]));
    const responses = await lastValueFrom(provider!.pipe(toArray()));
    expect(spy.mock.calls[0][0].targets[0].refId).toBe('logs-sample-A');
    expect(responses.map((r) => r.state)).toEqual([LoadingState.Loading, LoadingState.Done]);
    // The sample stays a logs frame: no volume metadata, no bar styling.
    expect(responses[1].data[0].meta.custom?.logsVolumeType).toBeUndefined();
    expect(responses[1].data[0].fields[1].values).toEqual(['GET /a 500']);
  });

  it('says there is no provider when no query has a sample', () => {
    const ds = dataSource('sls');
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- what Grafana 11.0 Explore calls
    const provider = ds.getDataProvider(SupplementaryQueryType.LogsSample, request([{ refId: 'A', logstore: 's' }]));
    expect(provider).toBeUndefined();
  });
});
