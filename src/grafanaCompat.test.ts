import { BackendSrv, setBackendSrv } from '@grafana/runtime';
import fs from 'fs';
import path from 'path';
import { of } from 'rxjs';

import { DataSource } from './datasource';
import { instanceSettings } from './test/datasourceFixture';

/*
 * What keeps the plugin working from Grafana 11.0 (plugin.json's
 * grafanaDependency) to 13: Grafana 13 turns the numeric-id data source
 * routes off, so every call to the backend goes by uid; and @grafana/data,
 * /runtime and /ui come from the running Grafana, not from package.json, so
 * every value imported from them must exist in 11.0 (types vanish at build).
 */

const SRC = __dirname;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === 'test' ? [] : sourceFiles(full);
    }
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const sources = sourceFiles(SRC).map((file) => ({
  file: path.relative(SRC, file),
  text: fs.readFileSync(file, 'utf8'),
}));

const backendSrvFetch = jest.fn();
setBackendSrv({ fetch: backendSrvFetch } as unknown as BackendSrv);

describe('data source routes', () => {
  it('builds no numeric-id data source URL anywhere in src', () => {
    // /api/datasources/<id>/..., /api/datasources/proxy/<id>/... and a query's datasourceId are the routes and
    // field Grafana 13 no longer serves; /api/datasources/uid/... is the one way in.
    const idRoute =
      /api\/datasources\/(?!uid\/)|datasources\/proxy\/|\bdatasourceId\b|instanceSettings\.id\b|this\.id\b/;
    const offenders = sources.filter(({ text }) => idRoute.test(text)).map(({ file }) => file);
    expect(offenders).toEqual([]);
  });

  it('sends look-ups to the uid resource route', async () => {
    backendSrvFetch.mockReturnValue(of({ data: ['app-log'] }));
    const ds = new DataSource(instanceSettings({ service: 'sls', project: 'demo' }));
    await expect(ds.getLogstores()).resolves.toEqual(['app-log']);
    expect(backendSrvFetch).toHaveBeenCalledWith(
      expect.objectContaining({ method: 'GET', url: `/api/datasources/uid/${ds.uid}/resources/logstores` })
    );
  });
});

/*
 * Values (not types) the plugin may take from the running Grafana, each
 * checked present in Grafana 11.0. A new one fails the test below: check the
 * symbol exists in 11.0's package (or feature-detect it, with a fallback,
 * as getDataProvider does for log volume) and then add it here.
 */
const PRESENT_IN_GRAFANA_11_0: Record<string, string[]> = {
  '@grafana/data': [
    'AnnotationEventFieldSource',
    'CoreApp',
    'CustomVariableSupport',
    'DataSourcePlugin',
    'FieldColorModeId',
    'FieldType',
    'LiveChannelScope',
    'LoadingState',
    'LogRowContextQueryDirection',
    'LogsVolumeType',
    'SupplementaryQueryType',
    'dateTime',
    'toDataFrame',
  ],
  '@grafana/runtime': [
    'DataSourcePicker',
    'DataSourceWithBackend',
    'getDataSourceSrv',
    'getGrafanaLiveSrv',
    'getTemplateSrv',
  ],
  '@grafana/ui': [
    'Alert',
    'Button',
    'CodeEditor',
    'Divider',
    'Field',
    'Icon',
    'IconButton',
    'InlineField',
    'InlineFieldRow',
    'Input',
    'MultiSelect',
    'RadioButtonGroup',
    'SecretInput',
    'Select',
    'Switch',
    'Tag',
    'TextArea',
    'Tooltip',
    'useTheme2',
  ],
};

const HOST_PACKAGES = Object.keys(PRESENT_IN_GRAFANA_11_0);

function importedNames(pkg: string): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  const importRe = new RegExp(`import\\s+(type\\s+)?\\{([^}]*)\\}\\s+from\\s+'${pkg}'`, 'g');
  for (const { file, text } of sources) {
    for (const m of text.matchAll(importRe)) {
      if (m[1]) {
        continue; // import type { ... }: erased at build
      }
      for (const part of m[2].split(',')) {
        const name = part.trim().split(/\s+as\s+/)[0];
        if (name && !name.startsWith('type ')) {
          byName.set(name, [...(byName.get(name) ?? []), file]);
        }
      }
    }
  }
  return byName;
}

describe('Grafana 11.0 compatibility', () => {
  it.each(HOST_PACKAGES)('imports from %s only values Grafana 11.0 has', (pkg) => {
    // Only names the package exports at run time matter: interfaces and type aliases leave no trace in the bundle.
    const runtimeExports = new Set(Object.keys(jest.requireActual(pkg)));
    const unchecked = [...importedNames(pkg).entries()]
      .filter(([name]) => runtimeExports.has(name) && !PRESENT_IN_GRAFANA_11_0[pkg].includes(name))
      .map(([name, files]) => `${name} (${files.join(', ')})`);
    expect(unchecked).toEqual([]);
  });

  it('finds the imports it checks', () => {
    expect([...importedNames('@grafana/data').keys()]).toEqual(
      expect.arrayContaining(['SupplementaryQueryType', 'DataSourceWithSupplementaryQueriesSupport'])
    );
  });
});
