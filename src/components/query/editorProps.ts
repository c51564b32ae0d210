import { ResourceClient } from '../../resources';
import { CloudLogsOptions, CloudLogsQuery } from '../../types';

/** What each service's editor gets from the QueryEditor. */
export interface ServiceEditorProps {
  query: CloudLogsQuery;
  settings: CloudLogsOptions;
  client: ResourceClient;
  onChange: (query: CloudLogsQuery) => void;
  onRunQuery: () => void;
}

/**
 * Applies a change to the query; a pick (select, radio) also runs it, as in
 * Grafana's own editors, while typed text passes `run = false` and runs on blur.
 */
export function queryChanger({ query, onChange, onRunQuery }: ServiceEditorProps) {
  return (patch: Partial<CloudLogsQuery>, run = true) => {
    onChange({ ...query, ...patch });
    if (run) {
      onRunQuery();
    }
  };
}
