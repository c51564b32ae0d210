import React from 'react';

import { NumberField } from './NumberField';
import { ConfigProps } from './optionsUpdaters';
import { TextField } from './TextField';

interface Props extends ConfigProps {
  vendor: 'alibaba' | 'tencent';
}

// What differs between the vendors' AssumeRole (the backend validates the
// same rules: pkg/settings/role.go).
const vendors = {
  alibaba: {
    arn: 'acs:ram::1234567890123456:role/log-reader',
    sts: 'https://sts.aliyuncs.com',
    duration: 3600,
    where: 'the RAM console',
  },
  tencent: {
    arn: 'qcs::cam::uin/100000000001:roleName/log-reader',
    sts: 'https://sts.tencentcloudapi.com (or sts.<root domain>)',
    duration: 7200,
    where: 'the CAM console',
  },
};

/** Optional role assumption: the keys above then only sign the STS calls. */
export function RoleFields({ vendor, ...props }: Props) {
  const v = vendors[vendor];
  const assuming = Boolean(props.options.jsonData.roleArn);
  return (
    <>
      <TextField
        {...props}
        setting="roleArn"
        label="Role ARN"
        placeholder={v.arn}
        description={`Optional. Assume this role (copy its ARN from ${v.where}) and query with its temporary keys, renewed before they expire; the key above then only needs permission to assume it.`}
      />
      {assuming && (
        <>
          <TextField
            {...props}
            setting="roleSessionName"
            label="Role session name"
            placeholder="grafana-cloudlogs"
            description="Names the plugin's sessions in the audit log."
          />
          <TextField
            {...props}
            setting="externalId"
            label="External ID"
            description="Only if the role's trust policy requires one."
          />
          <TextField
            {...props}
            setting="policy"
            label="Session policy"
            description="Optional JSON policy that narrows the role's permissions for the plugin's sessions."
          />
          <NumberField
            {...props}
            setting="roleDurationSeconds"
            label="Session duration (s)"
            description="How long each set of temporary keys lives; the role's maximum session duration caps it."
            defaultValue={v.duration}
            min={900}
            max={43200}
          />
          <TextField
            {...props}
            setting="stsEndpoint"
            label="STS endpoint"
            placeholder={v.sts}
            description="Leave empty for the vendor's STS; set it for a private endpoint or the emulator."
          />
        </>
      )}
    </>
  );
}
