import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';

import { DEMO, fakeClient, settle } from '../../test/fakeClient';
import { fakeTemplateSrv } from '../../test/fakeTemplateSrv';
import { CloudLogsQuery } from '../../types';
import { CLSQueryEditor } from './CLSQueryEditor';

const templateSrv = fakeTemplateSrv({ topic: 'topic-nginx' });
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
  const view = render(
    <CLSQueryEditor
      query={{ refId: 'A', ...query }}
      settings={{ service: 'cls' }}
      client={client}
      onChange={onChange}
      onRunQuery={onRunQuery}
    />
  );
  await settle();
  return { onChange, onRunQuery, client, view };
}

const searches = (client: ReturnType<typeof fakeClient>) => client.getTopics.mock.calls.map((c) => c[0]?.search);

describe('CLSQueryEditor', () => {
  it("shows the backend's defaults and asks for a topic", async () => {
    await setup();
    expect(screen.getByRole('radio', { name: 'Logs' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'CQL' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'Newest first' })).toBeChecked();
    expect(screen.getByLabelText('Query text')).toHaveValue('*');
    expect(screen.getByLabelText('Query text')).toHaveAttribute('data-language', 'cloudlogs-cls-cql');
    expect(screen.getByLabelText('Limit')).toHaveAttribute('placeholder', '1000');
    expect(screen.getByText('Choose a topic.')).toBeInTheDocument();
  });

  it('searches topics once typing pauses and picks one, which runs the query', async () => {
    const { onChange, onRunQuery, client } = await setup();
    await userEvent.type(screen.getByLabelText('Topics'), 'ngi');
    await waitFor(() => expect(searches(client)).toContain('ngi'));
    // Debounced: no look-up for the partial texts typed on the way.
    expect(searches(client)).not.toContain('n');
    expect(searches(client)).not.toContain('ng');
    await userEvent.click(await screen.findByText('nginx-access'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ topicId: 'topic-nginx' }));
    expect(onChange.mock.lastCall[0].topicIds).toBeUndefined();
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('describes topics with their id, logset and retention', async () => {
    await setup();
    await userEvent.click(screen.getByLabelText('Topics'));
    expect(await screen.findByText('topic-nginx · logset demo-apps · 30 days')).toBeInTheDocument();
  });

  it('writes several topics as topicIds', async () => {
    const { onChange } = await setup({ topicId: 'topic-nginx' });
    await userEvent.click(screen.getByLabelText('Topics'));
    await userEvent.click(await screen.findByText('SCF_logtopic_Xq3vB9Zc'));
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', topicIds: ['topic-nginx', 'topic-scf'] });
  });

  it('shows the name of a saved topic the first search does not list', async () => {
    const client = fakeClient({
      getTopics: jest
        .fn()
        .mockImplementation(async (p?: { search?: string }) =>
          p?.search === 'topic-scf' ? [DEMO.topics[0]] : [DEMO.topics[1]]
        ),
    });
    await setup({ topicId: 'topic-scf' }, client);
    expect(await screen.findByText('SCF_logtopic_Xq3vB9Zc')).toBeInTheDocument();
    expect(client.getTopics).toHaveBeenCalledWith({ search: 'topic-scf' });
  });

  it('says when topics cannot be searched and still takes a typed id', async () => {
    const client = fakeClient({
      getTopics: jest.fn().mockRejectedValue({ status: 403, data: { error: 'AuthFailure.UnauthorizedOperation' } }),
    });
    const { onChange } = await setup({}, client);
    expect(
      await screen.findByText(
        'Could not search topics: AuthFailure.UnauthorizedOperation (HTTP 403). You can still type a topic id.'
      )
    ).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Topics'), 'typed-topic-id');
    await userEvent.click(await screen.findByText(/typed-topic-id/, { selector: '[role="option"] *' }));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ topicId: 'typed-topic-id' }));
  });

  it("loads the first topic's fields; only SQL-enabled ones are offered as columns", async () => {
    const { client } = await setup({ queryType: 'clsSql', topicId: 'topic-nginx', query: '* | select 1' });
    expect(client.getTopicFields).toHaveBeenCalledWith('topic-nginx');
    await userEvent.click(screen.getByRole('combobox', { name: 'Time field' }));
    expect(await screen.findByText('request_time')).toBeInTheDocument();
    expect(screen.queryByText('raw_body')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Limit')).toHaveAttribute('placeholder', 'none');
  });

  it('switches the syntax, and with it the language of the editor', async () => {
    const { onChange, onRunQuery, view } = await setup({ topicId: 't' });
    await userEvent.click(screen.getByRole('radio', { name: 'Lucene' }));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ syntax: 'lucene' }));
    expect(onRunQuery).toHaveBeenCalled();
    view.rerender(
      <CLSQueryEditor
        query={{ refId: 'A', topicId: 't', syntax: 'lucene' }}
        settings={{ service: 'cls' }}
        client={fakeClient()}
        onChange={onChange}
        onRunQuery={onRunQuery}
      />
    );
    expect(screen.getByLabelText('Query text')).toHaveAttribute('data-language', 'cloudlogs-cls-lucene');
  });

  it('commits and runs the query text on blur', async () => {
    const { onChange, onRunQuery } = await setup({ topicId: 't' });
    const text = screen.getByLabelText('Query text');
    fireEvent.change(text, { target: { value: 'level:error' } });
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.blur(text);
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ query: 'level:error' }));
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });

  it('infers SQL from a pipe by the CQL rule, where a quoted pipe is text', async () => {
    const { view } = await setup({ topicId: 't', query: '* | select count(*) as c' });
    expect(screen.getByRole('radio', { name: 'SQL' })).toBeChecked();
    view.unmount();
    await setup({ topicId: 't', query: "msg:'a|b'" });
    expect(screen.getByRole('radio', { name: 'Logs' })).toBeChecked();
  });

  it('orders oldest first and commits the limit on blur', async () => {
    const { onChange } = await setup({ topicId: 't' });
    await userEvent.click(screen.getByRole('radio', { name: 'Oldest first' }));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ sort: 'asc' }));
    await userEvent.type(screen.getByLabelText('Limit'), '200');
    await userEvent.tab();
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ limit: 200 }));
  });

  it('shows problems inline', async () => {
    await setup({ queryType: 'clsLogs', topicId: 't', query: '* | select 1' });
    expect(screen.getByText(/choose the SQL query type/)).toBeInTheDocument();
  });

  it("shows a query moved from another service's data source as having no CLS type yet", async () => {
    const { onChange } = await setup({ queryType: 'slsLogs', topicId: 't' });
    expect(screen.getByText(/slsLogs is a query type of another service/)).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Logs' })).not.toBeChecked();
    await userEvent.click(screen.getByRole('radio', { name: 'Logs' }));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ queryType: 'clsLogs' }));
  });

  it('shows a context query as such', async () => {
    await setup({ queryType: 'clsContext', topicId: 't', pkgId: 'P', pkgLogId: 1, time: 5 });
    expect(screen.getByRole('radio', { name: 'Context' })).toBeChecked();
    expect(screen.queryByText('Check the query')).not.toBeInTheDocument();
  });
});
