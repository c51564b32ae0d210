import { FieldType, LogRowContextQueryDirection, toDataFrame } from '@grafana/data';

import {
  clsContextRequest,
  contextLines,
  contextRequest,
  dedupeLogLines,
  scfContextRequest,
  slsContextRequest,
} from './logsContext';

const slsRow = {
  timeEpochMs: 1_700_000_000_000,
  labels: { __pack_id__: 'ABC-1', __pack_meta__: '0|MTY=|1|2', status: '200' },
};

describe('SLS context', () => {
  it('asks backward for the lines before', () => {
    const req = slsContextRequest(
      slsRow,
      { refId: 'A', logstore: 'nginx-access' },
      LogRowContextQueryDirection.Backward,
      30
    );
    expect(req?.targets).toEqual([
      {
        refId: 'log-context',
        datasource: undefined,
        queryType: 'slsContext',
        logstore: 'nginx-access',
        packId: 'ABC-1',
        packMeta: '0|MTY=|1|2',
        backLines: 30,
        forwardLines: 0,
      },
    ]);
  });

  it('asks forward for the lines after, capped at 100', () => {
    const req = slsContextRequest(slsRow, { refId: 'A', logstore: 'x' }, LogRowContextQueryDirection.Forward, 500);
    expect(req?.targets[0]).toMatchObject({ backLines: 0, forwardLines: 100 });
  });

  it('cannot ask without pack id and meta', () => {
    expect(slsContextRequest({ ...slsRow, labels: {} }, { refId: 'A', logstore: 'x' })).toBeUndefined();
  });

  it('defaults to 20 lines', () => {
    expect(contextLines(undefined)).toBe(20);
    expect(contextLines(0)).toBe(20);
  });
});

describe('SCF context', () => {
  const row = {
    timeEpochMs: 1_700_000_000_000,
    labels: { functionName: 'order-api', namespace: 'staging', requestId: 'req-1' },
  };

  it('queries the invocation and the neighbours before the line, newest first', () => {
    const req = scfContextRequest(row, { refId: 'A', qualifier: '$LATEST' }, LogRowContextQueryDirection.Backward, 10);
    expect(req.targets).toHaveLength(2);
    expect(req.targets[0]).toMatchObject({
      refId: 'log-context-invocation',
      queryType: 'scfLogs',
      requestId: 'req-1',
      functionName: 'order-api',
      namespace: 'staging',
    });
    expect(req.targets[1]).toMatchObject({ refId: 'log-context', order: 'desc', limit: 10, orderBy: 'startTime' });
    expect(req.targets[1].requestId).toBeUndefined();
    expect(req.to).toBeGreaterThan(row.timeEpochMs);
    expect(req.from).toBe(row.timeEpochMs - 3_600_000);
  });

  it('looks after the line, oldest first, going forward', () => {
    const req = scfContextRequest(row, { refId: 'A' }, LogRowContextQueryDirection.Forward);
    expect(req.targets[1]).toMatchObject({ order: 'asc', limit: 20 });
    expect(req.from).toBe(row.timeEpochMs);
  });

  it('falls back to the query function when the line has no labels', () => {
    const req = scfContextRequest({ timeEpochMs: 0, labels: {} }, { refId: 'A', functionName: 'hello-node' });
    expect(req.targets).toHaveLength(1);
    expect(req.targets[0].functionName).toBe('hello-node');
  });
});

describe('CLS context', () => {
  const row = {
    timeEpochMs: 1_700_000_000_123,
    labels: { __topic_id__: 'topic-nginx', __pkg_id__: '5A3C-1', __pkg_log_id__: '65540', status: '500' },
  };

  it('builds clsContext from the line labels and its time in ms, lines before going backward', () => {
    const req = clsContextRequest(row, { refId: 'A', topicIds: ['topic-nginx', 'topic-scf'] });
    expect(req?.targets).toEqual([
      {
        refId: 'log-context',
        datasource: undefined,
        queryType: 'clsContext',
        topicId: 'topic-nginx',
        pkgId: '5A3C-1',
        pkgLogId: 65540,
        time: 1_700_000_000_123,
        prevLogs: 10,
        nextLogs: 0,
      },
    ]);
    expect(req?.from).toBe(row.timeEpochMs - 3_600_000);
  });

  it('asks forward for the lines after, capped at 100', () => {
    const req = clsContextRequest(row, { refId: 'A' }, LogRowContextQueryDirection.Forward, 500);
    expect(req?.targets[0]).toMatchObject({ prevLogs: 0, nextLogs: 100 });
  });

  it("falls back to the query's one topic, and needs the package ids", () => {
    const labels = { __pkg_id__: 'P', __pkg_log_id__: '7' };
    expect(clsContextRequest({ ...row, labels }, { refId: 'A', topicId: 'only' })?.targets[0].topicId).toBe('only');
    expect(clsContextRequest({ ...row, labels }, { refId: 'A', topicIds: ['a', 'b'] })).toBeUndefined();
    expect(
      clsContextRequest({ ...row, labels: { __topic_id__: 't', __pkg_id__: 'P' } }, { refId: 'A' })
    ).toBeUndefined();
    expect(
      clsContextRequest({ ...row, labels: { ...row.labels, __pkg_log_id__: 'x1' } }, { refId: 'A' })
    ).toBeUndefined();
  });

  it('is what contextRequest builds for a CLS data source', () => {
    expect(contextRequest('cls', row, { refId: 'A' })?.targets[0].queryType).toBe('clsContext');
  });
});

describe('dedupeLogLines', () => {
  it('keeps the first occurrence of each id across frames', () => {
    const a = toDataFrame({
      fields: [
        { name: 'id', type: FieldType.string, values: ['1', '2'] },
        { name: 'body', type: FieldType.string, values: ['one', 'two'] },
      ],
    });
    const b = toDataFrame({
      fields: [
        { name: 'id', type: FieldType.string, values: ['2', '3'] },
        { name: 'body', type: FieldType.string, values: ['two again', 'three'] },
      ],
    });
    const [first, second] = dedupeLogLines([a, b]);
    expect(first.fields[1].values).toEqual(['one', 'two']);
    expect(second.length).toBe(1);
    expect(second.fields[1].values).toEqual(['three']);
  });
});
