import React from 'react';

import { ResourceClient } from '../../resources';
import { ResourcePicker } from './ResourcePicker';
import { useLookup } from './useLookup';

interface Props {
  client: ResourceClient;
  value?: string;
  onChange: (logstore: string | undefined) => void;
}

export function LogstorePicker({ client, value, onChange }: Props) {
  const lookup = useLookup(
    () => client.getLogstores().then((names) => names.map((n) => ({ value: n, label: n }))),
    'logstores'
  );
  return (
    <ResourcePicker
      id="sls-logstore"
      label="Logstore"
      tooltip="The logstore the query searches."
      what="logstores"
      value={value}
      lookup={lookup}
      onChange={onChange}
    />
  );
}
