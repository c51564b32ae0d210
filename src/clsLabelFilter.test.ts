import { addCLSFilter, modifyCLSQuery } from './clsLabelFilter';
import { modifyQuery } from './modifyQuery';

describe('addCLSFilter', () => {
  it('replaces an empty or * search with the condition', () => {
    expect(addCLSFilter('*', 'host', 'web-1', false)).toBe('host:"web-1"');
    expect(addCLSFilter('', 'host', 'web-1', true)).toBe('NOT host:"web-1"');
  });

  it('appends with AND, or AND NOT, and keeps the SQL part as written', () => {
    expect(addCLSFilter('status:>=500', 'method', 'GET', false)).toBe('status:>=500 AND method:"GET"');
    expect(addCLSFilter('status:>=500', 'method', 'GET', true)).toBe('status:>=500 AND NOT method:"GET"');
    expect(addCLSFilter('level:error |\n  SELECT count(*) AS c', 'host', 'x', false)).toBe(
      'level:error AND host:"x" |\n  SELECT count(*) AS c'
    );
  });

  it('groups a search whose top level would bind looser than AND', () => {
    expect(addCLSFilter('level:error OR level:warn', 'host', 'x', false)).toBe(
      '(level:error OR level:warn) AND host:"x"'
    );
    expect(addCLSFilter('error timeout', 'host', 'x', false)).toBe('(error timeout) AND host:"x"');
    expect(addCLSFilter('(a OR b) AND c:"x y"', 'host', 'x', false)).toBe('(a OR b) AND c:"x y" AND host:"x"');
    expect(addCLSFilter('level:error NOT pid:1', 'host', 'x', false)).toBe('level:error NOT pid:1 AND host:"x"');
  });

  it('respects phrases and escapes when finding the SQL and the terms', () => {
    expect(addCLSFilter("msg:'a | b or c'", 'k', 'v', false)).toBe(`msg:'a | b or c' AND k:"v"`);
    expect(addCLSFilter('a \\| b', 'k', 'v', false)).toBe('(a \\| b) AND k:"v"');
  });

  it('escapes the value for a phrase and odd keys as terms', () => {
    expect(addCLSFilter('*', 'a key', 'say "hi" *', false)).toBe('a\\ key:"say \\"hi\\" \\*"');
    expect(addCLSFilter('*', 'uri', '/a/b', false, 'lucene')).toBe('uri:"/a/b"');
  });
});

describe('modifyCLSQuery', () => {
  const q = { refId: 'A', queryType: 'clsLogs' as const, topicIds: ['t1', 't2'], query: 'level:error' };

  it("writes the backend's labels of built-in fields in CLS's upper case", () => {
    expect(modifyCLSQuery(q, '__source__', '10.0.0.1', false).query).toBe('level:error AND __SOURCE__:"10.0.0.1"');
    expect(modifyCLSQuery(q, '__filename__', '/var/log/a.log', true).query).toBe(
      'level:error AND NOT __FILENAME__:"/var/log/a.log"'
    );
  });

  it('narrows the topics for a topic label, and drops one when filtering it out', () => {
    expect(modifyCLSQuery(q, '__topic_id__', 't2', false)).toEqual({ ...q, topicIds: undefined, topicId: 't2' });
    const out = modifyCLSQuery(q, '__topic_id__', 't2', true);
    expect(out.topicId).toBe('t1');
    expect(out.topicIds).toBeUndefined();
    const single = { refId: 'A', topicId: 't1' };
    expect(modifyCLSQuery(single, '__topic_id__', 't1', true)).toBe(single);
  });

  it('leaves labels that are no searchable field, and context queries, alone', () => {
    expect(modifyCLSQuery(q, '__pkg_id__', 'P', false)).toBe(q);
    expect(modifyCLSQuery(q, '__topic__', 'nginx-access', false)).toBe(q);
    const ctx = { refId: 'A', queryType: 'clsContext' as const, topicId: 't' };
    expect(modifyCLSQuery(ctx, 'host', 'x', false)).toBe(ctx);
  });

  it('is what modifyQuery does for a CLS data source, with the query syntax', () => {
    const lucene = { refId: 'A', topicId: 't', query: '*', syntax: 'lucene' as const };
    const action = { type: 'ADD_FILTER', options: { key: 'http-agent', value: 'curl' } };
    expect(modifyQuery(lucene, action, 'cls').query).toBe('http\\-agent:"curl"');
    expect(modifyQuery({ refId: 'A', topicId: 't' }, action, 'cls').query).toBe('http-agent:"curl"');
  });
});
