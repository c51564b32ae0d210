import { DerivedFieldConfig, Service } from './types';

const TRACE_KEYS = ['trace_id', 'traceId', 'request_id'];

function selfLabelLink(label: string, title: string, query: string, selfUid: string): DerivedFieldConfig {
  return {
    name: label,
    matcherType: 'label',
    matcherRegex: label,
    url: query,
    urlDisplayLabel: title,
    datasourceUid: selfUid,
  };
}

/**
 * The derived fields the backend applies while jsonData has none
 * (pkg/settings DefaultDerivedFields; jest checks both against
 * pkg/settings/testdata/derived_defaults.json): links from a line's trace or
 * request id to the other lines with it, in this data source.
 */
export function defaultDerivedFields(service: Service, selfUid: string): DerivedFieldConfig[] {
  switch (service) {
    case 'sls':
      return TRACE_KEYS.map((k) => selfLabelLink(k, `Lines with this ${k}`, `${k}: "\${__value.raw}"`, selfUid));
    case 'cls':
      return [...TRACE_KEYS, 'SCF_RequestId'].map((k) =>
        selfLabelLink(k, `Lines with this ${k}`, `${k}:"\${__value.raw}"`, selfUid)
      );
    case 'scf':
      return [selfLabelLink('requestId', 'Logs of this invocation', '${__value.raw}', selfUid)];
  }
}

const FRAME_FIELDS = ['timestamp', 'body', 'severity', 'id', 'labels'];

/** What the backend will refuse in a row, said the same way, or undefined. */
export function derivedFieldProblem(field: DerivedFieldConfig, others: DerivedFieldConfig[]): string | undefined {
  const name = field.name.trim();
  if (!name) {
    return 'Give the field a name.';
  }
  if (FRAME_FIELDS.includes(name.toLowerCase())) {
    return `"${name}" is a field every logs frame has; choose another name.`;
  }
  if (others.some((o) => o !== field && o.name.trim() === name)) {
    return `Another derived field is named "${name}".`;
  }
  if (!field.matcherRegex) {
    return field.matcherType === 'label'
      ? 'Name the label to take the value from.'
      : 'Write a regex with one capture group.';
  }
  if (field.matcherType !== 'label') {
    // JavaScript's regexes accept more than Go's RE2; the backend has the last word.
    try {
      if (new RegExp(`${field.matcherRegex}|`).exec('')!.length < 2) {
        return 'The regex needs a capture group: put parentheses around the value, e.g. traceID=(\\w+).';
      }
    } catch {
      return 'The regex does not compile.';
    }
    if (/\(\?<?[=!]|\\[1-9]/.test(field.matcherRegex)) {
      return 'Go (RE2) has no lookahead, lookbehind or backreferences: match the text around the value instead.';
    }
  }
  if (field.datasourceUid === '') {
    return 'Pick the data source to link to.';
  }
  if (field.datasourceUid && !field.url) {
    return 'An internal link needs the query to run, e.g. ${__value.raw}.';
  }
  return undefined;
}
