package clsemu

import (
	"encoding/json"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The plugin's SCF statements (invocations and metrics), as it sends them.
const (
	invocationsSQL = `SCF_FunctionName:"hello-node" AND SCF_Namespace:"default" | select SCF_RequestId as requestId, max(try_cast(SCF_StartTime as bigint)) as startTime, max(try_cast(SCF_Duration as double)) as duration, max(try_cast(SCF_MemUsage as double)) as memUsage, coalesce(max(case when SCF_Message like 'Report RequestId%' then try_cast(SCF_StatusCode as bigint) end), max(try_cast(SCF_StatusCode as bigint))) as statusCode group by SCF_RequestId order by startTime desc limit 0,1000`
	metricsSQL     = `SCF_FunctionName:"hello-node" AND SCF_Namespace:"default" | select startTime - startTime % 60000 as t, count(*) as invocations, count_if(statusCode not in (200, 202) ) as errors, avg(duration) as durationAvg, approx_percentile(duration, 0.5) as durationP50, approx_percentile(duration, 0.95) as durationP95, approx_percentile(duration, 0.99) as durationP99, max(duration) as durationMax, max(memUsage) as memoryMax from (select SCF_RequestId, max(try_cast(SCF_StartTime as bigint)) as startTime, max(try_cast(SCF_Duration as double)) as duration, max(try_cast(SCF_MemUsage as double)) as memUsage, coalesce(max(case when SCF_Message like 'Report RequestId%' then try_cast(SCF_StatusCode as bigint) end), max(try_cast(SCF_StatusCode as bigint))) as statusCode group by SCF_RequestId) group by t order by t limit 100000`
)

// scfRun writes the records SCF delivers for one run (default format).
func scfRun(fn, id string, start time.Time, duration float64, mem int64, status int) []Record {
	lines := []struct{ msg, typ string }{
		{"START RequestId: " + id, "Platform"}, {"hello", "Custom"}, {"END RequestId: " + id, "Platform"},
		{fmt.Sprintf("Report RequestId: %s Duration: %.2f ms", id, duration), "Platform"},
	}
	var out []Record
	for i, l := range lines {
		at := start.Add(time.Duration(i) * time.Millisecond)
		out = append(out, Record{Time: at, PkgID: id, PkgLogID: int64(i), Fields: fields(
			"SCF_FunctionName", fn, "SCF_Namespace", "default", "SCF_StartTime", strconv.FormatInt(ms(start), 10),
			"SCF_LogTime", strconv.FormatInt(at.UnixNano(), 10), "SCF_RequestId", id,
			"SCF_Duration", strconv.FormatFloat(duration, 'f', -1, 64), "SCF_Alias", "", "SCF_Qualifier", "$LATEST",
			"SCF_MemUsage", strconv.FormatInt(mem, 10), "SCF_Level", "INFO", "SCF_Message", l.msg, "SCF_Type", l.typ,
			"SCF_StatusCode", strconv.Itoa(status), "SCF_RetryNum", "0")})
	}
	return out
}

func sqlEnv(t *testing.T) (*testEnv, time.Time) {
	e := newEnv(t, func(c *Config) { c.Logs = -1 })
	minute := testNow.Add(-30 * time.Minute).Truncate(time.Minute)
	var recs []Record
	recs = append(recs, scfRun("hello-node", "r1", minute.Add(1*time.Second), 2, 10<<20, 200)...)
	recs = append(recs, scfRun("hello-node", "r2", minute.Add(2*time.Second), 4, 20<<20, 430)...)
	recs = append(recs, scfRun("hello-node", "r3", minute.Add(3*time.Second), 10, 30<<20, 200)...)
	recs = append(recs, scfRun("order-api", "r4", minute.Add(4*time.Second), 99, 40<<20, 200)...)
	require.NoError(t, e.srv.AddRecords(DemoSCFTopicID, recs...))
	return e, minute
}

func (e *testEnv) sql(t *testing.T, topic, query string, newAnalysis bool) searchOut {
	t.Helper()
	return e.search(t, map[string]any{"TopicId": topic, "From": ms(testNow.Add(-time.Hour)), "To": ms(testNow),
		"Query": query, "SyntaxRule": 1, "UseNewAnalysis": newAnalysis})
}

func rows(t *testing.T, out searchOut) []map[string]any {
	var rs []map[string]any
	for _, rec := range out.AnalysisRecords {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(rec), &m), rec)
		rs = append(rs, m)
	}
	return rs
}

func colTypes(out searchOut) map[string]string {
	m := map[string]string{}
	for _, c := range out.Columns {
		m[c.Name] = c.Type
	}
	return m
}

