import { DataSourceInstanceSettings } from '@grafana/data';
import { DataSourceSrv, GetDataSourceListFilters } from '@grafana/runtime';

import { instanceSettings } from './datasourceFixture';

/** A data source of another plugin, as Grafana lists it. */
function other(uid: string, name: string, type: string, kind: { tracing?: boolean; logs?: boolean }) {
  const base = instanceSettings({});
  return { ...base, uid, name, type, meta: { ...base.meta, id: type, name: type, ...kind } };
}

/** Grafana's data source list, stood in: this data source, Tempo, Jaeger and a metrics one. */
export const fakeDataSources: DataSourceInstanceSettings[] = [
  { ...instanceSettings({ service: 'sls' }), meta: { ...instanceSettings({}).meta, logs: true } },
  other('tempo-uid', 'Tempo', 'tempo', { tracing: true }),
  other('jaeger-uid', 'Jaeger', 'jaeger', { tracing: true }),
  other('prom-uid', 'Prometheus', 'prometheus', {}),
] as DataSourceInstanceSettings[];

const find = (ref?: { uid?: string } | string | null) => {
  const key = typeof ref === 'string' ? ref : ref?.uid;
  return fakeDataSources.find((ds) => ds.uid === key || ds.name === key);
};

export const fakeDataSourceSrv = {
  getList: (filters?: GetDataSourceListFilters) =>
    fakeDataSources.filter((ds) => (!filters?.tracing || ds.meta.tracing) && (!filters?.filter || filters.filter(ds))),
  getInstanceSettings: find,
  get: () => Promise.reject(new Error('not in the stand-in')),
  reload: () => {},
  registerRuntimeDataSource: () => {},
} as unknown as DataSourceSrv;
