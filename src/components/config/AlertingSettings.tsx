import { Field, Switch } from '@grafana/ui';
import React from 'react';

import { ConfigSection } from '@grafana/plugin-ui';

import { ConfigProps, updaters } from './optionsUpdaters';

/**
 * Whether alert rules may evaluate a partial answer (SLS still Incomplete, the
 * query's time run out, a scan cap). Off by default: the rule's query then
 * fails with the cause and the rule goes to its error state.
 */
export function AlertingSettings(props: ConfigProps) {
  const { setJson } = updaters(props);
  const accept = props.options.jsonData.alertsAcceptPartial === true;
  return (
    <ConfigSection
      title="Alerting"
      description="How alert rules treat answers that hold only part of the data."
      isCollapsible
      isInitiallyOpen={accept}
    >
      <Field
        label="Alerts accept partial results"
        htmlFor="alertsAcceptPartial"
        description="Off: an alert rule whose query got a partial answer (the cloud still busy, the timeout reached before every page, a scan cap) fails with the cause, so the rule goes to its error state. On: the rule evaluates the partial data. Panels always show partial data with a warning."
      >
        <Switch
          id="alertsAcceptPartial"
          value={accept}
          onChange={(e) => setJson('alertsAcceptPartial', e.currentTarget.checked ? true : undefined)}
        />
      </Field>
    </ConfigSection>
  );
}