func TestPluginInvocationsStatement(t *testing.T) {
	e, minute := sqlEnv(t)
	out := e.sql(t, DemoSCFTopicID, invocationsSQL, true)
	assert.True(t, out.Analysis)
	assert.Equal(t, map[string]string{"requestId": "varchar", "startTime": "bigint", "duration": "double", "memUsage": "double", "statusCode": "bigint"}, colTypes(out))
	rs := rows(t, out)
	require.Len(t, rs, 3)
	assert.Equal(t, "r3", rs[0]["requestId"])
	assert.EqualValues(t, ms(minute.Add(3*time.Second)), rs[0]["startTime"])
	assert.EqualValues(t, 10, rs[0]["duration"])
	assert.EqualValues(t, 430, rs[1]["statusCode"])
	assert.EqualValues(t, 10<<20, rs[2]["memUsage"])
}

func TestPluginMetricsStatement(t *testing.T) {
	e, minute := sqlEnv(t)
	out := e.sql(t, DemoSCFTopicID, metricsSQL, true)
	rs := rows(t, out)
	require.Len(t, rs, 1)
	r := rs[0]
	assert.EqualValues(t, ms(minute), r["t"])
	assert.EqualValues(t, 3, r["invocations"])
	assert.EqualValues(t, 1, r["errors"])
	assert.InDelta(t, 16.0/3, r["durationAvg"], 1e-9)
	assert.EqualValues(t, 4, r["durationP50"], "nearest rank: ceil(0.5*3) = 2nd")
	assert.EqualValues(t, 10, r["durationP95"])
	assert.EqualValues(t, 10, r["durationMax"])
	assert.EqualValues(t, 30<<20, r["memoryMax"])
	assert.Equal(t, "bigint", colTypes(out)["invocations"])
	assert.Equal(t, "double", colTypes(out)["durationP50"])

	old := e.sql(t, DemoSCFTopicID, metricsSQL, false)
	assert.Contains(t, old.ColNames, "durationAvg")
	require.Len(t, old.AnalysisResults, 1)
	values := map[string]string{}
	for _, kv := range old.AnalysisResults[0].Data {
		values[kv.Key] = kv.Value
	}
	assert.Equal(t, "3", values["invocations"])
	assert.Equal(t, "10.0", values["durationMax"], "doubles print as Presto prints them")
	assert.Empty(t, old.AnalysisRecords)
}

func TestSQLFunctionsAndTypes(t *testing.T) {
	e := searchEnv(t)
	out := e.sql(t, DemoAppTopicID, `* | select count(*)`, true)
	assert.Equal(t, []struct{ Name, Type string }{{"_col0", "bigint"}}, out.Columns)
	assert.Equal(t, `{"_col0":4}`, out.AnalysisRecords[0])

	out = e.sql(t, DemoAppTopicID, `* | select histogram(cast(__TIMESTAMP__ as timestamp), interval 1 minute) as t, count(*) as c group by t order by t`, true)
	assert.Equal(t, "timestamp", colTypes(out)["t"])
	assert.Equal(t, `{"t":"2026-11-22 19:50:00.000","c":4}`, out.AnalysisRecords[0], "Beijing time")
	out = e.sql(t, DemoAppTopicID, `* | select date_trunc('hour', cast(__TIMESTAMP__ as timestamp)) as h, approx_distinct(method) as m, round(avg(request_time), 2) as rt group by h`, true)
	assert.Equal(t, `{"h":"2026-11-22 19:00:00.000","m":2,"rt":0.66}`, out.AnalysisRecords[0])
	out = e.sql(t, DemoAppTopicID, `* | select count_if(method like 'get') as lower, count_if(method like 'G%') as upper, max(status >= 500) as any5xx`, true)
	assert.Equal(t, `{"lower":0,"upper":3,"any5xx":1}`, out.AnalysisRecords[0], "LIKE is case-sensitive")
	out = e.sql(t, DemoAppTopicID, `status:500 | select status >= 500 as bad, lower(method), cast(request_time as varchar) as rt, try_cast(level as bigint) as n`, true)
	assert.Equal(t, map[string]string{"bad": "boolean", "_col1": "varchar", "rt": "varchar", "n": "bigint"}, colTypes(out))
	assert.Equal(t, `{"bad":true,"_col1":"post","rt":"2.5","n":null}`, out.AnalysisRecords[0])

	for q, code := range map[string]string{
		`* | select foo(1)`:                        "FailedOperation.QueryError",
		`* | select count(*) from nginx`:           "FailedOperation.SyntaxError",
		`* | select count(*) from log`:             "FailedOperation.SyntaxError",
		`* | select cast(level as bigint)`:         "FailedOperation.QueryError",
		`* | select nosuchcolumn`:                  "FailedOperation.QueryError",
		`* | selec 1`:                              "FailedOperation.SyntaxError",
		`* | select count(*) over ()`:              "FailedOperation.QueryError",
		`* | select 1; select 2`:                   "FailedOperation.SyntaxError",
		`* | select cast(status as decimal(10,2))`: "FailedOperation.QueryError",
		`* | select status limit 2000000`:          "FailedOperation.QueryError",
	} {
		c, msg := e.searchErr(t, map[string]any{"TopicId": DemoAppTopicID, "From": 0, "To": ms(testNow), "Query": q, "SyntaxRule": 1})
		assert.Equal(t, code, c, "%s: %s", q, msg)
	}
}
