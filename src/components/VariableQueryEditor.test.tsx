import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';

import type { DataSource } from '../datasource';
import { fakeClient, settle } from '../test/fakeClient';
import { fakeTemplateSrv } from '../test/fakeTemplateSrv';
import { VariableQuery } from '../variableQuery';
import { VariableQueryEditor } from './VariableQueryEditor';

const templateSrv = fakeTemplateSrv({});
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getTemplateSrv: () => templateSrv,
}));

async function setup(service: 'sls' | 'scf' | 'cls', query: Partial<VariableQuery> = {}) {
  const datasource = { ...fakeClient(), service, settings: { service } } as unknown as DataSource;
  const onChange = jest.fn();
  render(
    <VariableQueryEditor
      datasource={datasource}
      query={{ refId: 'V', ...query }}
      onChange={onChange}
      onRunQuery={jest.fn()}
    />
  );
  await settle();
  return { onChange, datasource };
}

describe('VariableQueryEditor', () => {
  it('lists SCF functions by namespace by default', async () => {
    const { onChange } = await setup('scf');
    expect(screen.getByRole('radio', { name: 'Functions' })).toBeChecked();
    await userEvent.click(screen.getByLabelText('Namespace'));
    await userEvent.click(await screen.findByText('staging'));
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'V', kind: 'functions', namespace: 'staging' });
  });

  it('offers the SLS lists and picks a logstore for field values', async () => {
    const { onChange } = await setup('sls', { kind: 'fieldValues' });
    expect(screen.getByRole('radio', { name: 'Logstores' })).toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('Logstore'));
    await userEvent.click(await screen.findByText('audit-log'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ kind: 'fieldValues', logstore: 'audit-log' }));
  });

  it('picks a field of the chosen logstore', async () => {
    const { onChange, datasource } = await setup('sls', { kind: 'fieldValues', logstore: 'nginx-access' });
    expect(datasource.getFields).toHaveBeenCalledWith('nginx-access');
    await userEvent.click(screen.getByLabelText('Field'));
    await userEvent.click(await screen.findByText('status'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ field: 'status', logstore: 'nginx-access' }));
  });

  it('edits the SQL and the column of an SQL-column variable', async () => {
    const { onChange } = await setup('sls', { kind: 'sqlColumn', sqlQueryType: 'slsProjectSql' });
    expect(screen.queryByLabelText('Logstore')).not.toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Column'), 'host');
    await userEvent.tab();
    await waitFor(() => expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ column: 'host' })));
  });

  it('starts a new kind from a clean query', async () => {
    const { onChange } = await setup('sls', { kind: 'fieldValues', logstore: 'x', field: 'y' });
    await userEvent.click(screen.getByRole('radio', { name: 'Logstores' }));
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'V', kind: 'logstores' });
  });

  it('lists CLS topics by default, optionally of a logset', async () => {
    const { onChange } = await setup('cls');
    expect(screen.getByRole('radio', { name: 'Topics' })).toBeChecked();
    await userEvent.click(screen.getByLabelText('Logset'));
    await userEvent.click(await screen.findByText('demo-apps'));
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'V', kind: 'topics', logsetId: 'ls-apps' });
  });

  it('picks a topic and one of its fields for CLS field values', async () => {
    const { onChange, datasource } = await setup('cls', { kind: 'fieldValues' });
    expect(screen.queryByLabelText('Logstore')).not.toBeInTheDocument();
    // No topic yet: nothing to look fields up for.
    expect(datasource.getTopicFields).not.toHaveBeenCalled();
    await userEvent.click(screen.getByLabelText('Topic'));
    await userEvent.click(await screen.findByText('nginx-access'));
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'V', kind: 'fieldValues', topicId: 'topic-nginx' });
  });

  it('looks up the fields of the chosen topic', async () => {
    const { onChange, datasource } = await setup('cls', { kind: 'fieldValues', topicId: 'topic-nginx' });
    expect(datasource.getTopicFields).toHaveBeenCalledWith('topic-nginx');
    await userEvent.click(screen.getByLabelText('Field'));
    await userEvent.click(await screen.findByText('method'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ field: 'method', topicId: 'topic-nginx' }));
  });
});
