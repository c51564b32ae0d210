package slsservice

import (
	"encoding/json"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/adhoc"
	"github.com/logbridge/cloudlogs/pkg/querytext"
	"github.com/logbridge/cloudlogs/pkg/service/servicetest"
)

func TestAdhocFiltersEscapeValuesInSLSSearch(t *testing.T) {
	f := func(key, op, value string) adhoc.Filter { return adhoc.Filter{Key: key, Operator: op, Value: value} }
	cases := []struct {
		query   string
		filters []adhoc.Filter
		want    string
	}{
		{"*", []adhoc.Filter{f("host", "=", `a "quoted" \ value`)}, `host: "a \"quoted\" \\ value"`},
		{"", []adhoc.Filter{f("uri", "!=", "/a:b*c")}, `* not uri: "/a:b*c"`},
		{"level: error or status >= 500", []adhoc.Filter{f("city", "=", "東京 駅")}, `(level: error or status >= 500) and city: "東京 駅"`},
		{`status >= 500 | select count(*) as c where msg = 'a|b'`, []adhoc.Filter{f("host", "=", "x"), f("level", "!=", "debug")},
			`(status >= 500) and host: "x" not level: "debug" | select count(*) as c where msg = 'a|b'`},
		{"*", []adhoc.Filter{f("a key", "=~", "web-.*|db")}, `("a key": web-* or "a key": "db")`},
		{"*", []adhoc.Filter{f("level", "!~", "ERROR|WARN")}, `* not (level: "ERROR" or level: "WARN")`},
		{"*", []adhoc.Filter{f(`k"ey`, "=", "v")}, `"k\"ey": "v"`},
		{"*", []adhoc.Filter{f("a", "!=", "1"), f("b", "=", "2"), f("c", "!=", "3")}, `b: "2" not a: "1" not c: "3"`},
	}
	for _, c := range cases {
		got, err := withAdhocFilters(querytext.Parse(c.query, querytext.DoubleQuotes), c.filters)
		require.NoError(t, err, c.query)
		assert.Equal(t, c.want, got, c.query)
		// The SQL part is still found where it was.
		assert.Equal(t, querytext.Parse(c.query, querytext.DoubleQuotes).SQL, querytext.Parse(got, querytext.DoubleQuotes).SQL)
	}
}

func TestAdhocFiltersSLSRefusals(t *testing.T) {
	for _, c := range []struct{ op, value, want string }{
		{"=~", ".*x", "cannot start a value with a wildcard"},
		{"=~", "a b.*", "holds a separator"},
		{"<", "5", `the operator "<" is not supported`},
	} {
		_, err := ParseQuery(mustJSON(map[string]any{"logstore": "app-log", "adhocFilters": []map[string]string{{"key": "k", "operator": c.op, "value": c.value}}}), QueryTypeLogs, 0)
		assert.ErrorContains(t, err, c.want, c.value)
	}
	_, err := ParseQuery(mustJSON(map[string]any{"query": "select 1 from app-log", "adhocFilters": []map[string]string{{"key": "k", "operator": "=", "value": "v"}}}), QueryTypeProjectSQL, 0)
	assert.ErrorContains(t, err, "cannot be applied to slsProjectSql")

	// A log line's context is read without the dashboard's filters.
	q, err := ParseQuery(mustJSON(map[string]any{"logstore": "app-log", "packId": "p", "packMeta": "m", "adhocFilters": []map[string]string{{"key": "k", "operator": "=", "value": "v"}}}), QueryTypeContext, 0)
	require.NoError(t, err)
	assert.Equal(t, "*", q.Query)
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// countOf runs an slsSql count with filters against the emulator.
func countOf(t *testing.T, ds *servicetest.Instance, filters []map[string]string) (float64, string) {
	t.Helper()
	r := runSLS(t, ds, slsRange(), QueryTypeSQL, map[string]any{"logstore": "app-log", "query": "* | select count(*) as c", "format": "table", "adhocFilters": filters})
	require.NoError(t, r.Error)
	require.Len(t, r.Frames, 1)
	f := r.Frames[0]
	v, ok := f.Fields[0].ConcreteAt(0)
	require.True(t, ok)
	return toFloat(t, v), f.Meta.ExecutedQueryString
}

func toFloat(t *testing.T, v any) float64 {
	t.Helper()
	switch n := v.(type) {
	case float64:
		return n
	case int64:
		return float64(n)
	}
	t.Fatalf("not a number: %T", v)
	return 0
}

func TestAdhocFiltersNarrowSLSRowsExactly(t *testing.T) {
	ds := newSLSDatasource(t, startSLSEmulator(t), nil)
	r := runSLS(t, ds, slsRange(), QueryTypeSQL, map[string]any{"logstore": "app-log", "query": "* | select level, count(*) as c group by level", "format": "table"})
	require.NoError(t, r.Error)
	byLevel := map[string]float64{}
	var total float64
	f := r.Frames[0]
	levels, counts := fieldByName(t, f, "level"), fieldByName(t, f, "c")
	for i := 0; i < f.Rows(); i++ {
		l, _ := levels.ConcreteAt(i)
		c, _ := counts.ConcreteAt(i)
		byLevel[l.(string)] = toFloat(t, c)
		total += toFloat(t, c)
	}
	require.Greater(t, byLevel["ERROR"], 0.0)
	require.Greater(t, byLevel["WARN"], 0.0)

	got, executed := countOf(t, ds, []map[string]string{{"key": "level", "operator": "=", "value": "ERROR"}})
	assert.Equal(t, byLevel["ERROR"], got)
	assert.Contains(t, executed, `level: "ERROR" | select count(*) as c`, "the executed query shows the filter")

	got, _ = countOf(t, ds, []map[string]string{{"key": "level", "operator": "!=", "value": "ERROR"}})
	assert.Equal(t, total-byLevel["ERROR"], got)

	got, _ = countOf(t, ds, []map[string]string{{"key": "level", "operator": "=~", "value": "ERROR|WARN"}})
	assert.Equal(t, byLevel["ERROR"]+byLevel["WARN"], got)

	got, _ = countOf(t, ds, []map[string]string{{"key": "level", "operator": "!~", "value": "ERROR|WARN"}, {"key": "level", "operator": "!=", "value": "DEBUG"}})
	assert.Equal(t, total-byLevel["ERROR"]-byLevel["WARN"]-byLevel["DEBUG"], got)

	// A value no line holds, quotes and all, narrows to nothing.
	got, _ = countOf(t, ds, []map[string]string{{"key": "level", "operator": "=", "value": `ERROR" or "INFO`}})
	assert.Equal(t, 0.0, got)

	// A logs query: every line kept has the value.
	logs := runSLS(t, ds, slsRange(), QueryTypeLogs, map[string]any{"logstore": "app-log", "limit": 200, "adhocFilters": []map[string]string{{"key": "level", "operator": "=", "value": "WARN"}}})
	require.NoError(t, logs.Error)
	lf := logs.Frames[0]
	require.Greater(t, lf.Rows(), 0)
	labels := fieldByName(t, lf, "labels")
	for i := 0; i < lf.Rows(); i++ {
		v, _ := labels.ConcreteAt(i)
		assert.Contains(t, string(mustJSON(v)), `"level":"WARN"`)
	}
}

func fieldByName(t *testing.T, f *data.Frame, name string) *data.Field {
	t.Helper()
	field, _ := f.FieldByName(name)
	require.NotNil(t, field, "field %s in %v", name, f.Fields)
	return field
}
