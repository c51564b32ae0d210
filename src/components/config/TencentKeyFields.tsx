import React from 'react';

import { ConfigProps } from './optionsUpdaters';
import { RoleFields } from './RoleFields';
import { SecretField } from './SecretField';
import { TextField } from './TextField';

interface Props extends ConfigProps {
  /** What the key must be allowed to read, for the SecretId's description. */
  permissions: string;
}

/** SecretId, SecretKey and the optional STS token: the same for SCF and CLS. */
export function TencentKeyFields({ permissions, ...props }: Props) {
  return (
    <>
      <TextField
        {...props}
        setting="secretId"
        label="SecretId"
        required
        placeholder="AKID..."
        description={`A CAM key with read access: ${permissions}.`}
      />
      <SecretField
        {...props}
        secret="secretKey"
        label="SecretKey"
        required
        description="Stored encrypted by Grafana and never shown again."
      />
      <SecretField
        {...props}
        secret="sessionToken"
        label="Session token"
        description="Only for temporary credentials (STS); leave empty for a permanent key."
      />
      <RoleFields {...props} vendor="tencent" />
    </>
  );
}
