import { currentPrefix, getCompletionItems, sqlFieldName } from './completion';

const fields = [
  { name: 'status', type: 'long' },
  { name: 'http-agent', type: 'text' },
];

describe('completion', () => {
  it('completes fields as `field: ` in the search part, with search operators, no macros', () => {
    const items = getCompletionItems('stat', { fields, variables: ['host'], wholeTextIsSQL: false });
    expect(items.find((i) => i.label === 'status')).toMatchObject({
      kind: 'field',
      insertText: 'status: ',
      detail: 'long',
    });
    expect(items.find((i) => i.label === 'and')).toMatchObject({ kind: 'operator' });
    expect(items.some((i) => i.kind === 'macro')).toBe(false);
    expect(items.find((i) => i.label === '$host')).toMatchObject({ kind: 'variable', insertText: '$host' });
  });

  it('completes columns, macros, keywords and functions after the pipe', () => {
    const items = getCompletionItems('* | SELECT ', { fields, variables: [], wholeTextIsSQL: false });
    expect(items.find((i) => i.label === 'http-agent')?.insertText).toBe('"http-agent"');
    expect(items.find((i) => i.label === 'status')?.insertText).toBe('status');
    expect(items.filter((i) => i.kind === 'macro').map((i) => i.label)).toEqual([
      '$__timeFilter',
      '$__timeFrom',
      '$__timeTo',
      '$__interval',
      '$__interval_s',
    ]);
    expect(items.find((i) => i.label === 'GROUP')?.kind).toBe('keyword');
    expect(items.find((i) => i.label === 'count')?.insertText).toBe('count(');
  });

  it('treats project SQL as SQL everywhere', () => {
    const items = getCompletionItems('', { fields: [], variables: [], wholeTextIsSQL: true });
    expect(items.some((i) => i.label === '$__timeFilter')).toBe(true);
    expect(items.some((i) => i.kind === 'operator')).toBe(false);
  });

  it('includes the dollar sign in the prefix being replaced', () => {
    expect(currentPrefix('WHERE $__ti')).toBe('$__ti');
    expect(currentPrefix('status: ')).toBe('');
  });

  it('quotes SQL names that are not plain identifiers', () => {
    expect(sqlFieldName('a"b')).toBe('"a""b"');
    expect(sqlFieldName('_ok1')).toBe('_ok1');
  });

  it('completes CQL keys without quotes or a blank, with upper-case operators', () => {
    const items = getCompletionItems('sta', {
      fields: [
        { name: 'status', type: 'long' },
        { name: 'a key', type: 'text' },
      ],
      variables: [],
      wholeTextIsSQL: false,
      dialect: 'cql',
    });
    expect(items.find((i) => i.label === 'status')?.insertText).toBe('status:');
    expect(items.find((i) => i.label === 'a key')?.insertText).toBe('a\\ key:');
    expect(items.filter((i) => i.kind === 'operator').map((i) => i.label)).toEqual(['AND', 'OR', 'NOT']);
  });

  it('escapes Lucene keys by the Lucene rules and finds the SQL part by its split', () => {
    const ctx = {
      fields: [{ name: 'http-agent', type: 'text', sql: true }],
      variables: [],
      wholeTextIsSQL: false,
      dialect: 'lucene' as const,
    };
    expect(getCompletionItems('', ctx)[0].insertText).toBe('http\\-agent:');
    // In Lucene an apostrophe opens no phrase: the pipe after it starts SQL.
    const sql = getCompletionItems("msg:'a | SELECT ", ctx);
    expect(sql[0].insertText).toBe('"http-agent"');
    expect(sql.some((i) => i.kind === 'macro')).toBe(false);
  });
});
