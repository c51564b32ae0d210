import { createTheme, DataSourceSettings, dateTime, ScopedVars } from '@grafana/data';
import { setBackendSrv, setDataSourceSrv, setTemplateSrv, TemplateSrv } from '@grafana/runtime';
import { GlobalStyles, Tag, ThemeContext } from '@grafana/ui';
import React, { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

import { ConfigEditor } from '../src/components/ConfigEditor';
import { DerivedFields } from '../src/components/config/DerivedFields';
import { QueryEditor } from '../src/components/QueryEditor';
import { VariableQueryEditor } from '../src/components/VariableQueryEditor';
import { DataSource } from '../src/datasource';
import { dataSourceSettings as settings, instanceSettings } from '../src/test/datasourceFixture';
import { fakeDataSourceSrv } from '../src/test/fakeDataSourceSrv';
import { CloudLogsOptions, CloudLogsQuery, CloudLogsSecureJsonData } from '../src/types';
import { VariableQuery } from '../src/variableQuery';
import { fetchBackendSrv } from './backendSrv';

// The real editors, the real DataSource: only Grafana's services are stand-ins.
setBackendSrv(fetchBackendSrv);
// Grafana's list of data sources, for the derived fields' picker: Tempo, Jaeger, this one.
setDataSourceSrv(fakeDataSourceSrv);
const variables: Record<string, string> = { fn: 'order-api', store: 'nginx-access' };
setTemplateSrv({
  getVariables: () => Object.keys(variables).map((name) => ({ name, type: 'custom' })),
  replace: (text?: string, scoped?: ScopedVars) =>
    (text ?? '').replace(/\$(\w+)/g, (m, name) => String(scoped?.[name]?.value ?? variables[name] ?? m)),
  containsTemplate: (text?: string) => /\$\w+/.test(text ?? ''),
  updateTimeRange: () => {},
} as unknown as TemplateSrv);

/** Shows the state an editor produced, for the checks to read. */
function State({ value }: { value: unknown }) {
  return (
    <pre data-testid="state" style={{ display: 'none' }}>
      {JSON.stringify(value)}
    </pre>
  );
}

function ConfigPage({ initial }: { initial: DataSourceSettings<CloudLogsOptions, CloudLogsSecureJsonData> }) {
  const [options, setOptions] = useState(initial);
  return (
    <>
      <ConfigEditor options={options} onOptionsChange={setOptions} />
      <State value={options} />
    </>
  );
}

/** Only the derived-fields section, for its screenshot. */
function DerivedFieldsPage({ initial }: { initial: DataSourceSettings<CloudLogsOptions, CloudLogsSecureJsonData> }) {
  const [options, setOptions] = useState(initial);
  return (
    <>
      <DerivedFields options={options} onOptionsChange={setOptions} />
      <State value={options} />
    </>
  );
}

function QueryPage({ datasource, initial }: { datasource: DataSource; initial: CloudLogsQuery }) {
  const [query, setQuery] = useState(initial);
  const [runs, setRuns] = useState(0);
  return (
    <>
      <QueryEditor datasource={datasource} query={query} onChange={setQuery} onRunQuery={() => setRuns((n) => n + 1)} />
      <State value={{ query, runs }} />
    </>
  );
}

function VariablePage({ datasource }: { datasource: DataSource }) {
  const [query, setQuery] = useState<VariableQuery>({ refId: 'V' });
  return (
    <>
      <VariableQueryEditor datasource={datasource} query={query} onChange={setQuery} onRunQuery={() => {}} />
      <State value={query} />
    </>
  );
}

interface AdhocSample {
  service: string;
  keys: string[];
  key: string;
  values: string[];
}

/** Ad-hoc filter keys and one key's values, as Grafana's filter pickers get them from the real DataSource. */
function AdhocKeysPage() {
  const [samples, setSamples] = useState<AdhocSample[]>([]);
  useEffect(() => {
    const timeRange = { from: dateTime(0), to: dateTime(3600_000), raw: { from: 'now-1h', to: 'now' } };
    const load = async (service: string, ds: DataSource, queries: CloudLogsQuery[], key: string) => {
      const keys = await ds.getTagKeys({ filters: [], queries, timeRange });
      const values = await ds.getTagValues({ key, filters: [], queries, timeRange });
      return { service, keys: keys.map((k) => k.text), key, values: values.map((v) => v.text) };
    };
    Promise.all([
      load(
        'Alibaba SLS',
        slsDs,
        [
          { refId: 'A', logstore: 'nginx-access' },
          { refId: 'B', logstore: 'app-log' },
        ],
        'status'
      ),
      load('Tencent CLS', clsDs, [{ refId: 'A', topicId: NGINX_TOPIC }], 'method'),
      load('Tencent SCF', scfDs, [{ refId: 'A', functionName: 'order-api' }], 'functionName'),
    ]).then(setSamples);
  }, []);
  return (
    <>
      {samples.map((s) => (
        <section key={s.service} data-testid={`adhoc-${s.service}`} style={{ marginBottom: 16 }}>
          <h3>{s.service}: ad-hoc filter keys</h3>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}>
            {s.keys.map((k) => (
              <Tag key={k} name={k} />
            ))}
          </div>
          <p style={{ marginTop: 8 }}>
            Values of <code>{s.key}</code>: {s.values.join(', ')}
          </p>
        </section>
      ))}
      <State value={samples} />
    </>
  );
}

