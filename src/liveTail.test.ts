import { DataQueryRequest, LiveChannelScope, LoadingState } from '@grafana/data';
import { lastValueFrom, of } from 'rxjs';

import vectors from '../pkg/livetail/testdata/key_vectors.json';
import { canonicalJSON, liveTail, liveTailKey, LIVE_TAIL_BUFFER } from './liveTail';
import { CloudLogsQuery } from './types';

const getDataStream = jest.fn();
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getGrafanaLiveSrv: () => ({ getDataStream }),
}));

describe('live tail channel key', () => {
  it.each(vectors.map((v) => [v.canonical, v]))('agrees with the backend on %s', (_, v) => {
    const query = JSON.parse(JSON.stringify(v.query));
    const data = { ...query };
    for (const k of ['refId', 'datasource', 'key', 'hide', 'intervalMs', 'maxDataPoints', 'liveStreaming']) {
      delete data[k];
    }
    expect(canonicalJSON(data)).toBe(v.canonical);
    expect(liveTailKey(query)).toBe(v.key);
  });

  it('does not depend on key order or the panel bookkeeping', () => {
    const a = liveTailKey({ queryType: 'slsLogs', logstore: 'x', query: 'a', refId: 'A' });
    const b = liveTailKey({ refId: 'B', hide: false, query: 'a', logstore: 'x', queryType: 'slsLogs' });
    expect(a).toBe(b);
    expect(liveTailKey({ queryType: 'slsLogs', logstore: 'x', query: 'b' })).not.toBe(a);
  });
});

describe('live tail request', () => {
  const request = (targets: CloudLogsQuery[]) =>
    ({ requestId: 'r1', liveStreaming: true, targets, scopedVars: {} }) as unknown as DataQueryRequest<CloudLogsQuery>;

  beforeEach(() => getDataStream.mockReset().mockReturnValue(of({ data: ['frame'] })));

  it('follows each logs query on its channel of the data source, with the interpolated query as data', async () => {
    const targets = [
      { refId: 'A', queryType: 'slsLogs', logstore: 'app', query: '$level' },
      { refId: 'B', queryType: 'slsSql', logstore: 'app', query: '* | select 1' },
    ] as CloudLogsQuery[];
    const res = await lastValueFrom(
      liveTail('ds-uid', request(targets), (q) => ({ ...q, query: q.query?.replace('$level', 'error') }))
    );
    expect(res.data).toEqual(['frame']);
    expect(getDataStream).toHaveBeenCalledTimes(1);
    const opts = getDataStream.mock.calls[0][0];
    const data = { logstore: 'app', query: 'error', queryType: 'slsLogs' };
    expect(opts.addr).toEqual({
      scope: LiveChannelScope.DataSource,
      stream: 'ds-uid',
      namespace: 'ds-uid',
      path: 'tail/' + liveTailKey(data),
      data,
    });
    expect(opts.buffer).toEqual({ maxLength: LIVE_TAIL_BUFFER });
    expect(opts.key).toBe('r1-A');
  });

  it.each(['clsLogs', 'scfLogs'])('tails %s', async (queryType) => {
    await lastValueFrom(liveTail('u', request([{ refId: 'A', queryType } as CloudLogsQuery]), (q) => q));
    expect(getDataStream.mock.calls[0][0].addr.path).toBe('tail/' + liveTailKey({ queryType }));
  });

  it('says so when no query can be tailed', async () => {
    const res = await lastValueFrom(
      liveTail('u', request([{ refId: 'A', queryType: 'slsSql' } as CloudLogsQuery]), (q) => q)
    );
    expect(getDataStream).not.toHaveBeenCalled();
    expect(res.state).toBe(LoadingState.Error);
    expect(res.errors?.[0].message).toContain('slsLogs, clsLogs, scfLogs');
  });
});
