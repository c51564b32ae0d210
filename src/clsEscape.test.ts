import { clsAnyOf, clsSearchKey, escapeCLSPhrase, escapeCLSTerm } from './clsEscape';

describe('escapeCLSTerm', () => {
  it('escapes what CQL reads as syntax outside phrases (CLS.md 2.4), plus grouping and the pipe', () => {
    expect(escapeCLSTerm('a b:c"d\'e*f\\g')).toBe('a\\ b\\:c\\"d\\\'e\\*f\\\\g');
    expect(escapeCLSTerm('(x)|y')).toBe('\\(x\\)\\|y');
    expect(escapeCLSTerm('web-1.example_2')).toBe('web-1.example_2');
  });

  it("escapes Lucene's longer list of special characters", () => {
    expect(escapeCLSTerm('/api/v1?x=+1 [a]', 'lucene')).toBe('\\/api\\/v1\\?x=\\+1\\ \\[a\\]');
    expect(escapeCLSTerm('web-1', 'lucene')).toBe('web\\-1');
  });
});

describe('escapeCLSPhrase', () => {
  it('escapes the backslash, the phrase quote and, in CQL, the wildcard', () => {
    expect(escapeCLSPhrase('say "hi" it\'s a*b \\', '"')).toBe('say \\"hi\\" it\'s a\\*b \\\\');
    expect(escapeCLSPhrase('say "hi" it\'s', "'")).toBe('say "hi" it\\\'s');
    expect(escapeCLSPhrase('a*b "c"', '"', 'lucene')).toBe('a*b \\"c\\"');
  });
});

describe('clsSearchKey and clsAnyOf', () => {
  it('keeps plain keys and escapes odd ones', () => {
    expect(clsSearchKey('__TAG__.pod_name')).toBe('__TAG__.pod_name');
    expect(clsSearchKey('a key:x')).toBe('a\\ key\\:x');
  });

  it('writes several values as an upper-case OR group of phrases', () => {
    expect(clsAnyOf(['web-1', 'say "x"'])).toBe('("web-1" OR "say \\"x\\"")');
  });
});
