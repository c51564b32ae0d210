import { fakeTemplateSrv } from './test/fakeTemplateSrv';
import {
  escapeSearchValue,
  escapeSQLString,
  formatSearchValue,
  formatSQLList,
  formatSQLValue,
  interpolateSLSQuery,
} from './interpolation';

const srv = fakeTemplateSrv({
  host: 'web-1',
  quoted: 'say "hi"',
  hosts: ['web-1', 'web-2'],
  name: "O'Brien",
  names: ["O'Brien", 'Smith'],
  interval: '5m',
});
const replace = srv.replace;

describe('escaping', () => {
  it('escapes quotes and backslashes for search phrases', () => {
    expect(escapeSearchValue('a "b" \\c')).toBe('a \\"b\\" \\\\c');
  });

  it('doubles single quotes for SQL', () => {
    expect(escapeSQLString("it's 'x'")).toBe("it''s ''x''");
  });

  it('formats one search value plain and several as an or-group of phrases', () => {
    expect(formatSearchValue('web-1')).toBe('web-1');
    expect(formatSearchValue(['only'])).toBe('only');
    expect(formatSearchValue(['a', 'b "c"'])).toBe('("a" or "b \\"c\\"")');
  });

  it('formats SQL values as escaped text or a quoted list', () => {
    expect(formatSQLValue("O'Brien")).toBe("O''Brien");
    expect(formatSQLValue(['a', "b'c"])).toBe("'a','b''c'");
    expect(formatSQLList('one')).toBe("'one'");
  });
});

describe('interpolateSLSQuery', () => {
  it('uses search rules before the pipe and SQL rules after it', () => {
    const out = interpolateSLSQuery(
      'host: $hosts and user: "$quoted" | SELECT * WHERE name = \'$name\'',
      false,
      replace
    );
    expect(out).toBe('host: ("web-1" or "web-2") and user: "say \\"hi\\"" | SELECT * WHERE name = \'O\'\'Brien\'');
  });

  it('writes a quoted list after IN whatever the number of values', () => {
    expect(interpolateSLSQuery('* | SELECT 1 WHERE host IN ($host)', false, replace)).toBe(
      "* | SELECT 1 WHERE host IN ('web-1')"
    );
    expect(interpolateSLSQuery('SELECT 1 WHERE name in ($names) AND h in ${hosts}', true, replace)).toBe(
      "SELECT 1 WHERE name IN ('O''Brien','Smith') AND h IN ('web-1','web-2')"
    );
  });

  it('leaves the backend macros alone even when scoped vars name them', () => {
    const scoped = { __interval: { text: '1m', value: '1m' } };
    expect(
      interpolateSLSQuery(
        'SELECT __time__ - __time__ % $__interval_s AS t FROM x WHERE $__timeFilter AND $__interval',
        true,
        replace,
        scoped
      )
    ).toBe('SELECT __time__ - __time__ % $__interval_s AS t FROM x WHERE $__timeFilter AND $__interval');
  });

  it('applies search rules to a pipe inside a phrase or escaped, which does not start SQL', () => {
    expect(interpolateSLSQuery('msg: "a|$name" and a \\| $name', false, replace)).toBe(
      'msg: "a|O\'Brien" and a \\| O\'Brien'
    );
  });

  it('keeps unknown variables as written', () => {
    expect(interpolateSLSQuery('status: $nothing', false, replace)).toBe('status: $nothing');
  });
});
