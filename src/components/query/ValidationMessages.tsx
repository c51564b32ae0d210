import { Alert } from '@grafana/ui';
import React from 'react';

/** What to fix before the query can work, shown under the editor. */
export function ValidationMessages({ problems }: { problems: string[] }) {
  if (!problems.length) {
    return null;
  }
  return (
    <Alert title="Check the query" severity="warning">
      <ul>
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </Alert>
  );
}
