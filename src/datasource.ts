import {
  AdHocVariableFilter,
  AnnotationEventFieldSource,
  AnnotationQuery,
  CoreApp,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceInstanceSettings,
  DataSourceWithLogsContextSupport,
  DataSourceGetTagKeysOptions,
  DataSourceGetTagValuesOptions,
  DataSourceWithSupplementaryQueriesSupport,
  DataSourceWithToggleableQueryFiltersSupport,
  dateTime,
  LoadingState,
  LogRowContextOptions,
  LogRowModel,
  MetricFindValue,
  QueryFilterOptions,
  QueryFixAction,
  ScopedVars,
  SupplementaryQueryOptions,
  SupplementaryQueryType,
  ToggleFilterAction,
} from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';
import { lastValueFrom, map, Observable, startWith } from 'rxjs';

import { getTagKeys, getTagValues, withRequestFilters } from './adhocFilters';
import { interpolateCLSQuery } from './clsInterpolation';
import { DEFAULT_CLS_QUERY, DEFAULT_CLS_SYNTAX, DEFAULT_SCF_QUERY, DEFAULT_SLS_QUERY } from './defaults';
import { interpolateQuery } from './interpolateQuery';
import { interpolateSLSQuery, ReplaceFn } from './interpolation';
import { liveTail } from './liveTail';
import { contextRequest, dedupeLogLines, NO_CONTEXT_MESSAGE } from './logsContext';
import { logsSampleQuery } from './logsSample';
import { logsVolumeQuery, shapeLogsVolumeFrames } from './logsVolume';
import { modifyQuery, SCF_MODIFICATIONS, SUPPORTED_MODIFICATIONS } from './modifyQuery';
import { queryHasFilter, toggleQueryFilter } from './queryFilters';
import { FieldValuesParams, ResourceClient, TopicFieldValuesParams, TopicSearch } from './resources';
import {
  CLSField,
  CLSLogset,
  CLSTopic,
  CloudLogsOptions,
  CloudLogsQuery,
  SCFFunction,
  SCFNamespace,
  Service,
  SLSField,
  SLSFieldValue,
} from './types';
import { CloudLogsVariableSupport } from './variables';

const SERVICES: Service[] = ['sls', 'scf', 'cls'];

const DEFAULT_QUERIES: Record<Service, Partial<CloudLogsQuery>> = {
  sls: DEFAULT_SLS_QUERY,
  scf: DEFAULT_SCF_QUERY,
  cls: DEFAULT_CLS_QUERY,
};

/** Failed SCF invocations, or SLS / CLS lines at error level or with a 5xx status. */
const DEFAULT_ANNOTATION_QUERIES: Record<Service, Partial<CloudLogsQuery>> = {
  sls: { ...DEFAULT_SLS_QUERY, query: 'level: error or status >= 500', limit: 100 },
  scf: { ...DEFAULT_SCF_QUERY, filter: { retCode: 'not0' }, limit: 100 },
  cls: { ...DEFAULT_CLS_QUERY, query: 'level:error OR status:>=500', limit: 100 },
};

