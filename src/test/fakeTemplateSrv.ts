import { ScopedVars } from '@grafana/data';

type Format = string | ((value: unknown, variable?: unknown) => string) | undefined;

/**
 * Enough of Grafana's TemplateSrv for the data source: `$name`, `${name}` and
 * `[[name]]` resolve from `variables` (an array is a multi-value selection)
 * or from scoped vars, through the format function when one is given; unknown
 * names stay as written, like Grafana does.
 */
export function fakeTemplateSrv(variables: Record<string, string | string[]>) {
  const pattern = /\$(\w+)|\$\{(\w+)(?::(\w+))?\}|\[\[(\w+)\]\]/g;
  return {
    getVariables: () => Object.keys(variables).map((name) => ({ name, type: 'custom' })),
    replace: (text?: string, scopedVars?: ScopedVars, format?: Format): string =>
      (text ?? '').replace(pattern, (match, a, b, explicit, c) => {
        const name = a ?? b ?? c;
        const value = scopedVars?.[name]?.value ?? variables[name];
        if (value === undefined) {
          return match;
        }
        if (explicit === 'raw') {
          return String(value);
        }
        if (typeof format === 'function') {
          return format(value, { name });
        }
        return Array.isArray(value) ? `{${value.join(',')}}` : String(value);
      }),
    containsTemplate: (text?: string) => Boolean(text && pattern.test(text)),
    updateTimeRange: () => {},
  };
}
