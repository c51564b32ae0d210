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

  it('keeps TLS verification on by default and warns while it is skipped', async () => {
    const { onOptionsChange, view } = setup(settings({ service: 'sls' }));
    const toggle = screen.getByLabelText('Skip TLS certificate verification');
    expect(toggle).not.toBeChecked();
    expect(screen.queryByText('TLS certificate verification is off')).not.toBeInTheDocument();
    await userEvent.click(toggle);
    const last: Options = onOptionsChange.mock.calls.at(-1)[0];
    expect(last.jsonData.tlsSkipVerify).toBe(true);
    view.rerender(<ConfigEditor options={last} onOptionsChange={onOptionsChange} />);
    expect(screen.getByText('TLS certificate verification is off')).toBeInTheDocument();
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

  describe('Tencent CLS', () => {
    it('is offered as a service and shows its fields, the secret hidden', () => {
      setup(
        settings(
          { service: 'cls', region: 'ap-guangzhou', secretId: 'AKID-x' },
          { secretKey: true, sessionToken: true }
        )
      );
      expect(screen.getByRole('radio', { name: 'Tencent CLS' })).toBeChecked();
      expect(screen.getByText('ap-guangzhou')).toBeInTheDocument();
      expect(screen.getByLabelText('SecretId')).toHaveValue('AKID-x');
      expect(screen.getByLabelText('SecretKey')).toHaveValue('configured');
      expect(screen.getByLabelText('Session token')).toHaveValue('configured');
      expect(screen.getByText('tencentcloudapi.com')).toBeInTheDocument();
      expect(screen.getByText(/Requests go to https:\/\/cls.tencentcloudapi.com\./)).toBeInTheDocument();
      expect(screen.queryByLabelText('Namespace')).not.toBeInTheDocument();
    });

    it('follows the root domain, stores the default as nothing, and says where an override goes', async () => {
      const { onOptionsChange, view } = setup(settings({ service: 'cls', rootDomain: 'intl.tencentcloudapi.com' }));
      expect(screen.getByText(/Requests go to https:\/\/cls.intl.tencentcloudapi.com\./)).toBeInTheDocument();
      await userEvent.click(screen.getByLabelText('Root domain'));
      await userEvent.click(await screen.findByText('tencentcloudapi.com'));
      expect(onOptionsChange).toHaveBeenLastCalledWith(expect.objectContaining({ jsonData: { service: 'cls' } }));
      view.unmount();
      setup(settings({ service: 'cls', endpoint: '127.0.0.1:8091' }));
      expect(screen.getByText(/Requests go to https:\/\/127.0.0.1:8091\./)).toBeInTheDocument();
    });

    it('switches from SCF keeping region and key id, but not the endpoint', async () => {
      const { onOptionsChange } = setup(
        settings({ service: 'scf', region: 'ap-shanghai', secretId: 'AKID', endpoint: 'scf.example' })
      );
      await userEvent.click(screen.getByRole('radio', { name: 'Tencent CLS' }));
      expect(onOptionsChange).toHaveBeenLastCalledWith(
        expect.objectContaining({ jsonData: { service: 'cls', region: 'ap-shanghai', secretId: 'AKID' } })
      );
    });

    it('bounds the searches per topic by the 15 CLS allows', async () => {
      const { onOptionsChange } = setup(settings({ service: 'cls', topicConcurrency: 20 }));
      await userEvent.click(screen.getByRole('button', { name: 'Expand section Limits' }));
      expect(screen.getByLabelText('Searches per topic')).toHaveAttribute('placeholder', '5');
      expect(screen.getByText('Use 1 to 15, or leave empty for 5.')).toBeInTheDocument();
      expect(screen.queryByLabelText('Requests per second')).not.toBeInTheDocument();
      await userEvent.clear(screen.getByLabelText('Searches per topic'));
      expect(onOptionsChange).toHaveBeenLastCalledWith(expect.objectContaining({ jsonData: { service: 'cls' } }));
    });

    it('says which settings the backend would refuse', () => {
      setup(settings({ service: 'cls', endpoint: 'ftp://cls.example' }));
      expect(screen.getByText('Check the settings')).toBeInTheDocument();
    });
  });

  describe('SCF log source', () => {
    it('defaults to auto on API 3.0 and shows the CLS endpoint and root domain', () => {
      setup(settings({ service: 'scf' }));
      expect(screen.getByRole('radio', { name: 'Auto' })).toBeChecked();
      expect(screen.getByLabelText('CLS endpoint override')).toHaveAttribute('placeholder', 'cls.tencentcloudapi.com');
      expect(screen.getByLabelText('Endpoint override')).toHaveAttribute('placeholder', 'scf.tencentcloudapi.com');
      expect(screen.getByLabelText('Root domain')).toBeInTheDocument();
      expect(screen.getByText(/QcloudCLSReadOnlyAccess/)).toBeInTheDocument();
    });

    it('stores the choice, and hides the CLS endpoint for GetFunctionLogs', async () => {
      const { onOptionsChange, view } = setup(settings({ service: 'scf' }));
      await userEvent.click(screen.getByRole('radio', { name: 'CLS' }));
      expect(onOptionsChange).toHaveBeenLastCalledWith(
        expect.objectContaining({ jsonData: { service: 'scf', logSource: 'cls' } })
      );
      view.unmount();
      setup(settings({ service: 'scf', logSource: 'getFunctionLogs' }));
      expect(screen.getByRole('radio', { name: 'GetFunctionLogs' })).toBeChecked();
      expect(screen.queryByLabelText('CLS endpoint override')).not.toBeInTheDocument();
    });

    it('forces GetFunctionLogs on the legacy v2 API and says why', async () => {
      const { onOptionsChange, view } = setup(settings({ service: 'scf', logSource: 'cls', region: 'ap-guangzhou' }));
      await userEvent.click(screen.getByRole('radio', { name: 'Legacy v2' }));
      expect(onOptionsChange).toHaveBeenLastCalledWith(
        expect.objectContaining({ jsonData: { service: 'scf', region: 'ap-guangzhou', apiVersion: 'v2' } })
      );
      view.unmount();
      setup(settings({ service: 'scf', apiVersion: 'v2' }));
      expect(screen.getByRole('radio', { name: 'GetFunctionLogs' })).toBeChecked();
      expect(screen.getByRole('radio', { name: 'Auto' })).toBeDisabled();
      expect(screen.getByText(/legacy v2 API reads logs only with GetFunctionLogs/)).toBeInTheDocument();
      expect(screen.queryByLabelText('Root domain')).not.toBeInTheDocument();
      expect(screen.getByLabelText('Endpoint override')).toHaveAttribute('placeholder', 'scf.api.qcloud.com');
    });

    it('offers searches per topic only when SCF reads CLS', async () => {
      setup(settings({ service: 'scf', logSource: 'getFunctionLogs' }));
      await userEvent.click(screen.getByRole('button', { name: 'Expand section Limits' }));
      expect(screen.queryByLabelText('Searches per topic')).not.toBeInTheDocument();
    });
  });
});
