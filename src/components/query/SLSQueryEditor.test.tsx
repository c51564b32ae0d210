import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';

import { fakeClient, settle } from '../../test/fakeClient';
import { fakeTemplateSrv } from '../../test/fakeTemplateSrv';
import { CloudLogsQuery } from '../../types';
import { SLSQueryEditor } from './SLSQueryEditor';

const templateSrv = fakeTemplateSrv({ store: 'app-log' });
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getTemplateSrv: () => templateSrv,
}));
jest.mock('@grafana/ui', () => ({
  ...jest.requireActual('@grafana/ui'),
  CodeEditor: jest.requireActual('../../test/MockCodeEditor').MockCodeEditor,
}));

async function setup(query: Partial<CloudLogsQuery> = {}, client = fakeClient()) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  const q = { refId: 'A', ...query };
  const view = render(
    <SLSQueryEditor
      query={q}
      settings={{ service: 'sls' }}
      client={client}
      onChange={onChange}
      onRunQuery={onRunQuery}
    />
  );
  await settle();
  return { onChange, onRunQuery, client, view };
}

describe('SLSQueryEditor', () => {
  it('shows the backend defaults and asks for a logstore', async () => {
    await setup();
    expect(screen.getByRole('radio', { name: 'Logs' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'Newest first' })).toBeChecked();
    expect(screen.getByLabelText('Query text')).toHaveValue('*');
    expect(screen.getByLabelText('Limit')).toHaveAttribute('placeholder', '1000');
    expect(screen.getByText('Choose a logstore.')).toBeInTheDocument();
  });

  it('picks a logstore from the look-up and runs', async () => {
    const { onChange, onRunQuery, client } = await setup();
    await userEvent.click(screen.getByLabelText('Logstore'));
    await userEvent.click(await screen.findByText('nginx-access'));
    expect(client.getLogstores).toHaveBeenCalledTimes(1);
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ logstore: 'nginx-access' }));
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('loads the fields of the chosen logstore for completion and pickers', async () => {
    const { client } = await setup({ queryType: 'slsSql', logstore: 'nginx-access', query: '* | select 1' });
    await waitFor(() => expect(client.getFields).toHaveBeenCalledWith('nginx-access'));
    await userEvent.click(screen.getByRole('combobox', { name: 'Time field' }));
    expect(await screen.findByText('request_time')).toBeInTheDocument();
  });

  it('says when logstores cannot be listed', async () => {
    await setup(
      {},
      fakeClient({ getLogstores: jest.fn().mockRejectedValue({ data: { error: 'Unauthorized: bad key' } }) })
    );
    expect(
      await screen.findByText('Could not load logstores: Unauthorized: bad key. You can still type a name.')
    ).toBeInTheDocument();
  });

  it('commits and runs the query text on blur', async () => {
    const { onChange, onRunQuery } = await setup({ logstore: 'app-log' });
    const text = screen.getByLabelText('Query text');
    fireEvent.change(text, { target: { value: 'level: error' } });
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.blur(text);
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ query: 'level: error' }));
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });

  it('turns newest/oldest first into reverse', async () => {
    const { onChange } = await setup({ logstore: 'app-log' });
    await userEvent.click(screen.getByRole('radio', { name: 'Oldest first' }));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ reverse: false }));
  });

  it('uses the SQL language and hides the logstore for project SQL, and wants $__timeFilter', async () => {
    await setup({ queryType: 'slsProjectSql', query: 'SELECT count(*) FROM "nginx-access"' });
    expect(screen.queryByLabelText('Logstore')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Query text')).toHaveAttribute('data-language', 'cloudlogs-sls-sql');
    expect(screen.getByText(/Project SQL needs \$__timeFilter/)).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Format' })).toBeInTheDocument();
  });

  it('infers SQL from a pipe when the query type is missing', async () => {
    await setup({ logstore: 'app-log', query: '* | SELECT 1' });
    expect(screen.getByRole('radio', { name: 'SQL' })).toBeChecked();
    expect(screen.getByLabelText('Query text')).toHaveAttribute('data-language', 'cloudlogs-sls');
  });
});
