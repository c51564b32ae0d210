import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';

import { deferred, fakeClient, settle } from '../../test/fakeClient';
import { fakeTemplateSrv } from '../../test/fakeTemplateSrv';
import { CloudLogsOptions, CloudLogsQuery } from '../../types';
import { SCFQueryEditor } from './SCFQueryEditor';

const templateSrv = fakeTemplateSrv({ fn: 'order-api' });
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getTemplateSrv: () => templateSrv,
}));

async function setup(
  query: Partial<CloudLogsQuery> = {},
  settings: CloudLogsOptions = { service: 'scf' },
  client = fakeClient()
) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  const q = { refId: 'A', queryType: 'scfLogs' as const, ...query };
  render(<SCFQueryEditor query={q} settings={settings} client={client} onChange={onChange} onRunQuery={onRunQuery} />);
  await settle();
  return { onChange, onRunQuery, client };
}

describe('SCFQueryEditor', () => {
  it('shows the backend defaults', async () => {
    await setup();
    expect(screen.getByRole('radio', { name: 'Logs' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'All' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'Descending' })).toBeChecked();
    expect(screen.getByText('Start time')).toBeInTheDocument();
    expect(screen.getByLabelText('Limit')).toHaveAttribute('placeholder', '1000');
  });

  it('loads the functions of the default namespace and picks one', async () => {
    const { onChange, onRunQuery, client } = await setup({}, { service: 'scf', namespace: 'staging' });
    await waitFor(() => expect(client.getFunctions).toHaveBeenCalledWith('staging'));
    await userEvent.click(screen.getByLabelText('Function'));
    await userEvent.click(await screen.findByText('order-api'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ functionName: 'order-api' }));
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('offers dashboard variables and keeps a custom value', async () => {
    await setup({ functionName: 'not-listed' });
    expect(await screen.findByText('not-listed')).toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('Function'));
    expect(await screen.findByText('$fn')).toBeInTheDocument();
  });

  it('shows the loading state while the look-up runs', async () => {
    const pending = deferred<never[]>();
    const client = fakeClient({ getFunctions: jest.fn().mockReturnValue(pending.promise) });
    await setup({}, { service: 'scf' }, client);
    await userEvent.click(screen.getByLabelText('Function'));
    expect((await screen.findAllByText('Loading functions…')).length).toBeGreaterThan(0);
    pending.resolve([]);
    await waitFor(() => expect(screen.queryByText('Loading functions…')).not.toBeInTheDocument());
    // Nothing listed: only the dashboard variable is offered.
    expect(screen.getByText('$fn')).toBeInTheDocument();
  });

  it('says when the look-up fails and keeps the picker usable', async () => {
    const client = fakeClient({
      getFunctions: jest
        .fn()
        .mockRejectedValue({ status: 403, data: { error: 'AuthFailure.SecretIdNotFound: bad key' } }),
    });
    const { onChange } = await setup({}, { service: 'scf' }, client);
    expect(
      await screen.findByText(
        'Could not load functions: AuthFailure.SecretIdNotFound: bad key (HTTP 403). You can still type a name.'
      )
    ).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Function'), 'typed-fn{enter}');
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ functionName: 'typed-fn' }));
  });

  it('reloads functions when the namespace changes', async () => {
    const { client, onChange } = await setup();
    await userEvent.click(screen.getByLabelText('Namespace'));
    await userEvent.click(await screen.findByText('staging'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ namespace: 'staging' }));
    expect(client.getNamespaces).toHaveBeenCalledTimes(1);
  });

  it('filters by result and runs', async () => {
    const { onChange, onRunQuery } = await setup();
    await userEvent.click(screen.getByRole('radio', { name: 'Errors only' }));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ filter: { retCode: 'not0' } }));
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });

  it('commits request id and limit on blur', async () => {
    const { onChange, onRunQuery } = await setup();
    await userEvent.type(screen.getByLabelText('Request id'), 'req-42');
    expect(onChange).not.toHaveBeenCalled();
    await userEvent.type(screen.getByLabelText('Limit'), '50');
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ requestId: 'req-42' }));
    await userEvent.tab();
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ limit: 50 }));
    expect(onRunQuery).toHaveBeenCalledTimes(2);
  });

  it('asks for a function on the legacy v2 API', async () => {
    await setup({}, { service: 'scf', apiVersion: 'v2' });
    expect(screen.getByText('The legacy v2 API needs a function name: choose a function.')).toBeInTheDocument();
  });

  it('offers the metrics for metrics queries', async () => {
    const { onChange } = await setup({ queryType: 'scfMetrics' });
    expect(screen.queryByLabelText('Request id')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('combobox', { name: 'Metrics' }));
    await userEvent.click(await screen.findByText('Error rate'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ metrics: ['errorRate'] }));
  });

  it('shows the filters added from the log details and removes one on click', async () => {
    const adhocFilters = [
      { key: 'requestId', operator: '=', value: 'r-1' },
      { key: 'retCode', operator: '!=', value: '0' },
    ];
    const { onChange, onRunQuery } = await setup({ adhocFilters });
    await userEvent.click(screen.getByText('requestId = r-1'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ adhocFilters: [adhocFilters[1]] }));
    expect(onRunQuery).toHaveBeenCalled();
  });
});
