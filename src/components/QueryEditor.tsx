import { QueryEditorProps } from '@grafana/data';
import React from 'react';

import { DataSource } from '../datasource';
import { CloudLogsOptions, CloudLogsQuery } from '../types';
import { SCFQueryEditor } from './query/SCFQueryEditor';
import { SLSQueryEditor } from './query/SLSQueryEditor';

export type Props = QueryEditorProps<DataSource, CloudLogsQuery, CloudLogsOptions>;

/** The editor of the data source's service, chosen in its settings. */
export function QueryEditor({ datasource, query, onChange, onRunQuery }: Props) {
  const settings = datasource.settings;
  const Editor = datasource.service === 'scf' ? SCFQueryEditor : SLSQueryEditor;
  return <Editor query={query} settings={settings} client={datasource} onChange={onChange} onRunQuery={onRunQuery} />;
}