export class DataSource
  extends DataSourceWithBackend<CloudLogsQuery, CloudLogsOptions>
  implements
    DataSourceWithSupplementaryQueriesSupport<CloudLogsQuery>,
    DataSourceWithLogsContextSupport<CloudLogsQuery>,
    DataSourceWithToggleableQueryFiltersSupport<CloudLogsQuery>,
    ResourceClient
{
  readonly service: Service;
  /** The instance's jsonData, for the editors (DataSourceApi keeps its copy protected). */
  readonly settings: CloudLogsOptions;

  constructor(instanceSettings: DataSourceInstanceSettings<CloudLogsOptions>) {
    super(instanceSettings);
    this.settings = instanceSettings.jsonData;
    const service = instanceSettings.jsonData.service;
    this.service = service && SERVICES.includes(service) ? service : 'sls';
    this.variables = new CloudLogsVariableSupport(this);
    this.annotations = {
      getDefaultQuery: () => DEFAULT_ANNOTATION_QUERIES[this.service],
      prepareAnnotation: (annotation: AnnotationQuery<CloudLogsQuery>) => ({
        ...annotation,
        // A log line becomes an annotation at its timestamp with the line as
        // text and its level as tag, unless the user mapped other fields.
        mappings: annotation.mappings ?? {
          text: { source: AnnotationEventFieldSource.Field, value: 'body' },
          tags: { source: AnnotationEventFieldSource.Field, value: 'severity' },
        },
      }),
    };
  }

  getDefaultQuery(_: CoreApp): Partial<CloudLogsQuery> {
    return DEFAULT_QUERIES[this.service];
  }

  filterQuery(query: CloudLogsQuery): boolean {
    return !query.hide;
  }

  applyTemplateVariables(
    query: CloudLogsQuery,
    scopedVars: ScopedVars,
    filters?: AdHocVariableFilter[]
  ): CloudLogsQuery {
    const interpolated = interpolateQuery(query, this.service, this.replace, scopedVars);
    return withRequestFilters(interpolated, filters, (text) => this.replace(text, scopedVars));
  }

  private readonly replace: ReplaceFn = (text, vars, format) => getTemplateSrv().replace(text, vars, format);

  // Panel to Explore: the dashboard's ad-hoc filters go along in each query.
  interpolateVariablesInQueries(
    queries: CloudLogsQuery[],
    scopedVars: ScopedVars,
    filters?: AdHocVariableFilter[]
  ): CloudLogsQuery[] {
    return queries.map((query) => ({
      ...this.applyTemplateVariables(query, scopedVars, filters),
      datasource: this.getRef(),
    }));
  }

  query(request: DataQueryRequest<CloudLogsQuery>): Observable<DataQueryResponse> {
    if (request.liveStreaming) {
      return liveTail(this.uid, request, (q) => this.applyTemplateVariables(q, request.scopedVars));
    }
    return super.query(request);
  }

  // Explore: label filters from log details.
  modifyQuery(query: CloudLogsQuery, action: QueryFixAction): CloudLogsQuery {
    return modifyQuery(query, action, this.service);
  }

  getSupportedQueryModifications(): string[] {
    return this.service === 'scf' ? SCF_MODIFICATIONS : SUPPORTED_MODIFICATIONS;
  }

  // Explore: log details' filter buttons, which show the filters that are on.
  toggleQueryFilter(query: CloudLogsQuery, filter: ToggleFilterAction): CloudLogsQuery {
    return toggleQueryFilter(query, filter, this.service);
  }

  queryHasFilter(query: CloudLogsQuery, filter: QueryFilterOptions): boolean {
    return queryHasFilter(query, filter, this.service);
  }

  // Dashboards: ad-hoc filters, applied by the backend (see adhocFilters.ts).
  getTagKeys(options?: DataSourceGetTagKeysOptions<CloudLogsQuery>): Promise<MetricFindValue[]> {
    return getTagKeys(this, this.service, options);
  }

  getTagValues(options: DataSourceGetTagValuesOptions<CloudLogsQuery>): Promise<MetricFindValue[]> {
    return getTagValues(this, this.service, options);
  }

  // Explore: log volume under a logs query, a sample of log lines under an SQL one.
  getSupportedSupplementaryQueryTypes(): SupplementaryQueryType[] {
    return [SupplementaryQueryType.LogsVolume, SupplementaryQueryType.LogsSample];
  }

  getSupplementaryQuery(options: SupplementaryQueryOptions, query: CloudLogsQuery): CloudLogsQuery | undefined {
    switch (options.type) {
      case SupplementaryQueryType.LogsVolume:
        return logsVolumeQuery(query, this.service);
      case SupplementaryQueryType.LogsSample:
        return logsSampleQuery(query, this.service);
      default:
        return undefined;
    }
  }

  getSupplementaryRequest(
    type: SupplementaryQueryType,
    request: DataQueryRequest<CloudLogsQuery>
  ): DataQueryRequest<CloudLogsQuery> | undefined {
    const targets = request.targets
      .map((q) => this.getSupplementaryQuery({ type }, q))
      .filter((q): q is CloudLogsQuery => q !== undefined);
    if (!targets.length) {
      return undefined;
    }
    const suffix = type === SupplementaryQueryType.LogsSample ? '_log_sample' : '_log_volume';
    return { ...request, requestId: `${request.requestId}${suffix}`, targets, hideFromInspector: true };
  }

  /*
   * Grafana 11.0's Explore asks only getDataProvider for supplementary data,
   * the logs sample included (later versions prefer it too when present), and
   * the helper Grafana's own data sources use to shape volume is not exported
   * to plugins: so both requests run here, and volume frames get the log
   * volume metadata while sample frames stay the logs frames they are.
   */
  getDataProvider(
    type: SupplementaryQueryType,
    request: DataQueryRequest<CloudLogsQuery>
  ): Observable<DataQueryResponse> | undefined {
    const supplementary = this.getSupplementaryRequest(type, request);
    if (!supplementary) {
      return undefined;
    }
    const shape = {
      range: { from: request.range.from.valueOf(), to: request.range.to.valueOf() },
      datasourceName: this.name,
      sourceQueries: request.targets,
    };
    const asVolume = type === SupplementaryQueryType.LogsVolume;
    return this.query(supplementary).pipe(
      map((response) => ({
        ...response,
        data: asVolume ? shapeLogsVolumeFrames(response.data, shape) : response.data,
        state: response.errors?.length ? LoadingState.Error : LoadingState.Done,
      })),
      startWith({ data: [], state: LoadingState.Loading })
    );
  }

  // Explore: log context.
  getLogRowContext = async (
    row: LogRowModel,
    options?: LogRowContextOptions,
    origQuery?: CloudLogsQuery
  ): Promise<DataQueryResponse> => {
    const origin = this.contextOrigin(row, origQuery);
    const ctx = contextRequest(this.service, row, origin, options?.direction, options?.limit);
    if (!ctx) {
      return { data: [], errors: [{ message: NO_CONTEXT_MESSAGE[this.service] }] };
    }
    const range = {
      from: dateTime(ctx.from),
      to: dateTime(ctx.to),
      raw: { from: dateTime(ctx.from), to: dateTime(ctx.to) },
    };
    const response = await lastValueFrom(
      this.query({
        app: CoreApp.Explore,
        requestId: `log-context-${row.uid}`,
        interval: '1s',
        intervalMs: 1000,
        range,
        scopedVars: {},
        targets: ctx.targets,
        timezone: 'UTC',
        startTime: Date.now(),
      })
    );
    return { ...response, data: dedupeLogLines(response.data) };
  };

  getLogRowContextQuery = async (
    row: LogRowModel,
    options?: LogRowContextOptions,
    origQuery?: CloudLogsQuery
  ): Promise<CloudLogsQuery | null> => {
    const ctx = contextRequest(
      this.service,
      row,
      this.contextOrigin(row, origQuery),
      options?.direction,
      options?.limit
    );
    return ctx ? ctx.targets[ctx.targets.length - 1] : null;
  };

  private contextOrigin(row: LogRowModel, origQuery?: CloudLogsQuery): CloudLogsQuery {
    return this.applyTemplateVariables(origQuery ?? { refId: row.dataFrame.refId ?? 'A' }, {});
  }

  // Look-ups for the editors and variables; names may be template variables.
  getNamespaces(): Promise<SCFNamespace[]> {
    return this.getResource('namespaces');
  }

  getFunctions(namespace?: string): Promise<SCFFunction[]> {
    const ns = namespace ? getTemplateSrv().replace(namespace) : undefined;
    return this.getResource('functions', ns ? { namespace: ns } : {});
  }

  getLogstores(): Promise<string[]> {
    return this.getResource('logstores');
  }

  getFields(logstore: string): Promise<SLSField[]> {
    return this.getResource('fields', { logstore: getTemplateSrv().replace(logstore) });
  }

  getFieldValues(params: FieldValuesParams): Promise<SLSFieldValue[]> {
    const templateSrv = getTemplateSrv();
    return this.getResource('values', {
      ...params,
      logstore: templateSrv.replace(params.logstore),
      field: templateSrv.replace(params.field),
      query: params.query ? interpolateSLSQuery(params.query, false, this.replace) : undefined,
    });
  }

  getLogsets(): Promise<CLSLogset[]> {
    return this.getResource('logsets');
  }

  getTopics(params: TopicSearch = {}): Promise<CLSTopic[]> {
    const search = params.search?.trim();
    const logsetId = params.logsetId ? getTemplateSrv().replace(params.logsetId) : undefined;
    return this.getResource('topics', { ...(search ? { search } : {}), ...(logsetId ? { logsetId } : {}) });
  }

  getTopicFields(topicId: string): Promise<CLSField[]> {
    return this.getResource('fields', { topicId: getTemplateSrv().replace(topicId) });
  }

  getTopicFieldValues(params: TopicFieldValuesParams): Promise<SLSFieldValue[]> {
    const templateSrv = getTemplateSrv();
    const syntax = params.syntax ?? DEFAULT_CLS_SYNTAX;
    return this.getResource('values', {
      ...params,
      topicId: templateSrv.replace(params.topicId),
      field: templateSrv.replace(params.field),
      syntax,
      // The backend keeps the search part, which narrows the lines whose values are counted.
      query: params.query ? interpolateCLSQuery(params.query, syntax, this.replace) : undefined,
    });
  }
}
