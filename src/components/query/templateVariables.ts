import { SelectableValue } from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';

/** Dashboard variables offered next to looked-up names, so a picker can hold `$fn`. */
export function variableOptions(): Array<SelectableValue<string>> {
  return getTemplateSrv()
    .getVariables()
    .map((v) => ({ value: `$${v.name}`, label: `$${v.name}`, description: 'dashboard variable' }));
}

export function variableNames(): string[] {
  return getTemplateSrv()
    .getVariables()
    .map((v) => v.name);
}
