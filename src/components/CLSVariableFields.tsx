import { SelectableValue } from '@grafana/data';
import { RadioButtonGroup } from '@grafana/ui';
import React from 'react';

import { EditorField, EditorFieldGroup, EditorRow } from '@grafana/plugin-ui';

import { DEFAULT_CLS_SYNTAX } from '../defaults';
import { ResourceClient } from '../resources';
import { CLSSyntax } from '../types';
import { VariableQuery } from '../variableQuery';
import { FieldPicker } from './query/FieldPicker';
import { LogsetPicker } from './query/LogsetPicker';
import { TopicPicker } from './query/TopicPicker';
import { ValueFilterFields } from './ValueFilterFields';

const SYNTAXES: Array<SelectableValue<CLSSyntax>> = [
  { value: 'cql', label: 'CQL' },
  { value: 'lucene', label: 'Lucene' },
];

interface Props {
  client: ResourceClient;
  query: VariableQuery;
  set: (patch: Partial<VariableQuery>) => void;
}

/** What a CLS variable lists from: a logset for topics; a topic, field and search for field values. */
export function CLSVariableFields({ client, query, set }: Props) {
  if (query.kind === 'topics') {
    return (
      <EditorRow>
        <LogsetPicker client={client} value={query.logsetId} onChange={(logsetId) => set({ logsetId })} />
      </EditorRow>
    );
  }
  if (query.kind !== 'fieldValues') {
    return null;
  }
  return (
    <>
      <EditorRow>
        <TopicPicker
          id="cls-topic"
          client={client}
          multi={false}
          width={40}
          value={query.topicId ? [query.topicId] : []}
          onChange={(topics) => set({ topicId: topics[0], field: undefined })}
        />
      </EditorRow>
      <EditorRow>
        <EditorFieldGroup>
          <FieldPicker
            client={client}
            service="cls"
            resource={query.topicId}
            value={query.field}
            onChange={(field) => set({ field })}
          />
          <EditorField label="Syntax">
            <RadioButtonGroup
              options={SYNTAXES}
              value={query.syntax ?? DEFAULT_CLS_SYNTAX}
              onChange={(syntax) => set({ syntax })}
            />
          </EditorField>
          <ValueFilterFields query={query} set={set} />
        </EditorFieldGroup>
      </EditorRow>
    </>
  );
}
