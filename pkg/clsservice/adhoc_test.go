package clsservice

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/adhoc"
	"github.com/logbridge/cloudlogs/pkg/cls"
	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/clsemu"
	"github.com/logbridge/cloudlogs/pkg/querytext"
	"github.com/logbridge/cloudlogs/pkg/service/servicetest"
)

func TestAdhocFiltersEscapeValuesInCLSSearch(t *testing.T) {
	f := func(key, op, value string) adhoc.Filter { return adhoc.Filter{Key: key, Operator: op, Value: value} }
	cases := []struct {
		syntax  cls.Syntax
		query   string
		filters []adhoc.Filter
		want    string
	}{
		{cls.SyntaxCQL, "*", []adhoc.Filter{f("host", "=", `a "q" \ b*c:d`)}, `host:"a \"q\" \\ b\*c:d"`},
		{cls.SyntaxCQL, "status:500 OR status:502", []adhoc.Filter{f("city", "!=", "東京 駅")}, `(status:500 OR status:502) AND NOT city:"東京 駅"`},
		{cls.SyntaxCQL, `level:error | select count(*) as c where msg = 'a|b'`, []adhoc.Filter{f("a key:x", "=~", "web-.*|db")},
			`(level:error) AND (a\ key\:x:"web-*" OR a\ key\:x:"db") | select count(*) as c where msg = 'a|b'`},
		{cls.SyntaxCQL, "*", []adhoc.Filter{f("__source__", "=", "10.0.0.1")}, `__SOURCE__:"10.0.0.1"`},
		{cls.SyntaxLucene, "*", []adhoc.Filter{f("uri", "=", `/a"b*\`)}, `uri:"/a\"b*\\"`},
		{cls.SyntaxLucene, "*", []adhoc.Filter{f("uri", "=~", "/api/v1 x.*")}, `uri:\/api\/v1\ x*`},
		{cls.SyntaxLucene, "a b", []adhoc.Filter{f("k", "!~", "x|y")}, `(a b) AND NOT (k:"x" OR k:"y")`},
	}
	for _, c := range cases {
		text := querytext.Parse(c.query, dialect(c.syntax))
		got, err := withAdhocFilters(text, c.filters, c.syntax)
		require.NoError(t, err, c.query)
		assert.Equal(t, c.want, got, c.query)
		assert.Equal(t, text.SQL, querytext.Parse(got, dialect(c.syntax)).SQL, "the SQL part is kept")
	}
	_, err := withAdhocFilters(querytext.Parse("*", dialect(cls.SyntaxCQL)), []adhoc.Filter{f("k", "=~", ".*x")}, cls.SyntaxCQL)
	assert.ErrorContains(t, err, "cannot start a value with a wildcard")
}

func countCLS(t *testing.T, ds *servicetest.Instance, syntax string, filters []map[string]string) (float64, string) {
	t.Helper()
	f := onlyFrame(t, run(t, ds, lastHour(), QueryTypeSQL, map[string]any{"topicId": clsemu.DemoAppTopicID, "syntax": syntax,
		"query": "* | select count(*) as c", "format": "table", "adhocFilters": filters}))
	v, ok := f.Fields[0].ConcreteAt(0)
	require.True(t, ok)
	switch n := v.(type) {
	case float64:
		return n, f.Meta.ExecutedQueryString
	case int64:
		return float64(n), f.Meta.ExecutedQueryString
	case string:
		x, err := strconv.ParseFloat(n, 64)
		require.NoError(t, err)
		return x, f.Meta.ExecutedQueryString
	}
	t.Fatalf("count is %T", v)
	return 0, ""
}

func TestAdhocFiltersNarrowCLSRowsExactly(t *testing.T) {
	e := startEmulator(t, emulator.Config{CLSLogs: 5000})
	ds := newDatasource(t, e, nil, emulator.DemoKeySecret)
	f := onlyFrame(t, run(t, ds, lastHour(), QueryTypeSQL, map[string]any{"topicId": clsemu.DemoAppTopicID,
		"query": "* | select method, count(*) as c group by method", "format": "table"}))
	byMethod := map[string]float64{}
	var total float64
	methods, _ := f.FieldByName("method")
	counts, _ := f.FieldByName("c")
	require.NotNil(t, methods)
	for i := 0; i < f.Rows(); i++ {
		m, _ := methods.ConcreteAt(i)
		c, _ := counts.ConcreteAt(i)
		n, _ := strconv.ParseFloat(toText(c), 64)
		byMethod[m.(string)] = n
		total += n
	}
	require.Greater(t, byMethod["GET"], 0.0)
	require.Greater(t, byMethod["POST"], 0.0)
	for _, syntax := range []string{"cql", "lucene"} {
		got, executed := countCLS(t, ds, syntax, []map[string]string{{"key": "method", "operator": "=", "value": "POST"}})
		assert.Equal(t, byMethod["POST"], got, syntax)
		assert.Contains(t, executed, `method:\"POST\"`, syntax)

		got, _ = countCLS(t, ds, syntax, []map[string]string{{"key": "method", "operator": "!=", "value": "POST"}})
		assert.Equal(t, total-byMethod["POST"], got, syntax)

		got, _ = countCLS(t, ds, syntax, []map[string]string{{"key": "method", "operator": "=~", "value": "GET|POST"}})
		assert.Equal(t, byMethod["GET"]+byMethod["POST"], got, syntax)

		got, _ = countCLS(t, ds, syntax, []map[string]string{{"key": "method", "operator": "=", "value": `POST" OR "GET`}})
		assert.Equal(t, 0.0, got, syntax)
	}
}

func toText(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}
