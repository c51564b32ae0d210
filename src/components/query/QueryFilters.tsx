import { Tag } from '@grafana/ui';
import React from 'react';

import { EditorField, EditorRow } from '@grafana/plugin-ui';

import { AdhocFilter } from '../../types';

interface Props {
  filters?: AdhocFilter[];
  onChange: (filters: AdhocFilter[] | undefined) => void;
}

/**
 * The query's own filters (from Explore's log details buttons), which have
 * no field of their own in the editor: shown so they are never a surprise,
 * and removed with a click.
 */
export function QueryFilters({ filters, onChange }: Props) {
  if (!filters?.length) {
    return null;
  }
  return (
    <EditorRow>
      <EditorField
        label="Filters"
        tooltip="Added from the log details; the backend applies them. Click one to remove it."
      >
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}>
          {filters.map((f, i) => (
            <Tag
              key={`${f.key}${f.operator}${f.value}`}
              name={`${f.key} ${f.operator} ${f.value}`}
              icon="times"
              aria-label={`Remove filter ${f.key} ${f.operator} ${f.value}`}
              onClick={() => {
                const rest = filters.filter((_, j) => j !== i);
                onChange(rest.length ? rest : undefined);
              }}
            />
          ))}
        </div>
      </EditorField>
    </EditorRow>
  );
}
