import { FieldType, LogsVolumeType, toDataFrame } from '@grafana/data';

import { levelColor, logsVolumeQuery, shapeLogsVolumeFrames } from './logsVolume';

describe('logsVolumeQuery', () => {
  it('builds an SLS histogram of the search part only', () => {
    expect(
      logsVolumeQuery(
        { refId: 'A', queryType: 'slsLogs', logstore: 'nginx-access', query: 'status >= 500 | SELECT 1', topic: 't' },
        'sls'
      )
    ).toEqual({
      refId: 'log-volume-A',
      datasource: undefined,
      queryType: 'slsHistogram',
      logstore: 'nginx-access',
      query: 'status >= 500',
      topic: 't',
      logVolume: true,
    });
  });

  it('uses * for an empty SLS search and skips non-log queries', () => {
    expect(logsVolumeQuery({ refId: 'A', logstore: 'app-log', query: '' }, 'sls')?.query).toBe('*');
    expect(logsVolumeQuery({ refId: 'A', logstore: 'app-log', query: '* | SELECT 1' }, 'sls')).toBeUndefined();
    expect(logsVolumeQuery({ refId: 'A', queryType: 'slsProjectSql', query: 'SELECT 1' }, 'sls')).toBeUndefined();
    expect(logsVolumeQuery({ refId: 'A', queryType: 'slsLogs' }, 'sls')).toBeUndefined();
    expect(logsVolumeQuery({ refId: 'A', queryType: 'slsLogs', logstore: 'x', hide: true }, 'sls')).toBeUndefined();
  });

  it('builds SCF metrics for the function of a logs query', () => {
    expect(
      logsVolumeQuery(
        { refId: 'B', queryType: 'scfLogs', functionName: 'order-api', namespace: 'staging', qualifier: '2', limit: 5 },
        'scf'
      )
    ).toEqual({
      refId: 'log-volume-B',
      datasource: undefined,
      queryType: 'scfMetrics',
      functionName: 'order-api',
      namespace: 'staging',
      qualifier: '2',
      logVolume: true,
    });
    expect(logsVolumeQuery({ refId: 'B', queryType: 'scfInvocations' }, 'scf')).toBeUndefined();
  });
});

describe('logsVolumeQuery for CLS', () => {
  it('builds a clsHistogram of the search part, with the syntax and the topics', () => {
    expect(
      logsVolumeQuery(
        { refId: 'A', queryType: 'clsLogs', topicId: 'topic-nginx', query: "msg:'a|b' AND status:>=500", limit: 5 },
        'cls'
      )
    ).toEqual({
      refId: 'log-volume-A',
      datasource: undefined,
      queryType: 'clsHistogram',
      topicId: 'topic-nginx',
      query: "msg:'a|b' AND status:>=500",
      syntax: 'cql',
      logVolume: true,
    });
    expect(logsVolumeQuery({ refId: 'B', topicIds: ['t1', 't2'], query: '', syntax: 'lucene' }, 'cls')).toMatchObject({
      topicIds: ['t1', 't2'],
      query: '*',
      syntax: 'lucene',
    });
  });

  it('has no volume for SQL, histogram or topic-less queries', () => {
    expect(logsVolumeQuery({ refId: 'A', topicId: 't', query: '* | select count(*) as c' }, 'cls')).toBeUndefined();
    expect(logsVolumeQuery({ refId: 'A', queryType: 'clsHistogram', topicId: 't' }, 'cls')).toBeUndefined();
    expect(logsVolumeQuery({ refId: 'A', queryType: 'clsLogs' }, 'cls')).toBeUndefined();
  });
});

describe('shapeLogsVolumeFrames', () => {
  // Series as the backend sends them: each labelled and named by its level.
  const levelSeries = (level: string, values: number[]) => ({
    name: level,
    type: FieldType.number,
    values,
    labels: { level },
    config: { displayNameFromDS: level },
  });

  it('adds full-range metadata, level colours and stacked bars', () => {
    const frame = toDataFrame({
      refId: 'log-volume-A',
      fields: [{ name: 'time', type: FieldType.time, values: [1, 2] }, levelSeries('error', [3, 4])],
    });
    const source = { refId: 'A', logstore: 'app-log' };
    const [shaped] = shapeLogsVolumeFrames([frame], {
      range: { from: 0, to: 10 },
      datasourceName: 'SLS',
      sourceQueries: [source],
    });
    expect(shaped.meta?.custom).toEqual({
      logsVolumeType: LogsVolumeType.FullRange,
      absoluteRange: { from: 0, to: 10 },
      datasourceName: 'SLS',
      sourceQuery: source,
    });
    const value = shaped.fields[1];
    expect(value.config.color).toEqual({ mode: 'fixed', fixedColor: levelColor('error') });
    expect(value.config.custom).toMatchObject({ drawStyle: 'bars', fillOpacity: 100, stacking: { mode: 'normal' } });
    expect(shaped.fields[0].config.color).toBeUndefined();
  });

  it("keeps the backend's level label and display name as sent", () => {
    const frame = toDataFrame({ refId: 'log-volume-A', fields: [levelSeries('warning', [1])] });
    const [shaped] = shapeLogsVolumeFrames([frame], {
      range: { from: 0, to: 1 },
      datasourceName: 'x',
      sourceQueries: [],
    });
    expect(shaped.fields[0].labels).toEqual({ level: 'warning' });
    expect(shaped.fields[0].config.displayNameFromDS).toBe('warning');
    expect(shaped.fields[0].config.color?.fixedColor).toBe(levelColor('warning'));
  });

  it('colours a series without a level label, or with an unknown level, as unknown', () => {
    const frame = toDataFrame({
      refId: 'log-volume-A',
      fields: [{ name: 'count', type: FieldType.number, values: [1] }, levelSeries('nonsense', [2])],
    });
    const [shaped] = shapeLogsVolumeFrames([frame], {
      range: { from: 0, to: 1 },
      datasourceName: 'x',
      sourceQueries: [],
    });
    expect(shaped.fields[0].labels).toBeUndefined();
    expect(shaped.fields[0].config.color?.fixedColor).toBe(levelColor('unknown'));
    expect(shaped.fields[1].config.color?.fixedColor).toBe(levelColor('unknown'));
  });
});
