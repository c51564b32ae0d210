import { interpolateCLSQuery, interpolateCLSSearch, interpolateTopics } from './clsInterpolation';
import { fakeTemplateSrv } from './test/fakeTemplateSrv';

const srv = fakeTemplateSrv({
  host: 'web-1',
  hosts: ['web-1', 'web-2'],
  path: '/api/v1 list*',
  quoted: `say "hi" it's`,
  name: "O'Brien",
  names: ["O'Brien", 'Smith'],
  pipe: 'a|b',
  topic: 'topic-nginx',
  topics: ['topic-nginx', 'topic-scf'],
});
const replace = srv.replace;

describe('interpolateCLSSearch', () => {
  it('escapes a bare value as a CQL term', () => {
    expect(interpolateCLSSearch('request_uri:$path AND host:$host', 'cql', replace)).toBe(
      'request_uri:/api/v1\\ list\\* AND host:web-1'
    );
  });

  it('escapes for the phrase a variable stands in, double or single quoted', () => {
    expect(interpolateCLSSearch('msg:"$quoted"', 'cql', replace)).toBe(`msg:"say \\"hi\\" it's"`);
    expect(interpolateCLSSearch("msg:'$quoted'", 'cql', replace)).toBe(`msg:'say "hi" it\\'s'`);
    expect(interpolateCLSSearch('msg:"x $path"', 'cql', replace)).toBe('msg:"x /api/v1 list\\*"');
  });

  it('keeps a value from starting the SQL part', () => {
    expect(interpolateCLSQuery('k:$pipe', 'cql', replace)).toBe('k:a\\|b');
    expect(interpolateCLSQuery("k:'$pipe'", 'cql', replace)).toBe("k:'a|b'");
  });

  it('writes several values as an OR group, in place of a phrase holding only the variable', () => {
    expect(interpolateCLSSearch('host:$hosts', 'cql', replace)).toBe('host:("web-1" OR "web-2")');
    expect(interpolateCLSSearch('host:"$hosts" AND x', 'cql', replace)).toBe('host:("web-1" OR "web-2") AND x');
    expect(interpolateCLSSearch("host:'${hosts}'", 'cql', replace)).toBe('host:("web-1" OR "web-2")');
    expect(interpolateCLSSearch('msg:"on $hosts now"', 'cql', replace)).toBe('msg:"on web-1 web-2 now"');
  });

  it('escapes by the Lucene rules, where an apostrophe opens no phrase', () => {
    expect(interpolateCLSSearch('uri:$path', 'lucene', replace)).toBe('uri:\\/api\\/v1\\ list\\*');
    expect(interpolateCLSSearch("user:'$name'", 'lucene', replace)).toBe("user:'O\\'Brien'");
    expect(interpolateCLSSearch('msg:"$quoted"', 'lucene', replace)).toBe(`msg:"say \\"hi\\" it's"`);
  });

  it('leaves an unclosed phrase unclosed and unknown variables as written', () => {
    expect(interpolateCLSSearch('msg:"$host', 'cql', replace)).toBe('msg:"web-1');
    expect(interpolateCLSSearch('status:$nothing', 'cql', replace)).toBe('status:$nothing');
  });
});

describe('interpolateCLSQuery', () => {
  it('uses search rules before the pipe and SQL rules after it', () => {
    expect(
      interpolateCLSQuery("host:$hosts | SELECT count(*) WHERE name = '$name' AND h IN ($hosts)", 'cql', replace)
    ).toBe(`host:("web-1" OR "web-2") | SELECT count(*) WHERE name = 'O''Brien' AND h IN ('web-1','web-2')`);
  });

  it("splits by the syntax's rule: a quoted pipe in CQL, an apostrophe as text in Lucene", () => {
    expect(interpolateCLSQuery("msg:'a|$host'", 'cql', replace)).toBe("msg:'a|web-1'");
    expect(interpolateCLSQuery("x:'a | SELECT '$name'", 'lucene', replace)).toBe("x:'a | SELECT 'O''Brien'");
  });

  it("lets Grafana's own $__interval apply in CLS SQL, which has no backend macros", () => {
    const scoped = { __interval: { text: '1m', value: '1m' } };
    expect(
      interpolateCLSQuery(
        "* | SELECT time_series(__TIMESTAMP__, '$__interval', '%H:%i', '0') AS t",
        'cql',
        replace,
        scoped
      )
    ).toBe("* | SELECT time_series(__TIMESTAMP__, '1m', '%H:%i', '0') AS t");
  });
});

describe('interpolateTopics', () => {
  it('resolves variables and expands a multi-value one into several topics, once each', () => {
    expect(interpolateTopics(['$topic'], replace)).toEqual(['topic-nginx']);
    expect(interpolateTopics(['$topics', 'topic-nginx'], replace)).toEqual(['topic-nginx', 'topic-scf']);
    expect(interpolateTopics(['literal-id'], replace)).toEqual(['literal-id']);
  });
});
