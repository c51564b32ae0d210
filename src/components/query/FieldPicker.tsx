import React from 'react';

import { ResourceClient } from '../../resources';
import { ResourcePicker } from './ResourcePicker';
import { useLookup } from './useLookup';

interface Props {
  client: ResourceClient;
  /** Whose fields: an SLS logstore or a CLS topic. */
  service?: 'sls' | 'cls';
  /** The logstore or topic id; nothing is looked up until it is chosen. */
  resource?: string;
  value?: string;
  onChange: (field: string | undefined) => void;
}

/** An indexed field of the logstore or topic, looked up once that is chosen. */
export function FieldPicker({ client, service = 'sls', resource, value, onChange }: Props) {
  const lookup = useLookup(
    () =>
      (service === 'cls' ? client.getTopicFields(resource!) : client.getFields(resource!)).then((fields) =>
        fields.map((f) => ({ value: f.name, label: f.name, description: f.type }))
      ),
    resource ? `fields:${service}:${resource}` : undefined
  );
  return (
    <ResourcePicker
      id={`${service}-field`}
      label="Field"
      tooltip={`An indexed field of the ${service === 'cls' ? 'topic' : 'logstore'}.`}
      what="fields"
      value={value}
      lookup={lookup}
      width={24}
      onChange={onChange}
    />
  );
}
