import React from 'react';

import { ResourceClient } from '../../resources';
import { ResourcePicker } from './ResourcePicker';
import { useLookup } from './useLookup';

interface Props {
  client: ResourceClient;
  namespace: string;
  value?: string;
  required: boolean;
  onChange: (functionName: string | undefined) => void;
}

export function FunctionPicker({ client, namespace, value, required, onChange }: Props) {
  const lookup = useLookup(
    () =>
      client.getFunctions(namespace).then((fns) =>
        fns.map((f) => ({
          value: f.name,
          label: f.name,
          description: [f.runtime, f.status, f.description].filter(Boolean).join(' · '),
        }))
      ),
    `functions:${namespace}`
  );
  return (
    <ResourcePicker
      id="scf-function"
      label="Function"
      tooltip="Functions of the namespace, all pages. Empty means every function of the namespace (API 3.0 only)."
      what="functions"
      value={value}
      lookup={lookup}
      optional={!required}
      onChange={onChange}
    />
  );
}
