import { DataFrame, LogRowContextQueryDirection } from '@grafana/data';

import { DEFAULT_CLS_CONTEXT_LINES, DEFAULT_CONTEXT_LINES, MAX_CONTEXT_LINES } from './defaults';
import { CloudLogsQuery, Service } from './types';

/** What the context queries need from a log line. */
export interface ContextRow {
  timeEpochMs: number;
  labels: Record<string, string>;
  refId?: string;
}

export interface ContextRequest {
  targets: CloudLogsQuery[];
  /** Time range for the request, epoch milliseconds. */
  from: number;
  to: number;
}

export const CONTEXT_REF_ID = 'log-context';
export const CONTEXT_INVOCATION_REF_ID = 'log-context-invocation';

// Context lines are looked for this far away from the line.
const CONTEXT_WINDOW_MS = 60 * 60 * 1000;

export function contextLines(limit?: number, fallback = DEFAULT_CONTEXT_LINES): number {
  if (!limit || limit <= 0) {
    return fallback;
  }
  return Math.min(limit, MAX_CONTEXT_LINES);
}

const isBackward = (direction?: LogRowContextQueryDirection) => direction !== LogRowContextQueryDirection.Forward;

/**
 * SLS: GetContextLogs around the line's pack id and pack meta, one direction
 * per call (back lines are the lines before, forward lines those after).
 */
export function slsContextRequest(
  row: ContextRow,
  origin: CloudLogsQuery,
  direction?: LogRowContextQueryDirection,
  limit?: number
): ContextRequest | undefined {
  const packId = row.labels.__pack_id__;
  const packMeta = row.labels.__pack_meta__;
  if (!packId || !packMeta || !origin.logstore) {
    return undefined;
  }
  const lines = contextLines(limit);
  const backward = isBackward(direction);
  return {
    targets: [
      {
        refId: CONTEXT_REF_ID,
        datasource: origin.datasource,
        queryType: 'slsContext',
        logstore: origin.logstore,
        packId,
        packMeta,
        backLines: backward ? lines : 0,
        forwardLines: backward ? 0 : lines,
      },
    ],
    from: row.timeEpochMs - CONTEXT_WINDOW_MS,
    to: row.timeEpochMs + CONTEXT_WINDOW_MS,
  };
}

/**
 * SCF: the other lines of the same invocation (by request id) plus the
 * neighbouring invocations of the function, in a time window before (backward)
 * or after (forward) the line, ordered away from it.
 */
export function scfContextRequest(
  row: ContextRow,
  origin: CloudLogsQuery,
  direction?: LogRowContextQueryDirection,
  limit?: number
): ContextRequest {
  const backward = isBackward(direction);
  const functionName = row.labels.functionName || origin.functionName;
  const namespace = row.labels.namespace || origin.namespace;
  const base: CloudLogsQuery = {
    refId: CONTEXT_REF_ID,
    datasource: origin.datasource,
    queryType: 'scfLogs',
    functionName,
    namespace,
    qualifier: origin.qualifier,
    orderBy: 'startTime',
    order: backward ? 'desc' : 'asc',
    limit: contextLines(limit),
  };
  const targets: CloudLogsQuery[] = [base];
  const requestId = row.labels.requestId;
  if (requestId) {
    targets.unshift({ ...base, refId: CONTEXT_INVOCATION_REF_ID, requestId });
  }
  const t = row.timeEpochMs;
  return backward
    ? { targets, from: t - CONTEXT_WINDOW_MS, to: t + 1 }
    : { targets, from: t, to: t + CONTEXT_WINDOW_MS };
}

/**
 * CLS: DescribeLogContext around the line's package (topic, pkgId, pkgLogId
 * from its labels) at its time in ms; the backend writes the BTime string
 * CLS wants (UTC+8), which Tencent's own plugins get wrong in the browser.
 */
export function clsContextRequest(
  row: ContextRow,
  origin: CloudLogsQuery,
  direction?: LogRowContextQueryDirection,
  limit?: number
): ContextRequest | undefined {
  const topicId = row.labels.__topic_id__ || (origin.topicIds?.length ? undefined : origin.topicId);
  const pkgId = row.labels.__pkg_id__;
  const pkgLogId = Number(row.labels.__pkg_log_id__);
  if (!topicId || !pkgId || row.labels.__pkg_log_id__ === undefined || !Number.isInteger(pkgLogId)) {
    return undefined;
  }
  const lines = contextLines(limit, DEFAULT_CLS_CONTEXT_LINES);
  const backward = isBackward(direction);
  return {
    targets: [
      {
        refId: CONTEXT_REF_ID,
        datasource: origin.datasource,
        queryType: 'clsContext',
        topicId,
        pkgId,
        pkgLogId,
        time: row.timeEpochMs,
        prevLogs: backward ? lines : 0,
        nextLogs: backward ? 0 : lines,
      },
    ],
    from: row.timeEpochMs - CONTEXT_WINDOW_MS,
    to: row.timeEpochMs + CONTEXT_WINDOW_MS,
  };
}

export function contextRequest(
  service: Service,
  row: ContextRow,
  origin: CloudLogsQuery,
  direction?: LogRowContextQueryDirection,
  limit?: number
): ContextRequest | undefined {
  switch (service) {
    case 'sls':
      return slsContextRequest(row, origin, direction, limit);
    case 'cls':
      return clsContextRequest(row, origin, direction, limit);
    default:
      return scfContextRequest(row, origin, direction, limit);
  }
}

/** Why a line has no context, when contextRequest finds none. */
export const NO_CONTEXT_MESSAGE: Record<Service, string> = {
  sls: 'This line has no pack id and pack meta, so SLS cannot find its context.',
  cls: 'This line has no topic, package id and package log id, so CLS cannot find its context.',
  scf: 'This line has no function, so its context cannot be found.',
};

/**
 * Keeps each log line once (by its id field) across the frames, first
 * occurrence wins: the invocation's own lines also show up among its
 * neighbours. Frames without an id field pass unchanged.
 */
export function dedupeLogLines(frames: DataFrame[]): DataFrame[] {
  const seen = new Set<unknown>();
  return frames.map((frame) => {
    const ids = frame.fields.find((f) => f.name === 'id');
    if (!ids) {
      return frame;
    }
    const keep: number[] = [];
    ids.values.forEach((id, i) => {
      if (!seen.has(id)) {
        seen.add(id);
        keep.push(i);
      }
    });
    if (keep.length === frame.length) {
      return frame;
    }
    return {
      ...frame,
      length: keep.length,
      fields: frame.fields.map((f) => ({ ...f, values: keep.map((i) => f.values[i]) })),
    };
  });
}
