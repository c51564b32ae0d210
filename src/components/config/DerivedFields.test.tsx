import { DataSourceSettings } from '@grafana/data';
import { setDataSourceSrv } from '@grafana/runtime';
import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import fs from 'fs';
import path from 'path';
import React, { useState } from 'react';

import { defaultDerivedFields, derivedFieldProblem } from '../../derivedFields';
import { dataSourceSettings } from '../../test/datasourceFixture';
import { fakeDataSourceSrv } from '../../test/fakeDataSourceSrv';
import { CloudLogsOptions, CloudLogsSecureJsonData, DerivedFieldConfig, Service } from '../../types';
import { DerivedFields } from './DerivedFields';

type Options = DataSourceSettings<CloudLogsOptions, CloudLogsSecureJsonData>;

beforeAll(() => setDataSourceSrv(fakeDataSourceSrv));

/** The editor with its state kept, as Grafana's settings page keeps it. */
function setup(jsonData: CloudLogsOptions) {
  const changes: Options[] = [];
  function Page() {
    const [options, setOptions] = useState(dataSourceSettings(jsonData));
    return (
      <DerivedFields
        options={options}
        onOptionsChange={(next) => {
          changes.push(next);
          setOptions(next);
        }}
      />
    );
  }
  render(<Page />);
  return { last: () => changes.at(-1)?.jsonData.derivedFields, changes };
}

const SERVICES: Service[] = ['sls', 'scf', 'cls'];

describe('defaultDerivedFields', () => {
  it('are the backend defaults (pkg/settings/testdata/derived_defaults.json)', () => {
    const file = path.join(__dirname, '../../../pkg/settings/testdata/derived_defaults.json');
    const golden = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const service of SERVICES) {
      expect(defaultDerivedFields(service, 'self-uid')).toEqual(golden[service]);
    }
  });
});

describe('DerivedFields editor', () => {
  it.each(SERVICES)('shows the %s defaults until a list is saved, then saves the whole list', async (service) => {
    const { last } = setup({ service });
    const defaults = defaultDerivedFields(service, 'cloudlogs-uid');
    // Folded while the defaults apply, so the settings page stays short.
    expect(screen.queryByText('Default links')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Expand section Derived fields' }));
    expect(screen.getByText('Default links')).toBeInTheDocument();
    defaults.forEach((f, i) =>
      expect(screen.getByLabelText('Name', { selector: `#derivedField-${i}-name` })).toHaveValue(f.name)
    );
    expect(screen.getByLabelText('Label', { selector: '#derivedField-0-matcher' })).toHaveValue(
      defaults[0].matcherRegex
    );

    await userEvent.type(screen.getByLabelText('URL label', { selector: '#derivedField-0-label' }), '!');
    const saved = last()!;
    expect(saved).toHaveLength(defaults.length);
    expect(saved[0]).toEqual({ ...defaults[0], urlDisplayLabel: `${defaults[0].urlDisplayLabel}!` });
    expect(saved.slice(1)).toEqual(defaults.slice(1));
    expect(screen.queryByText('Default links')).not.toBeInTheDocument();
  });

  it.each(SERVICES)('adds a %s regex field linking to Tempo', async (service) => {
    const { last } = setup({ service, derivedFields: [] });
    expect(screen.queryByText('Default links')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Add derived field' }));
    const type = (label: RegExp | string, id: string, value: string) =>
      fireEvent.change(screen.getByLabelText(label, { selector: `#derivedField-0-${id}` }), { target: { value } });
    type('Name', 'name', 'TraceID');
    type(/^Regex/, 'matcher', 'traceID=\\w+');
    expect(screen.getByRole('alert')).toHaveTextContent('The regex needs a capture group');
    type(/^Regex/, 'matcher', 'traceID=(\\w+)');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    await userEvent.click(screen.getByLabelText(/^Internal link/, { selector: '#derivedField-0-internal' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Pick the data source to link to.');
    const picker = screen.getByLabelText(/^Data source/, { selector: '#derivedField-0-datasource' });
    await userEvent.click(picker);
    // Only tracing and logs data sources are offered.
    expect(screen.queryByText('Prometheus')).not.toBeInTheDocument();
    await userEvent.click(screen.getByText('Tempo'));
    expect(screen.getByRole('alert')).toHaveTextContent('An internal link needs the query to run');
    type(/^Query/, 'url', '${__value.raw}');
    type('URL label', 'label', 'Trace');
    expect(last()).toEqual([
      {
        name: 'TraceID',
        matcherType: 'regex',
        matcherRegex: 'traceID=(\\w+)',
        datasourceUid: 'tempo-uid',
        url: '${__value.raw}',
        urlDisplayLabel: 'Trace',
      },
    ]);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('switches a row to a label and back to an external URL, removes rows and restores the defaults', async () => {
    const fields: DerivedFieldConfig[] = [
      { name: 'user', matcherType: 'regex', matcherRegex: 'user=(\\w+)', datasourceUid: 'jaeger-uid', url: 'x' },
      { name: 'order', matcherType: 'regex', matcherRegex: 'order=(\\d+)' },
    ];
    const { last } = setup({ service: 'cls', derivedFields: fields });
    await userEvent.click(screen.getAllByRole('radio', { name: 'Label' })[0]);
    expect(last()![0].matcherType).toBe('label');
    await userEvent.click(screen.getByLabelText(/^Internal link/, { selector: '#derivedField-0-internal' }));
    expect(last()![0].datasourceUid).toBeUndefined();
    expect(screen.getByLabelText(/^URL/, { selector: '#derivedField-0-url' })).toHaveValue('x');

    await userEvent.click(screen.getByRole('button', { name: 'Remove derived field 2' }));
    expect(last()!.map((f) => f.name)).toEqual(['user']);
    await userEvent.click(screen.getByRole('button', { name: 'Restore the defaults' }));
    expect(last()).toBeUndefined();
    expect(screen.getByText('Default links')).toBeInTheDocument();
  });
});

describe('derivedFieldProblem', () => {
  const row = (f: Partial<DerivedFieldConfig>): DerivedFieldConfig => ({ name: 'n', matcherRegex: '(x)', ...f });
  it('says what the backend would refuse', () => {
    expect(derivedFieldProblem(row({ name: ' ' }), [])).toBe('Give the field a name.');
    expect(derivedFieldProblem(row({ name: 'Body' }), [])).toMatch(/every logs frame has/);
    const a = row({});
    expect(derivedFieldProblem(a, [a, row({})])).toBe('Another derived field is named "n".');
    expect(derivedFieldProblem(row({ matcherRegex: '(' }), [])).toBe('The regex does not compile.');
    expect(derivedFieldProblem(row({ matcherRegex: '(?<=a)(b)' }), [])).toMatch(/RE2/);
    expect(derivedFieldProblem(row({ matcherType: 'label', matcherRegex: '' }), [])).toMatch(/label/);
    expect(derivedFieldProblem(row({ matcherType: 'label', matcherRegex: 'trace_id' }), [])).toBeUndefined();
  });
});
