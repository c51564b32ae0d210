package models

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseSLSQueryDefaultsForLogs(t *testing.T) {
	q, err := ParseSLSQuery(json.RawMessage(`{"logstore":"app-log","unknownField":1}`), QueryTypeSLSLogs, 10000)
	require.NoError(t, err)
	assert.Equal(t, "*", q.Query)
	assert.Equal(t, 1000, q.Limit)
	assert.False(t, q.LimitSet)
	assert.True(t, q.Reverse, "Explore wants newest first")
	assert.Equal(t, FormatAuto, q.Format)
	assert.Equal(t, QueryTypeSLSLogs, q.QueryType)
}

func TestParseSLSQueryCapsLimitAndAcceptsStrings(t *testing.T) {
	q, err := ParseSLSQuery(json.RawMessage(`{"logstore":"a","limit":"5000","offset":"20","reverse":"false"}`), QueryTypeSLSLogs, 2000)
	require.NoError(t, err)
	assert.Equal(t, 2000, q.Limit)
	assert.Equal(t, 20, q.Offset)
	assert.False(t, q.Reverse)
}

func TestParseSLSQuerySQLDefaults(t *testing.T) {
	q, err := ParseSLSQuery(json.RawMessage(`{"logstore":"a","query":"* | select count(*) as c"}`), QueryTypeSLSSQL, 10000)
	require.NoError(t, err)
	assert.Equal(t, 0, q.Limit)
	assert.False(t, q.Reverse)
	q, err = ParseSLSQuery(json.RawMessage(`{"logstore":"a","query":"* | select 1","format":"timeseries","valueFields":"c, d"}`), QueryTypeSLSSQL, 10000)
	require.NoError(t, err)
	assert.Equal(t, FormatTimeSeries, q.Format)
	assert.Equal(t, []string{"c", "d"}, q.ValueFields)
}

func TestParseSLSQueryErrorsSayWhatToFix(t *testing.T) {
	cases := []struct {
		json, qt, want string
	}{
		{`{}`, QueryTypeSLSLogs, `slsLogs needs a logstore: choose one in the query editor or set "logstore" in the query JSON`},
		{`{"query":"* | select 1"}`, QueryTypeSLSSQL, `slsSql needs a logstore`},
		{`{"logstore":"a","format":"pie"}`, QueryTypeSLSLogs, `format "pie" is not supported; use "auto", "logs", "table" or "timeSeries"`},
		{`{"logstore":"a","limit":-1}`, QueryTypeSLSLogs, `limit must be 0 or more, got -1`},
		{`{"logstore":"a","offset":-5}`, QueryTypeSLSLogs, `offset must be 0 or more, got -5`},
		{`{"logstore":"a","limit":1.5}`, QueryTypeSLSLogs, `limit must be a whole number`},
		{`{"logstore":"a","limit":"ten"}`, QueryTypeSLSLogs, `not valid`},
		{`{"logstore":"a","query":"error"}`, QueryTypeSLSSQL, `slsSql needs an analytic statement`},
		{`{}`, QueryTypeSLSProjectSQL, `slsProjectSql needs an SQL query`},
		{`{"logstore":"a"}`, QueryTypeSLSContext, `slsContext needs "packId" and "packMeta"`},
		{`{"logstore":"a","packId":"p","packMeta":"m","backLines":101}`, QueryTypeSLSContext, `backLines must be from 0 to 100, got 101`},
		{`{`, QueryTypeSLSLogs, `the query JSON is not valid`},
	}
	for _, c := range cases {
		_, err := ParseSLSQuery(json.RawMessage(c.json), c.qt, 10000)
		if assert.Error(t, err, c.json) {
			assert.Contains(t, err.Error(), c.want, c.json)
		}
	}
}

func TestParseSLSQueryContextDefaults(t *testing.T) {
	q, err := ParseSLSQuery(json.RawMessage(`{"logstore":"a","packId":"p","packMeta":"m"}`), QueryTypeSLSContext, 10000)
	require.NoError(t, err)
	assert.Equal(t, 20, q.BackLines)
	assert.Equal(t, 20, q.ForwardLines)
}

func TestSplitSearchSQL(t *testing.T) {
	cases := []struct {
		in, search, sql string
		has             bool
	}{
		{"*", "*", "", false},
		{"error | select count(*) as c", "error", "select count(*) as c", true},
		{`"a|b" and c`, `"a|b" and c`, "", false},
		{`msg:"x \" | y" | select 1`, `msg:"x \" | y"`, "select 1", true},
		{`* | select 'a|b' as v | x`, "*", "select 'a|b' as v | x", true},
		{"*|", "*", "", true},
	}
	for _, c := range cases {
		s, q, ok := SplitSearchSQL(c.in)
		assert.Equal(t, c.search, s, c.in)
		assert.Equal(t, c.sql, q, c.in)
		assert.Equal(t, c.has, ok, c.in)
	}
	assert.False(t, HasAnalytics("*|"))
}

func TestInferSLSQueryType(t *testing.T) {
	assert.Equal(t, QueryTypeSLSSQL, InferSLSQueryType(json.RawMessage(`{"query":"* | select count(*) as c"}`)))
	assert.Equal(t, QueryTypeSLSLogs, InferSLSQueryType(json.RawMessage(`{"query":"\"a | b\""}`)))
	assert.Equal(t, QueryTypeSLSLogs, InferSLSQueryType(json.RawMessage(`{"logstore":"x","legendFormat":"a|b"}`)), "a pipe outside query does not count")
	assert.Equal(t, QueryTypeSLSLogs, InferSLSQueryType(nil))
}
