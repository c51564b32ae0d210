import { DataQueryRequest, DataQueryResponse, LiveChannelScope, LoadingState } from '@grafana/data';
import { getGrafanaLiveSrv } from '@grafana/runtime';
import { merge, Observable, of } from 'rxjs';

import { CloudLogsQuery } from './types';

/** The query types live tail follows (pkg/livetail's Specs). */
export const LIVE_TAIL_QUERY_TYPES = ['slsLogs', 'clsLogs', 'scfLogs'];

/** Channel paths of a tail start with this (pkg/livetail.PathPrefix). */
export const LIVE_TAIL_PATH_PREFIX = 'tail/';

/** Lines a live view keeps, as many as one poll asks for (pkg/livetail.Limit). */
export const LIVE_TAIL_BUFFER = 1000;

/** The panel's bookkeeping: left out of a tail's data and its key. */
const IGNORED_KEYS = ['refId', 'datasource', 'key', 'hide', 'intervalMs', 'maxDataPoints', 'liveStreaming'];

/** The query a tail subscribes with: the query without the panel's bookkeeping. */
export function liveTailData(query: object): Record<string, unknown> {
  const data: Record<string, unknown> = { ...query };
  for (const k of IGNORED_KEYS) {
    delete data[k];
  }
  return data;
}

/**
 * The query as JSON.stringify writes it with its keys sorted at every level.
 * The backend writes the same text (pkg/livetail.Canonical), so both agree
 * on the channel a query is tailed on.
 */
export function canonicalJSON(value: unknown): string {
  if (Array.isArray(value)) {
    return (
      '[' + value.map((v) => (v === undefined || typeof v === 'function' ? 'null' : canonicalJSON(v))).join(',') + ']'
    );
  }
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const parts: string[] = [];
    for (const k of Object.keys(obj).sort()) {
      const v = obj[k];
      if (v === undefined || typeof v === 'function') {
        continue;
      }
      parts.push(JSON.stringify(k) + ':' + canonicalJSON(v));
    }
    return '{' + parts.join(',') + '}';
  }
  return JSON.stringify(value) ?? 'null';
}

function utf8(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    let cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) {
      cp = 0xfffd; // a lone surrogate, as Go reads it
    }
    if (cp < 0x80) {
      out.push(cp);
    } else if (cp < 0x800) {
      out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    } else {
      out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    }
  }
  return out;
}

const FNV128_OFFSET = BigInt('0x6c62272e07bb014262b821756295c58d');
const FNV128_PRIME = BigInt('0x0000000001000000000000000000013b');
const MASK128 = (BigInt(1) << BigInt(128)) - BigInt(1);

/**
 * The channel key of a query: FNV-1a 128 of its canonical JSON in hex. It
 * needs no secure context (crypto.subtle does), so Grafana over plain HTTP
 * tails too.
 */
export function liveTailKey(data: object): string {
  let h = FNV128_OFFSET;
  for (const b of utf8(canonicalJSON(liveTailData(data)))) {
    h = ((h ^ BigInt(b)) * FNV128_PRIME) & MASK128;
  }
  return h.toString(16).padStart(32, '0');
}

export function isLiveTailQuery(query: CloudLogsQuery): boolean {
  return LIVE_TAIL_QUERY_TYPES.includes(query.queryType ?? '');
}

/**
 * A live request (Explore's Live button, a logs panel streaming): each logs
 * query follows its channel in Grafana Live, whose backend polls the query
 * once for every viewer of the same query; other queries are not tailed.
 */
export function liveTail(
  uid: string,
  request: DataQueryRequest<CloudLogsQuery>,
  interpolate: (q: CloudLogsQuery) => CloudLogsQuery
): Observable<DataQueryResponse> {
  const streams = request.targets
    .filter((q) => !q.hide)
    .map(interpolate)
    .filter(isLiveTailQuery)
    .map((query) => {
      const data = liveTailData(query);
      return getGrafanaLiveSrv().getDataStream({
        key: `${request.requestId}-${query.refId}`,
        addr: {
          scope: LiveChannelScope.DataSource,
          // The data source's uid: Grafana 11 reads namespace, later
          // versions stream.
          stream: uid,
          // eslint-disable-next-line @typescript-eslint/no-deprecated
          namespace: uid,
          path: LIVE_TAIL_PATH_PREFIX + liveTailKey(data),
          data,
        },
        buffer: { maxLength: LIVE_TAIL_BUFFER },
      });
    });
  if (streams.length === 0) {
    return of({
      data: [],
      state: LoadingState.Error,
      errors: [
        { message: `Live tail follows logs queries (${LIVE_TAIL_QUERY_TYPES.join(', ')}); this panel has none` },
      ],
    });
  }
  return merge(...streams);
}
