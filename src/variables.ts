import { CustomVariableSupport, DataQueryRequest, DataQueryResponse, MetricFindValue } from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { from, lastValueFrom, map, Observable } from 'rxjs';

import { VariableQueryEditor } from './components/VariableQueryEditor';
import type { DataSource } from './datasource';
import { CloudLogsQuery } from './types';
import { columnValues, defaultVariableKind, namedIds, toMetricFindValues, VariableQuery } from './variableQuery';

/** Template variables list names and values through the backend's look-ups and queries. */
export class CloudLogsVariableSupport extends CustomVariableSupport<DataSource, VariableQuery, CloudLogsQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: DataSource) {
    super();
  }

  query(request: DataQueryRequest<VariableQuery>): Observable<DataQueryResponse> {
    return from(this.values(request.targets[0], request)).pipe(map((values) => ({ data: values })));
  }

  async values(query: VariableQuery, request: DataQueryRequest<VariableQuery>): Promise<MetricFindValue[]> {
    const ds = this.datasource;
    const kind = query.kind ?? defaultVariableKind(ds.service);
    const replace = (text?: string) => (text ? getTemplateSrv().replace(text, request.scopedVars) : '');
    switch (kind) {
      case 'namespaces':
        return toMetricFindValues((await ds.getNamespaces()).map((n) => n.name));
      case 'functions':
        return toMetricFindValues((await ds.getFunctions(replace(query.namespace) || undefined)).map((f) => f.name));
      case 'logstores':
        return toMetricFindValues(await ds.getLogstores());
      case 'logsets':
        return namedIds((await ds.getLogsets()).map((l) => ({ name: l.logsetName, id: l.logsetId })));
      case 'topics': {
        const topics = await ds.getTopics({ logsetId: replace(query.logsetId) || undefined });
        return namedIds(topics.map((t) => ({ name: t.topicName, id: t.topicId })));
      }
      case 'fieldValues': {
        if (ds.service === 'cls') {
          return this.topicFieldValues(query, request, replace);
        }
        if (!query.logstore || !query.field) {
          return [];
        }
        const values = await ds.getFieldValues({
          logstore: replace(query.logstore),
          field: replace(query.field),
          from: request.range.from.valueOf(),
          to: request.range.to.valueOf(),
          // getFieldValues interpolates the search text with search escaping.
          query: query.query,
          limit: query.limit,
        });
        return values.map((v) => ({ text: v.value, value: v.value }));
      }
      case 'sqlColumn': {
        if (!query.query) {
          return [];
        }
        const target: CloudLogsQuery = {
          refId: 'variable',
          queryType: query.sqlQueryType ?? 'slsSql',
          logstore: query.logstore,
          query: query.query,
          format: 'table',
        };
        const response = await lastValueFrom(ds.query({ ...request, targets: [target] }));
        const failure = response.errors?.[0];
        if (failure) {
          throw new Error(failure.message ?? 'the SQL query failed');
        }
        return columnValues(response.data, query.column);
      }
    }
  }

  private async topicFieldValues(
    query: VariableQuery,
    request: DataQueryRequest<VariableQuery>,
    replace: (text?: string) => string
  ): Promise<MetricFindValue[]> {
    if (!query.topicId || !query.field) {
      return [];
    }
    const values = await this.datasource.getTopicFieldValues({
      topicId: replace(query.topicId),
      field: replace(query.field),
      from: request.range.from.valueOf(),
      to: request.range.to.valueOf(),
      // getTopicFieldValues interpolates the search text by the CLS rules.
      query: query.query,
      syntax: query.syntax,
      limit: query.limit,
    });
    return values.map((v) => ({ text: v.value, value: v.value }));
  }
}
