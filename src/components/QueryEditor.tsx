import { QueryEditorProps } from '@grafana/data';
import React from 'react';

import { DataSource } from '../datasource';
import { CloudLogsOptions, CloudLogsQuery, Service } from '../types';
import { CLSQueryEditor } from './query/CLSQueryEditor';
import { ServiceEditorProps } from './query/editorProps';
import { SCFQueryEditor } from './query/SCFQueryEditor';
import { SLSQueryEditor } from './query/SLSQueryEditor';

export type Props = QueryEditorProps<DataSource, CloudLogsQuery, CloudLogsOptions>;

const EDITORS: Record<Service, (props: ServiceEditorProps) => React.JSX.Element> = {
  sls: SLSQueryEditor,
  scf: SCFQueryEditor,
  cls: CLSQueryEditor,
};

/** The editor of the data source's service, chosen in its settings. */
export function QueryEditor({ datasource, query, onChange, onRunQuery }: Props) {
  const settings = datasource.settings;
  const Editor = EDITORS[datasource.service];
  return <Editor query={query} settings={settings} client={datasource} onChange={onChange} onRunQuery={onRunQuery} />;
}