const NGINX_TOPIC = '7e6d5c4b-3a29-4180-b7c6-d5e4f3a2b1c0';

const slsDs = new DataSource(instanceSettings({ service: 'sls', project: 'demo' }));
const scfDs = new DataSource(instanceSettings({ service: 'scf', apiVersion: 'v3', namespace: 'default' }));
const clsDs = new DataSource(instanceSettings({ service: 'cls', region: 'ap-guangzhou' }));

const PAGES: Record<string, () => React.ReactElement> = {
  'config-sls': () => (
    <ConfigPage
      initial={settings(
        { service: 'sls', endpoint: 'cn-hangzhou.log.aliyuncs.com', project: 'demo', accessKeyId: 'LTAI-demo-key-id' },
        { accessKeySecret: true }
      )}
    />
  ),
  'config-scf': () => (
    <ConfigPage
      initial={settings(
        { service: 'scf', apiVersion: 'v3', region: 'ap-guangzhou', secretId: 'AKID-demo-secret-id' },
        { secretKey: true }
      )}
    />
  ),
  'config-cls': () => (
    <ConfigPage
      initial={settings(
        { service: 'cls', region: 'ap-guangzhou', secretId: 'AKID-demo-secret-id' },
        { secretKey: true }
      )}
    />
  ),
  'derived-fields': () => (
    <DerivedFieldsPage
      initial={settings({
        service: 'sls',
        derivedFields: [
          {
            name: 'TraceID',
            matcherType: 'regex',
            matcherRegex: 'traceID=(\\w+)',
            datasourceUid: 'tempo-uid',
            url: '${__value.raw}',
            urlDisplayLabel: 'Open in Tempo',
          },
          {
            name: 'trace_id',
            matcherType: 'label',
            matcherRegex: 'trace_id',
            datasourceUid: 'cloudlogs-uid',
            url: 'trace_id: "${__value.raw}"',
            urlDisplayLabel: 'Lines with this trace_id',
          },
        ],
      })}
    />
  ),
  'query-cls': () => (
    <QueryPage
      datasource={clsDs}
      initial={{ refId: 'A', queryType: 'clsLogs', query: 'status:>=500 AND method:GET', syntax: 'cql' }}
    />
  ),
  'variable-cls': () => <VariablePage datasource={clsDs} />,
  'query-sls': () => (
    <QueryPage
      datasource={slsDs}
      initial={{ refId: 'A', queryType: 'slsLogs', query: 'status >= 500 and request_method: GET', reverse: true }}
    />
  ),
  'query-scf': () => (
    <QueryPage datasource={scfDs} initial={{ refId: 'A', queryType: 'scfLogs', filter: { retCode: 'not0' } }} />
  ),
  'variable-scf': () => <VariablePage datasource={scfDs} />,
  'variable-sls': () => <VariablePage datasource={slsDs} />,
  'adhoc-keys': () => <AdhocKeysPage />,
};

function Harness() {
  const page = new URLSearchParams(window.location.search).get('page') ?? 'config-sls';
  const Page = PAGES[page] ?? (() => <p>Unknown page {page}</p>);
  const theme = createTheme({ colors: { mode: 'dark' } });
  return (
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <main data-page={page} style={{ padding: 24, maxWidth: 1100, background: theme.colors.background.primary }}>
        <Page />
      </main>
    </ThemeContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(<Harness />);
