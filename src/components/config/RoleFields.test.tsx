import { DataSourceSettings } from '@grafana/data';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';

import { dataSourceSettings } from '../../test/datasourceFixture';
import { CloudLogsOptions, CloudLogsSecureJsonData } from '../../types';
import { ConfigEditor } from '../ConfigEditor';

type Options = DataSourceSettings<CloudLogsOptions, CloudLogsSecureJsonData>;

function setup(options: Options) {
  const onOptionsChange = jest.fn();
  render(<ConfigEditor options={options} onOptionsChange={onOptionsChange} />);
  return onOptionsChange;
}

describe('role assumption fields', () => {
  it('offers only the role ARN until one is set', () => {
    setup(dataSourceSettings({ service: 'sls' }));
    expect(screen.getByLabelText('Role ARN')).toHaveAttribute(
      'placeholder',
      'acs:ram::1234567890123456:role/log-reader'
    );
    expect(screen.queryByLabelText('External ID')).not.toBeInTheDocument();
  });

  it('writes the role ARN to jsonData', async () => {
    const onOptionsChange = setup(dataSourceSettings({ service: 'cls' }));
    expect(screen.getByLabelText('Role ARN')).toHaveAttribute(
      'placeholder',
      'qcs::cam::uin/100000000001:roleName/log-reader'
    );
    await userEvent.type(screen.getByLabelText('Role ARN'), 'q');
    expect(onOptionsChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ jsonData: expect.objectContaining({ roleArn: 'q' }) })
    );
  });

  it('shows the session settings with the vendor defaults once a role is set', () => {
    setup(
      dataSourceSettings({
        service: 'scf',
        roleArn: 'qcs::cam::uin/1:roleName/r',
        externalId: 'ext',
        roleDurationSeconds: 60,
      })
    );
    expect(screen.getByLabelText('Role session name')).toHaveAttribute('placeholder', 'grafana-cloudlogs');
    expect(screen.getByLabelText('External ID')).toHaveValue('ext');
    expect(screen.getByLabelText('Session duration (s)')).toHaveAttribute('placeholder', '7200');
    expect(screen.getByText('Use 900 to 43200, or leave empty for 7200.')).toBeInTheDocument();
    expect(screen.getByLabelText('STS endpoint')).toBeInTheDocument();
    expect(screen.getByLabelText('Session policy')).toBeInTheDocument();
  });
});
