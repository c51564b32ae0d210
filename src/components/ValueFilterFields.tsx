import React from 'react';

import { EditorField } from '@grafana/plugin-ui';

import { VariableQuery } from '../variableQuery';
import { NumberInput } from './query/NumberInput';
import { TextInput } from './query/TextInput';

interface Props {
  query: VariableQuery;
  set: (patch: Partial<VariableQuery>) => void;
}

// Variable queries re-run when the variable editor saves; nothing to run on blur.
const noop = () => {};

/** The search and limit of a field-values variable, the same for SLS and CLS. */
export function ValueFilterFields({ query, set }: Props) {
  return (
    <>
      <EditorField label="Search" optional tooltip="Only values of lines matching this search.">
        <TextInput
          id="variable-search"
          label="Search"
          value={query.query}
          placeholder="*"
          width={40}
          onChange={(q) => set({ query: q })}
          onRunQuery={noop}
        />
      </EditorField>
      <EditorField label="Limit" optional>
        <NumberInput
          id="variable-limit"
          label="Limit"
          value={query.limit}
          placeholder="100"
          onChange={(limit) => set({ limit })}
          onBlur={noop}
        />
      </EditorField>
    </>
  );
}
