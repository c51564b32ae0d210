import React from 'react';

import { ResourceClient } from '../../resources';
import { ResourcePicker } from './ResourcePicker';
import { useLookup } from './useLookup';

interface Props {
  client: ResourceClient;
  value?: string;
  onChange: (logsetId: string | undefined) => void;
}

/** A CLS logset of the region, stored by id and shown by name. */
export function LogsetPicker({ client, value, onChange }: Props) {
  const lookup = useLookup(
    () =>
      client.getLogsets().then((logsets) =>
        logsets.map((l) => ({
          value: l.logsetId,
          label: l.logsetName,
          description: [l.logsetId, l.topicCount !== undefined && `${l.topicCount} topics`].filter(Boolean).join(' · '),
        }))
      ),
    'logsets'
  );
  return (
    <ResourcePicker
      id="cls-logset"
      label="Logset"
      tooltip="Only the topics of this logset; empty lists every topic of the region."
      what="logsets"
      value={value}
      lookup={lookup}
      optional
      onChange={onChange}
    />
  );
}
