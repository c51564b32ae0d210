import React from 'react';

import { ConfigSection } from '@grafana/plugin-ui';

import { ConfigProps, effectiveEndpoint } from './optionsUpdaters';
import { RoleFields } from './RoleFields';
import { SecretField } from './SecretField';
import { TextField } from './TextField';

export function SLSSettings(props: ConfigProps) {
  const endpoint = props.options.jsonData.endpoint ?? '';
  return (
    <ConfigSection
      title="Alibaba Cloud Log Service"
      description="Where the project lives and the AccessKey that reads it."
    >
      <TextField
        {...props}
        setting="endpoint"
        label="Endpoint"
        required
        placeholder="cn-hangzhou.log.aliyuncs.com"
        description={
          <>
            The region&apos;s Log Service endpoint, a host or a URL; https:// is used when no scheme is given.
            {endpoint && <> Requests go to {effectiveEndpoint(endpoint)}.</>}
          </>
        }
      />
      <TextField
        {...props}
        setting="project"
        label="Project"
        required
        placeholder="my-project"
        description="The SLS project whose logstores the queries read."
      />
      <TextField
        {...props}
        setting="accessKeyId"
        label="AccessKey ID"
        required
        placeholder="LTAI..."
        description="A RAM user's AccessKey ID with read access (log:GetLogStoreLogs, log:ListLogStores, log:GetLogStore)."
      />
      <SecretField
        {...props}
        secret="accessKeySecret"
        label="AccessKey secret"
        required
        description="Stored encrypted by Grafana and never shown again."
      />
      <SecretField
        {...props}
        secret="securityToken"
        label="Security token"
        description="Only for temporary STS credentials; leave empty for a permanent AccessKey."
      />
      <RoleFields {...props} vendor="alibaba" />
    </ConfigSection>
  );
}
