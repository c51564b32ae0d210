package slsservice

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseSLSQueryDefaultsForLogs(t *testing.T) {
	q, err := ParseQuery(json.RawMessage(`{"logstore":"app-log","unknownField":1}`), QueryTypeLogs, 10000)
	require.NoError(t, err)
	assert.Equal(t, "*", q.Query)
	assert.Equal(t, 1000, q.Limit)
	assert.False(t, q.LimitSet)
	assert.True(t, q.Reverse, "Explore wants newest first")
	assert.Equal(t, FormatAuto, q.Format)
	assert.Equal(t, QueryTypeLogs, q.QueryType)
}

func TestParseSLSQueryCapsLimitAndAcceptsStrings(t *testing.T) {
	q, err := ParseQuery(json.RawMessage(`{"logstore":"a","limit":"5000","offset":"20","reverse":"false"}`), QueryTypeLogs, 2000)
	require.NoError(t, err)
	assert.Equal(t, 2000, q.Limit)
	assert.Equal(t, 20, q.Offset)
	assert.False(t, q.Reverse)
}

func TestParseSLSQuerySQLDefaults(t *testing.T) {
	q, err := ParseQuery(json.RawMessage(`{"logstore":"a","query":"* | select count(*) as c"}`), QueryTypeSQL, 10000)
	require.NoError(t, err)
	assert.Equal(t, 0, q.Limit)
	assert.False(t, q.Reverse)
	q, err = ParseQuery(json.RawMessage(`{"logstore":"a","query":"* | select 1","format":"timeseries","valueFields":"c, d"}`), QueryTypeSQL, 10000)
	require.NoError(t, err)
	assert.Equal(t, FormatTimeSeries, q.Format)
	assert.Equal(t, []string{"c", "d"}, q.ValueFields)
}

func TestParseSLSQueryErrorsSayWhatToFix(t *testing.T) {
	cases := []struct {
		json, qt, want string
	}{
		{`{}`, QueryTypeLogs, `slsLogs needs a logstore: choose one in the query editor or set "logstore" in the query JSON`},
		{`{"query":"* | select 1"}`, QueryTypeSQL, `slsSql needs a logstore`},
		{`{"logstore":"a","format":"pie"}`, QueryTypeLogs, `format "pie" is not supported; use "auto", "logs", "table" or "timeSeries"`},
		{`{"logstore":"a","limit":-1}`, QueryTypeLogs, `limit must be 0 or more, got -1`},
		{`{"logstore":"a","offset":-5}`, QueryTypeLogs, `offset must be 0 or more, got -5`},
		{`{"logstore":"a","limit":1.5}`, QueryTypeLogs, `limit must be a whole number`},
		{`{"logstore":"a","limit":"ten"}`, QueryTypeLogs, `"limit" must be a number (5 or "5"), got the text "ten"`},
		{`{"logstore":"a","query":"error"}`, QueryTypeSQL, `slsSql needs an analytic statement`},
		{`{}`, QueryTypeProjectSQL, `slsProjectSql needs an SQL query`},
		{`{"logstore":"a"}`, QueryTypeContext, `slsContext needs "packId" and "packMeta"`},
		{`{"logstore":"a","packId":"p","packMeta":"m","backLines":101}`, QueryTypeContext, `backLines must be from 0 to 100, got 101`},
		{`{`, QueryTypeLogs, `the query JSON is not valid`},
	}
	for _, c := range cases {
		_, err := ParseQuery(json.RawMessage(c.json), c.qt, 10000)
		if assert.Error(t, err, c.json) {
			assert.Contains(t, err.Error(), c.want, c.json)
		}
	}
}

func TestParseSLSQueryContextDefaults(t *testing.T) {
	q, err := ParseQuery(json.RawMessage(`{"logstore":"a","packId":"p","packMeta":"m"}`), QueryTypeContext, 10000)
	require.NoError(t, err)
	assert.Equal(t, 20, q.BackLines)
	assert.Equal(t, 20, q.ForwardLines)
}
