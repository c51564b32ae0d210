import { Alert, Field, Switch } from '@grafana/ui';
import React from 'react';

import { ConfigSection } from '@grafana/plugin-ui';

import { ConfigProps, updaters } from './optionsUpdaters';

/** Grafana's standard tlsSkipVerify, off unless an admin turns it on; a warning stays visible while it is on. */
export function TLSSettings(props: ConfigProps) {
  const { setJson } = updaters(props);
  const skip = props.options.jsonData.tlsSkipVerify === true;
  return (
    <ConfigSection title="TLS">
      <Field
        label="Skip TLS certificate verification"
        htmlFor="tls-skip-verify"
        description="Only for a test endpoint with a self-signed certificate (an emulator, a lab proxy)."
      >
        <Switch
          id="tls-skip-verify"
          aria-label="Skip TLS certificate verification"
          value={skip}
          onChange={(e) => setJson('tlsSkipVerify', e.currentTarget.checked ? true : undefined)}
        />
      </Field>
      {skip && (
        <Alert title="TLS certificate verification is off" severity="warning">
          Anyone on the network path can impersonate the endpoint and read the signed requests and the logs. Turn this
          off for any real cloud endpoint; the health check warns while it is on.
        </Alert>
      )}
    </ConfigSection>
  );
}
