import { CLSField, CLSLogset, CLSSyntax, CLSTopic, SCFFunction, SCFNamespace, SLSField, SLSFieldValue } from './types';

/** The backend's look-up endpoints, as the editors and variables use them. */
export interface ResourceClient {
  getNamespaces(): Promise<SCFNamespace[]>;
  getFunctions(namespace?: string): Promise<SCFFunction[]>;
  getLogstores(): Promise<string[]>;
  getFields(logstore: string): Promise<SLSField[]>;
  getFieldValues(params: FieldValuesParams): Promise<SLSFieldValue[]>;
  getLogsets(): Promise<CLSLogset[]>;
  getTopics(params?: TopicSearch): Promise<CLSTopic[]>;
  getTopicFields(topicId: string): Promise<CLSField[]>;
  getTopicFieldValues(params: TopicFieldValuesParams): Promise<SLSFieldValue[]>;
}

export interface TopicSearch {
  /** A fuzzy name or a topic id; empty lists the topics. */
  search?: string;
  logsetId?: string;
}

export interface TopicFieldValuesParams {
  topicId: string;
  field: string;
  /** Epoch milliseconds. */
  from: number;
  to: number;
  query?: string;
  syntax?: CLSSyntax;
  limit?: number;
}

export interface FieldValuesParams {
  logstore: string;
  field: string;
  /** Epoch milliseconds. */
  from: number;
  to: number;
  query?: string;
  limit?: number;
}

/**
 * The message of a failed look-up: the backend answers `{error: "..."}`,
 * Grafana's own proxy `{message: "..."}`; a network failure has neither.
 */
export function resourceErrorMessage(err: unknown): string {
  if (typeof err === 'string') {
    return err;
  }
  if (err && typeof err === 'object') {
    const e = err as {
      data?: { error?: string; message?: string };
      message?: string;
      status?: number;
      statusText?: string;
    };
    const text = e.data?.error || e.data?.message || e.message || e.statusText;
    if (text) {
      return e.status ? `${text} (HTTP ${e.status})` : text;
    }
    if (e.status) {
      return `request failed with HTTP ${e.status}`;
    }
  }
  return 'request failed';
}
