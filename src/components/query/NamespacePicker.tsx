import React from 'react';

import { ResourceClient } from '../../resources';
import { ResourcePicker } from './ResourcePicker';
import { useLookup } from './useLookup';

interface Props {
  client: ResourceClient;
  value?: string;
  defaultNamespace: string;
  onChange: (namespace: string | undefined) => void;
}

export function NamespacePicker({ client, value, defaultNamespace, onChange }: Props) {
  const lookup = useLookup(
    () =>
      client
        .getNamespaces()
        .then((ns) => ns.map((n) => ({ value: n.name, label: n.name, description: n.description }))),
    'namespaces'
  );
  return (
    <ResourcePicker
      id="scf-namespace"
      label="Namespace"
      tooltip={`Empty means the data source's namespace (${defaultNamespace}).`}
      what="namespaces"
      value={value}
      placeholder={defaultNamespace}
      lookup={lookup}
      width={24}
      optional
      onChange={onChange}
    />
  );
}
