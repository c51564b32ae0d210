import { DataFrame, FieldType, toDataFrame } from '@grafana/data';

import { addDataLinks } from './dataLinks';

function logsFrame(refId: string, labels: Array<Record<string, string>>): DataFrame {
  return toDataFrame({
    refId,
    meta: { type: 'log-lines', preferredVisualisationType: 'logs' },
    fields: [
      { name: 'timestamp', type: FieldType.time, values: labels.map((_, i) => i) },
      { name: 'body', type: FieldType.string, values: labels.map(() => 'line') },
      { name: 'labels', type: FieldType.other, values: labels },
    ],
  });
}

describe('addDataLinks', () => {
  it('links an SCF requestId to the logs of that invocation', () => {
    const frame = logsFrame('A', [{ requestId: 'r-1' }, { requestId: 'r-2' }]);
    const [out] = addDataLinks([frame], [{ refId: 'A', functionName: 'order-api', namespace: 'default' }], {
      uid: 'ds1',
      name: 'SCF',
      service: 'scf',
    });
    const field = out.fields.find((f) => f.name === 'requestId')!;
    expect(field.values).toEqual(['r-1', 'r-2']);
    expect(field.config.links?.[0].internal).toEqual({
      datasourceUid: 'ds1',
      datasourceName: 'SCF',
      query: {
        refId: 'A',
        queryType: 'scfLogs',
        functionName: 'order-api',
        namespace: 'default',
        qualifier: undefined,
        requestId: '${__value.raw}',
      },
    });
  });

  it('links SLS trace ids from labels given as JSON text', () => {
    const frame = logsFrame('A', []);
    frame.fields[2].values = ['{"trace_id":"t-1","status":"200"}', '{"status":"500"}'];
    frame.fields[0].values = [1, 2];
    frame.fields[1].values = ['a', 'b'];
    frame.length = 2;
    const [out] = addDataLinks([frame], [{ refId: 'A', logstore: 'nginx-access' }], {
      uid: 'ds2',
      name: 'SLS',
      service: 'sls',
    });
    const field = out.fields.find((f) => f.name === 'trace_id')!;
    expect(field.values).toEqual(['t-1', '']);
    expect(field.config.links?.[0].internal?.query).toMatchObject({
      queryType: 'slsLogs',
      logstore: 'nginx-access',
      query: 'trace_id: "${__value.raw}"',
    });
    expect(out.fields.some((f) => f.name === 'traceId')).toBe(false);
  });

  it('links CLS ids, and SCF request ids in CLS, to a search of the same topics', () => {
    const frame = logsFrame('A', [{ SCF_RequestId: 'req-1', __topic_id__: 't1' }, { trace_id: 'tr-2' }]);
    const [out] = addDataLinks([frame], [{ refId: 'A', topicIds: ['t1', 't2'], syntax: 'lucene' }], {
      uid: 'ds3',
      name: 'CLS',
      service: 'cls',
    });
    const request = out.fields.find((f) => f.name === 'SCF_RequestId')!;
    expect(request.values).toEqual(['req-1', '']);
    expect(request.config.links?.[0].internal?.query).toEqual({
      refId: 'A',
      queryType: 'clsLogs',
      syntax: 'lucene',
      topicIds: ['t1', 't2'],
      query: 'SCF_RequestId:"${__value.raw}"',
    });
    expect(out.fields.find((f) => f.name === 'trace_id')?.config.links?.[0].internal?.query).toMatchObject({
      query: 'trace_id:"${__value.raw}"',
    });
  });

  it('leaves frames that are not logs, or have no matching query, untouched', () => {
    const table = toDataFrame({ refId: 'A', fields: [{ name: 'labels', values: [{ requestId: 'x' }] }] });
    const logs = logsFrame('Z', [{ requestId: 'x' }]);
    const target = { uid: 'u', name: 'n', service: 'scf' as const };
    expect(addDataLinks([table, logs], [{ refId: 'A' }], target)).toEqual([table, logs]);
  });
});
