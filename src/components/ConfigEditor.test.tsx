import { DataSourceSettings } from '@grafana/data';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';

import { dataSourceSettings } from '../test/datasourceFixture';
import { CloudLogsOptions, CloudLogsSecureJsonData } from '../types';
import { ConfigEditor } from './ConfigEditor';

type Options = DataSourceSettings<CloudLogsOptions, CloudLogsSecureJsonData>;

const settings = dataSourceSettings;

function setup(options: Options) {
  const onOptionsChange = jest.fn();
  const view = render(<ConfigEditor options={options} onOptionsChange={onOptionsChange} />);
  return { onOptionsChange, view };
}

describe('ConfigEditor', () => {
  it('stores the service shown when none is stored yet', () => {
    const { onOptionsChange } = setup(settings({}));
    expect(onOptionsChange).toHaveBeenCalledWith(expect.objectContaining({ jsonData: { service: 'sls' } }));
  });

  it('shows the SLS fields for an SLS data source and never a stored secret', () => {
    setup(settings({ service: 'sls', project: 'demo', accessKeyId: 'AKID' }, { accessKeySecret: true }));
    expect(screen.getByLabelText('Project')).toHaveValue('demo');
    expect(screen.getByLabelText('AccessKey ID')).toHaveValue('AKID');
    const secret = screen.getByLabelText('AccessKey secret');
    expect(secret).toHaveValue('configured');
    expect(secret).toBeDisabled();
    expect(screen.queryByLabelText('Region')).not.toBeInTheDocument();
    // The reset buttons of the configured secret.
    expect(screen.getAllByRole('button', { name: /reset/i })).toHaveLength(1);
  });

  it('resets a configured secret so a new one can be typed', async () => {
    const { onOptionsChange } = setup(settings({ service: 'sls' }, { accessKeySecret: true }));
    await userEvent.click(screen.getByRole('button', { name: /reset/i }));
    expect(onOptionsChange).toHaveBeenLastCalledWith(
      expect.objectContaining({
        secureJsonFields: { accessKeySecret: false },
        secureJsonData: { accessKeySecret: '' },
      })
    );
  });

  it('writes typed secrets to secureJsonData only', async () => {
    const { onOptionsChange } = setup(settings({ service: 'scf' }));
    await userEvent.type(screen.getByLabelText('SecretKey'), 'k');
    const last = onOptionsChange.mock.calls.at(-1)[0];
    expect(last.secureJsonData).toEqual({ secretKey: 'k' });
    expect(JSON.stringify(last.jsonData)).not.toContain('"k"');
  });

  it('shows the SCF fields with their defaults', () => {
    setup(settings({ service: 'scf' }));
    expect(screen.getByLabelText('SecretId')).toBeInTheDocument();
    expect(screen.getByLabelText('Namespace')).toHaveAttribute('placeholder', 'default');
    expect(screen.getByText('Asia/Shanghai')).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'API 3.0' })).toBeChecked();
    expect(screen.queryByLabelText('Project')).not.toBeInTheDocument();
  });

  it('clears the endpoint when the service changes', async () => {
    const { onOptionsChange } = setup(
      settings({ service: 'sls', endpoint: 'cn-hangzhou.log.aliyuncs.com', project: 'p' })
    );
    await userEvent.click(screen.getByRole('radio', { name: 'Tencent Cloud SCF' }));
    expect(onOptionsChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ jsonData: { service: 'scf', project: 'p' } })
    );
  });

  it('says where an endpoint without scheme goes', () => {
    setup(settings({ service: 'sls', endpoint: 'cn-hangzhou.log.aliyuncs.com' }));
    expect(screen.getByText(/Requests go to https:\/\/cn-hangzhou.log.aliyuncs.com/)).toBeInTheDocument();
  });

  it('stores limits as numbers and removes them when emptied', async () => {
    const { onOptionsChange } = setup(settings({ service: 'scf', maxRows: 5 }));
    await userEvent.click(screen.getByRole('button', { name: 'Expand section Limits' }));
    expect(screen.getByLabelText('Timeout (seconds)')).toHaveAttribute('placeholder', '30');
    expect(screen.getByLabelText('Requests per second')).toHaveAttribute('placeholder', '5');
    await userEvent.type(screen.getByLabelText('Concurrency'), '8');
    expect(onOptionsChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ jsonData: { service: 'scf', maxRows: 5, concurrency: 8 } })
    );
    await userEvent.clear(screen.getByLabelText('Max rows'));
    expect(onOptionsChange).toHaveBeenLastCalledWith(expect.objectContaining({ jsonData: { service: 'scf' } }));
  });
});
