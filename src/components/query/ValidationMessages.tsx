import { Alert } from '@grafana/ui';
import React from 'react';

/** What to fix before the query (or the settings) can work, shown under the editor. */
export function ValidationMessages({ problems, title = 'Check the query' }: { problems: string[]; title?: string }) {
  if (!problems.length) {
    return null;
  }
  return (
    <Alert title={title} severity="warning">
      <ul>
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </Alert>
  );
}
