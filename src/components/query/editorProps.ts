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
