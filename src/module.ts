import { DataSourcePlugin } from '@grafana/data';

import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { DataSource } from './datasource';
import { CloudLogsOptions, CloudLogsQuery, CloudLogsSecureJsonData } from './types';

export const plugin = new DataSourcePlugin<DataSource, CloudLogsQuery, CloudLogsOptions, CloudLogsSecureJsonData>(
  DataSource
)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
