import {
  AbsoluteTimeRange,
  DataFrame,
  Field,
  FieldColorModeId,
  FieldType,
  LogsVolumeCustomMetaData,
  LogsVolumeType,
} from '@grafana/data';

import { queryTopics, withTopics } from './clsTopics';
import { DEFAULT_CLS_SYNTAX, effectiveCLSQueryType, effectiveSLSQueryType } from './defaults';
import { clsDialect, splitSearchAndSQL } from './queryText';
import { CloudLogsQuery, Service } from './types';

export const LOG_VOLUME_REF_PREFIX = 'log-volume-';

/** CLS: clsHistogram of the search part over the same topics; the backend splits it by level. */
function clsLogsVolumeQuery(query: CloudLogsQuery, refId: string): CloudLogsQuery | undefined {
  const topics = queryTopics(query);
  if (effectiveCLSQueryType(query) !== 'clsLogs' || topics.length === 0) {
    return undefined;
  }
  const search = splitSearchAndSQL(query.query ?? '', clsDialect(query.syntax)).search;
  return withTopics(
    {
      refId,
      datasource: query.datasource,
      queryType: 'clsHistogram',
      query: search || '*',
      syntax: query.syntax ?? DEFAULT_CLS_SYNTAX,
      logVolume: true,
    },
    topics
  );
}

/**
 * The histogram query behind a logs query: SLS counts per level with GetHistograms
 * on the search part, CLS with a clsHistogram of it, SCF derives counts per
 * level from its invocation metrics. Anything that is not a logs query has no volume.
 */
export function logsVolumeQuery(query: CloudLogsQuery, service: Service): CloudLogsQuery | undefined {
  if (query.hide) {
    return undefined;
  }
  const refId = `${LOG_VOLUME_REF_PREFIX}${query.refId}`;
  if (service === 'cls') {
    return clsLogsVolumeQuery(query, refId);
  }
  if (service === 'sls') {
    if (effectiveSLSQueryType(query) !== 'slsLogs' || !query.logstore) {
      return undefined;
    }
    const search = splitSearchAndSQL(query.query ?? '').search;
    return {
      refId,
      datasource: query.datasource,
      queryType: 'slsHistogram',
      logstore: query.logstore,
      query: search || '*',
      topic: query.topic,
      logVolume: true,
    };
  }
  if ((query.queryType ?? 'scfLogs') !== 'scfLogs') {
    return undefined;
  }
  return {
    refId,
    datasource: query.datasource,
    queryType: 'scfMetrics',
    functionName: query.functionName,
    namespace: query.namespace,
    qualifier: query.qualifier,
    logVolume: true,
  };
}

/* The colours Grafana uses for log levels in Explore, so bars match the lines. */
const LEVEL_COLORS: Record<string, string> = {
  critical: '#705da0',
  error: '#e02f44',
  warning: '#ff9830',
  info: '#73bf69',
  debug: '#5794f2',
  trace: '#b877d9',
  unknown: '#8e8e8e',
};

export function levelColor(level: string): string {
  return LEVEL_COLORS[level] ?? LEVEL_COLORS.unknown;
}

export interface VolumeShapeOptions {
  range: AbsoluteTimeRange;
  datasourceName: string;
  /** The user's queries, by refId, which the volume queries were made from. */
  sourceQueries: CloudLogsQuery[];
}

/**
 * Dresses the backend's per-level series as Explore's log volume: full-range
 * metadata pointing at the source query, the level's colour, stacked bars.
 * The backend already labels each series with its level and names it after
 * it, in one place for every service, so only the presentation is added here.
 */
export function shapeLogsVolumeFrames(frames: DataFrame[], options: VolumeShapeOptions): DataFrame[] {
  return frames.map((frame) => {
    const sourceRefId = (frame.refId ?? '').replace(LOG_VOLUME_REF_PREFIX, '');
    const sourceQuery = options.sourceQueries.find((q) => q.refId === sourceRefId) ?? { refId: sourceRefId };
    const custom: LogsVolumeCustomMetaData = {
      logsVolumeType: LogsVolumeType.FullRange,
      absoluteRange: options.range,
      datasourceName: options.datasourceName,
      sourceQuery,
    };
    return {
      ...frame,
      meta: { ...frame.meta, custom: { ...frame.meta?.custom, ...custom } },
      fields: frame.fields.map((field) => (field.type === FieldType.number ? asVolumeBars(field) : field)),
    };
  });
}

/** Stacked bars in the level's colour, as Explore draws the volume of its own log sources. */
function asVolumeBars(field: Field): Field {
  return {
    ...field,
    config: {
      ...field.config,
      color: { mode: FieldColorModeId.Fixed, fixedColor: levelColor(field.labels?.level ?? 'unknown') },
      custom: { ...field.config.custom, drawStyle: 'bars', fillOpacity: 100, stacking: { mode: 'normal' } },
    },
  };
}
