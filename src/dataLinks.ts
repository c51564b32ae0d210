import { DataFrame, DataLink, Field, FieldType } from '@grafana/data';

import { clsSearchKey } from './clsEscape';
import { queryTopics, withTopics } from './clsTopics';
import { CloudLogsQuery, Service } from './types';

/** SLS content keys that carry an id worth following across lines. */
export const SLS_TRACE_KEYS = ['trace_id', 'traceId', 'request_id'];
/** The same for CLS, plus the request id of SCF function logs delivered to CLS. */
export const CLS_TRACE_KEYS = [...SLS_TRACE_KEYS, 'SCF_RequestId'];

export interface LinkTarget {
  uid: string;
  name: string;
  service: Service;
}

function labelsOf(frame: DataFrame): Array<Record<string, string>> | undefined {
  const field = frame.fields.find((f) => f.name === 'labels');
  if (!field) {
    return undefined;
  }
  return field.values.map((v) => {
    if (typeof v === 'string') {
      try {
        return JSON.parse(v);
      } catch {
        return {};
      }
    }
    return (v as Record<string, string>) ?? {};
  });
}

function internalLink(title: string, target: LinkTarget, query: CloudLogsQuery): DataLink {
  return {
    title,
    url: '',
    internal: { datasourceUid: target.uid, datasourceName: target.name, query },
  };
}

function linkField(name: string, values: string[], link: DataLink): Field {
  return { name, type: FieldType.string, values, config: { links: [link] } };
}

/*
 * Explore shows a logs frame's extra fields in the line details with their
 * links. A label holds the id, so it is copied into its own field carrying an
 * internal link that runs the follow-up query in this data source.
 */
function scfLinks(frame: DataFrame, origin: CloudLogsQuery, target: LinkTarget): Field[] {
  const labels = labelsOf(frame);
  if (!labels || !labels.some((l) => l.requestId)) {
    return [];
  }
  const query: CloudLogsQuery = {
    refId: 'A',
    queryType: 'scfLogs',
    functionName: origin.functionName,
    namespace: origin.namespace,
    qualifier: origin.qualifier,
    requestId: '${__value.raw}',
  };
  return [
    linkField(
      'requestId',
      labels.map((l) => l.requestId ?? ''),
      internalLink('Logs of this invocation', target, query)
    ),
  ];
}

function slsLinks(frame: DataFrame, origin: CloudLogsQuery, target: LinkTarget): Field[] {
  const labels = labelsOf(frame);
  if (!labels) {
    return [];
  }
  return SLS_TRACE_KEYS.filter((key) => labels.some((l) => l[key])).map((key) =>
    linkField(
      key,
      labels.map((l) => l[key] ?? ''),
      internalLink(`Lines with this ${key}`, target, {
        refId: 'A',
        queryType: 'slsLogs',
        logstore: origin.logstore,
        // Grafana fills ${__value.raw} in; the quotes keep the id a phrase.
        query: `${key}: "\${__value.raw}"`,
      })
    )
  );
}

function clsLinks(frame: DataFrame, origin: CloudLogsQuery, target: LinkTarget): Field[] {
  const labels = labelsOf(frame);
  if (!labels) {
    return [];
  }
  return CLS_TRACE_KEYS.filter((key) => labels.some((l) => l[key])).map((key) =>
    linkField(
      key,
      labels.map((l) => l[key] ?? ''),
      internalLink(
        `Lines with this ${key}`,
        target,
        withTopics(
          {
            refId: 'A',
            queryType: 'clsLogs',
            syntax: origin.syntax,
            query: `${clsSearchKey(key, origin.syntax)}:"\${__value.raw}"`,
          },
          queryTopics(origin)
        )
      )
    )
  );
}

const LINKS_BY_SERVICE = { sls: slsLinks, scf: scfLinks, cls: clsLinks };

const isLogsFrame = (frame: DataFrame) =>
  frame.meta?.type === 'log-lines' || frame.meta?.preferredVisualisationType === 'logs';

/** Adds the link fields to the logs frames of a response. */
export function addDataLinks(frames: DataFrame[], queries: CloudLogsQuery[], target: LinkTarget): DataFrame[] {
  return frames.map((frame) => {
    const origin = queries.find((q) => q.refId === frame.refId);
    if (!origin || !isLogsFrame(frame)) {
      return frame;
    }
    const extra = LINKS_BY_SERVICE[target.service](frame, origin, target);
    const existing = new Set(frame.fields.map((f) => f.name));
    const added = extra.filter((f) => !existing.has(f.name));
    return added.length ? { ...frame, fields: [...frame.fields, ...added] } : frame;
  });
}
