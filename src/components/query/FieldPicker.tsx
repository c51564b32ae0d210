import React from 'react';

import { ResourceClient } from '../../resources';
import { ResourcePicker } from './ResourcePicker';
import { useLookup } from './useLookup';

interface Props {
  client: ResourceClient;
  logstore?: string;
  value?: string;
  onChange: (field: string | undefined) => void;
}

/** An indexed field of the logstore, looked up once a logstore is chosen. */
export function FieldPicker({ client, logstore, value, onChange }: Props) {
  const lookup = useLookup(
    () =>
      client
        .getFields(logstore!)
        .then((fields) => fields.map((f) => ({ value: f.name, label: f.name, description: f.type }))),
    logstore ? `fields:${logstore}` : undefined
  );
  return (
    <ResourcePicker
      id="sls-field"
      label="Field"
      tooltip="An indexed field of the logstore."
      what="fields"
      value={value}
      lookup={lookup}
      width={24}
      onChange={onChange}
    />
  );
}
