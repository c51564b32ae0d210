import { tokenize, tokenizeLine } from './tokenizer';

const kinds = (text: string, sql = false) =>
  tokenize(text, sql)
    .flat()
    .filter((t) => t.type !== 'white')
    .map((t) => `${t.type}:${t.text}`);

describe('SLS tokenizer', () => {
  it('classifies search syntax: fields, operators, phrases, keywords', () => {
    expect(kinds('status >= 500 and msg: "time out" not $host')).toEqual([
      'type:status',
      'operator:>=',
      'number:500',
      'keyword:and',
      'type:msg',
      'operator::',
      'string:"time out"',
      'keyword:not',
      'variable:$host',
    ]);
  });

  it('switches to SQL after the pipe', () => {
    expect(kinds("* | SELECT count(*) AS n WHERE host = 'a''b' GROUP BY status")).toEqual([
      'identifier:*',
      'delimiter:|',
      'keyword:SELECT',
      'predefined:count',
      'delimiter:(',
      'operator:*',
      'delimiter:)',
      'keyword:AS',
      'identifier:n',
      'keyword:WHERE',
      'identifier:host',
      'operator:=',
      "string:'a''b'",
      'keyword:GROUP',
      'keyword:BY',
      'identifier:status',
    ]);
  });

  it('treats project SQL as SQL from the start, with quoted names, macros and comments', () => {
    expect(kinds('SELECT "x-y" FROM "nginx-access" WHERE $__timeFilter -- range', true)).toEqual([
      'keyword:SELECT',
      'type:"x-y"',
      'keyword:FROM',
      'type:"nginx-access"',
      'keyword:WHERE',
      'variable:$__timeFilter',
      'comment:-- range',
    ]);
  });

  it('carries an open string and the SQL part to the next line', () => {
    const first = tokenizeLine("x | SELECT 'multi", { inSQL: false });
    expect(first.endState).toEqual({ inSQL: true, openQuote: "'" });
    const second = tokenizeLine("line' FROM t", first.endState);
    expect(second.tokens[0]).toEqual({ startIndex: 0, type: 'string', text: "line'" });
    expect(second.endState).toEqual({ inSQL: true });
  });

  it('covers every character with tokens in order', () => {
    const line = 'a:1 or b: "x" | select 1';
    const { tokens } = tokenizeLine(line, { inSQL: false });
    expect(tokens.map((t) => t.text).join('')).toBe(line);
    tokens.forEach((t, i) => i > 0 && expect(t.startIndex).toBeGreaterThan(tokens[i - 1].startIndex));
  });
});
