import React from 'react';

import { ConfigProps, effectiveEndpoint } from './optionsUpdaters';
import { TextField } from './TextField';

interface Props extends ConfigProps {
  setting: 'endpoint' | 'clsEndpoint';
  label: string;
  /** The URL used when the field is empty. */
  defaultUrl: string;
}

/** An optional endpoint override that always says where requests will go. */
export function EndpointOverrideField({ setting, label, defaultUrl, ...props }: Props) {
  const typed = props.options.jsonData[setting] ?? '';
  const target = typed.trim() ? effectiveEndpoint(typed) : defaultUrl;
  return (
    <TextField
      {...props}
      setting={setting}
      label={label}
      placeholder={defaultUrl.replace(/^https:\/\//, '')}
      description={
        <>
          Leave empty for the public endpoint; a host or URL (https:// when no scheme) for a private endpoint, a proxy
          or an emulator. Requests go to {target}.
        </>
      }
    />
  );
}
