import React from 'react';

import { ConfigSection } from '@grafana/plugin-ui';

import { DEFAULT_ROOT_DOMAIN } from '../../defaults';
import { EndpointOverrideField } from './EndpointOverrideField';
import { ConfigProps, tencentHost } from './optionsUpdaters';
import { RegionField } from './RegionField';
import { RootDomainField } from './RootDomainField';
import { TencentKeyFields } from './TencentKeyFields';

export function CLSSettings(props: ConfigProps) {
  const rootDomain = props.options.jsonData.rootDomain ?? DEFAULT_ROOT_DOMAIN;
  return (
    <ConfigSection
      title="Tencent Cloud Log Service"
      description="The region of the topics and the key that reads them."
    >
      <RegionField
        {...props}
        description="The region of the logsets and topics, e.g. ap-guangzhou; CLS data never leaves its region."
      />
      <RootDomainField {...props} hosts={`cls.${rootDomain}`} />
      <EndpointOverrideField
        {...props}
        setting="endpoint"
        label="Endpoint override"
        defaultUrl={tencentHost('cls', rootDomain)}
      />
      <TencentKeyFields
        {...props}
        permissions="CLS search, context, histograms, topics and indexes (e.g. the QcloudCLSReadOnlyAccess policy)"
      />
    </ConfigSection>
  );
}
