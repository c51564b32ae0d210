import { SelectableValue } from '@grafana/data';
import { Field, Select } from '@grafana/ui';
import React from 'react';

import { DEFAULT_ROOT_DOMAIN } from '../../defaults';
import { TencentRootDomain } from '../../types';
import { ConfigProps, updaters } from './optionsUpdaters';

const ROOT_DOMAINS: Array<SelectableValue<TencentRootDomain>> = [
  { value: 'tencentcloudapi.com', label: 'tencentcloudapi.com', description: 'public endpoints (default)' },
  { value: 'intl.tencentcloudapi.com', label: 'intl.tencentcloudapi.com', description: 'international site accounts' },
  {
    value: 'internal.tencentcloudapi.com',
    label: 'internal.tencentcloudapi.com',
    description: 'private network, from inside Tencent Cloud',
  },
];

interface Props extends ConfigProps {
  /** The hosts it decides, e.g. "scf.<root domain> and cls.<root domain>". */
  hosts: string;
}

/** Tencent's root domain: a service's host is <service>.<root domain> unless an endpoint overrides it. */
export function RootDomainField({ hosts, ...props }: Props) {
  const { setJson } = updaters(props);
  const value = props.options.jsonData.rootDomain ?? DEFAULT_ROOT_DOMAIN;
  return (
    <Field label="Root domain" description={`Requests go to ${hosts} when no endpoint override is set.`}>
      <Select
        inputId="config-rootDomain"
        aria-label="Root domain"
        width={40}
        options={ROOT_DOMAINS}
        value={value}
        // The default is stored as no value, so the backend's default applies.
        onChange={(v) => setJson('rootDomain', v.value === DEFAULT_ROOT_DOMAIN ? undefined : v.value)}
      />
    </Field>
  );
}
