import { Field, Select } from '@grafana/ui';
import React from 'react';

import { ConfigProps, updaters } from './optionsUpdaters';
import { TENCENT_REGIONS } from './tencentRegions';

interface Props extends ConfigProps {
  description: string;
}

/** The Tencent Cloud region (X-TC-Region), from the list or typed. */
export function RegionField({ description, ...props }: Props) {
  const { setJson } = updaters(props);
  const region = props.options.jsonData.region;
  return (
    <Field label="Region" required description={description}>
      <Select
        inputId="config-region"
        aria-label="Region"
        width={40}
        options={TENCENT_REGIONS}
        value={region ? { value: region, label: region } : null}
        allowCustomValue
        placeholder="ap-guangzhou"
        onChange={(v) => setJson('region', v?.value)}
      />
    </Field>
  );
}
