import { DataSourceInstanceSettings } from '@grafana/data';
import { DataSourcePicker } from '@grafana/runtime';
import { Alert, Button, Field, Input, RadioButtonGroup, Switch, useTheme2 } from '@grafana/ui';
import React from 'react';

import { ConfigSection } from '@grafana/plugin-ui';

import { defaultDerivedFields, derivedFieldProblem } from '../../derivedFields';
import { DerivedFieldConfig, DerivedFieldMatcher, Service } from '../../types';
import { ConfigProps, updaters } from './optionsUpdaters';

const MATCHERS: Array<{ value: DerivedFieldMatcher; label: string; description: string }> = [
  { value: 'regex', label: 'Regex in the line', description: 'The first capture group of a regex on the log line' },
  { value: 'label', label: 'Label', description: 'The value of one of the line’s labels (fields)' },
];

// A plain flex row: Stack is not in every @grafana/ui this plugin runs with.
const ROW: React.CSSProperties = { display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'flex-start' };

/** Data sources a derived field links into: tracing ones, and logs ones (this one included). */
const linkTarget = (ds: DataSourceInstanceSettings) => Boolean(ds.meta.tracing || ds.meta.logs);

interface RowProps {
  index: number;
  field: DerivedFieldConfig;
  all: DerivedFieldConfig[];
  onChange: (next: DerivedFieldConfig) => void;
  onRemove: () => void;
}

function DerivedFieldRow({ index, field, all, onChange, onRemove }: RowProps) {
  const id = (part: string) => `derivedField-${index}-${part}`;
  const set = (patch: Partial<DerivedFieldConfig>) => onChange({ ...field, ...patch });
  const isLabel = field.matcherType === 'label';
  const internal = field.datasourceUid !== undefined;
  const problem = derivedFieldProblem(field, all);
  const theme = useTheme2();
  return (
    <div data-testid={`derived-field-${index}`} style={{ marginBottom: 16 }}>
      <div style={ROW}>
        <Field label="Name" htmlFor={id('name')}>
          <Input id={id('name')} width={20} value={field.name} onChange={(e) => set({ name: e.currentTarget.value })} />
        </Field>
        <Field label="Type">
          <RadioButtonGroup<DerivedFieldMatcher>
            options={MATCHERS}
            value={isLabel ? 'label' : 'regex'}
            onChange={(matcherType) => set({ matcherType })}
          />
        </Field>
        <Field
          label={isLabel ? 'Label' : 'Regex'}
          htmlFor={id('matcher')}
          description={isLabel ? undefined : 'Go RE2 syntax, one capture group'}
        >
          <Input
            id={id('matcher')}
            width={30}
            value={field.matcherRegex}
            placeholder={isLabel ? 'trace_id' : 'traceID=(\\w+)'}
            onChange={(e) => set({ matcherRegex: e.currentTarget.value })}
          />
        </Field>
      </div>
      <div style={ROW}>
        <Field label="Internal link" htmlFor={id('internal')} description="Open a data source in Explore">
          <Switch
            id={id('internal')}
            value={internal}
            onChange={(e) => set({ datasourceUid: e.currentTarget.checked ? '' : undefined })}
          />
        </Field>
        {internal && (
          <Field label="Data source" htmlFor={id('datasource')}>
            <DataSourcePicker
              inputId={id('datasource')}
              current={field.datasourceUid || null}
              filter={linkTarget}
              noDefault
              width={30}
              onChange={(ds) => set({ datasourceUid: ds.uid })}
            />
          </Field>
        )}
        <Field label={internal ? 'Query' : 'URL'} htmlFor={id('url')} description="${__value.raw} is the value">
          <Input
            id={id('url')}
            width={40}
            value={field.url ?? ''}
            placeholder={internal ? '${__value.raw}' : 'https://example.com/trace/${__value.raw}'}
            onChange={(e) => set({ url: e.currentTarget.value || undefined })}
          />
        </Field>
        <Field label="URL label" htmlFor={id('label')}>
          <Input
            id={id('label')}
            width={24}
            value={field.urlDisplayLabel ?? ''}
            placeholder="Open trace"
            onChange={(e) => set({ urlDisplayLabel: e.currentTarget.value || undefined })}
          />
        </Field>
        <Field label="&nbsp;">
          <Button
            variant="secondary"
            icon="trash-alt"
            aria-label={`Remove derived field ${index + 1}`}
            onClick={onRemove}
          />
        </Field>
      </div>
      {problem && (
        <div role="alert" style={{ color: theme.colors.error.text }}>
          {problem}
        </div>
      )}
    </div>
  );
}

/**
 * The derived fields of this data source: the backend adds each to every logs
 * frame, so Explore, dashboards and alert notifications get the same links.
 * Until a list is saved the service's defaults apply and are shown here.
 */
export function DerivedFields(props: ConfigProps) {
  const { setJson } = updaters(props);
  const { options } = props;
  const service: Service = options.jsonData.service ?? 'sls';
  const stored = options.jsonData.derivedFields;
  const fields = stored ?? defaultDerivedFields(service, options.uid);
  const save = (next: DerivedFieldConfig[]) => setJson('derivedFields', next);
  return (
    <ConfigSection
      title="Derived fields"
      description="Values taken from each log line (a regex capture or a label), shown with the line and linked to a URL or to a query in another data source such as Tempo or Jaeger."
      isCollapsible
      isInitiallyOpen={stored !== undefined}
    >
      {stored === undefined && (
        <Alert severity="info" title="Default links">
          These defaults apply until you change them: each links an id to the other lines with it in this data source.
        </Alert>
      )}
      {fields.map((field, i) => (
        <DerivedFieldRow
          key={i}
          index={i}
          field={field}
          all={fields}
          onChange={(next) => save(fields.map((f, j) => (j === i ? next : f)))}
          onRemove={() => save(fields.filter((_, j) => j !== i))}
        />
      ))}
      <div style={ROW}>
        <Button
          variant="secondary"
          icon="plus"
          onClick={() => save([...fields, { name: '', matcherType: 'regex', matcherRegex: '' }])}
        >
          Add derived field
        </Button>
        {stored !== undefined && (
          <Button variant="secondary" fill="text" onClick={() => setJson('derivedFields', undefined)}>
            Restore the defaults
          </Button>
        )}
      </div>
    </ConfigSection>
  );
}
