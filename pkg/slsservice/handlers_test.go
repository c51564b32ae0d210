package slsservice

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator/slsemu"
)

func TestSLSLogsQueryNewestFirstWithLabels(t *testing.T) {
	e := startSLSEmulator(t)
	ds := newSLSDatasource(t, e, nil)
	r := runSLS(t, ds, slsRange(), QueryTypeLogs, map[string]any{"logstore": "app-log", "limit": 50})
	f := onlyFrame(t, r)
	assert.Equal(t, data.FrameTypeLogLines, f.Meta.Type)
	assert.Equal(t, 50, f.Rows())
	ts := f.Fields[0]
	for i := 1; i < f.Rows(); i++ {
		assert.False(t, ts.At(i).(time.Time).After(ts.At(i-1).(time.Time)), "newest first")
	}
	first := ts.At(0).(time.Time)
	assert.True(t, !first.Before(slsTestNow.Add(-time.Hour)) && first.Before(slsTestNow), "inside the range: %v", first)
	var labels map[string]string
	require.NoError(t, json.Unmarshal(f.Fields[4].At(0).(json.RawMessage), &labels))
	for _, k := range []string{"__source__", "__topic__", "__pack_id__", "__pack_meta__", "level", "service"} {
		assert.Contains(t, labels, k)
	}
	assert.Contains(t, []string{"error", "warning", "info", "debug"}, f.Fields[2].At(0))
	assert.NotEmpty(t, f.Fields[1].At(0))
	assert.Contains(t, f.Meta.ExecutedQueryString, "GET /logstores/app-log?from=")
	assert.Contains(t, f.Meta.ExecutedQueryString, "reverse=true")
	assert.NotContains(t, f.Meta.ExecutedQueryString, emulatorSecretForTests())
	require.Len(t, f.Meta.Notices, 1, "limit reached notice")
	assert.Contains(t, f.Meta.Notices[0].Text, "showing the first 50 lines")
}

func emulatorSecretForTests() string { return "cloudlogs-demo-secret" }

// appendNumbered writes n logs numbered 0..n-1 into a new logstore, spread
// over the hour before slsTestNow, several per second.
func appendNumbered(t *testing.T, e interface {
	AppendLogs(string, []slsemu.Log) error
}, logstore string, n int) {
	logs := make([]slsemu.Log, n)
	start := slsTestNow.Add(-time.Hour).Unix()
	for i := range logs {
		logs[i] = slsemu.Log{Time: start + int64(i*3600/n), Source: "10.0.0.1", Topic: "paging",
			Contents: map[string]string{"n": strconv.Itoa(i), "content": fmt.Sprintf("line %d", i)}}
	}
	require.NoError(t, e.AppendLogs(logstore, logs))
}

func TestSLSLogsPaging10000LinesNoLossNoDuplicates(t *testing.T) {
	e := startSLSEmulator(t)
	appendNumbered(t, e.SLS, "paging", 10_500)
	ds := newSLSDatasource(t, e, nil)
	e.Knobs.ResetLog()
	r := runSLS(t, ds, slsRange(), QueryTypeLogs, map[string]any{"logstore": "paging", "limit": 10_000})
	f := onlyFrame(t, r)
	require.Equal(t, 10_000, f.Rows())
	ids := map[string]bool{}
	ns := map[string]bool{}
	for i := 0; i < f.Rows(); i++ {
		ids[f.Fields[3].At(i).(string)] = true
		var labels map[string]string
		require.NoError(t, json.Unmarshal(f.Fields[4].At(i).(json.RawMessage), &labels))
		ns[labels["n"]] = true
	}
	assert.Len(t, ids, 10_000, "ids are unique")
	assert.Len(t, ns, 10_000, "no line twice")
	// Newest first: the 10,000 newest are n = 500..10499.
	assert.False(t, ns["499"])
	assert.True(t, ns["500"] && ns["10499"])
	// 100 pages of 100 and the GetHistograms call that counted them first.
	assert.Len(t, e.Knobs.Requests(), 101, "100 pages of 100, and the count")

	// All of a smaller set comes back: no line lost at the end.
	appendNumbered(t, e.SLS, "paging-small", 9_999)
	r = runSLS(t, ds, slsRange(), QueryTypeLogs, map[string]any{"logstore": "paging-small", "limit": 10_000, "reverse": false})
	f = onlyFrame(t, r)
	require.Equal(t, 9_999, f.Rows())
	for i := 0; i < f.Rows(); i++ {
		assert.Equal(t, fmt.Sprintf("line %d", i), f.Fields[1].At(i), "oldest first, in order")
	}
	assert.Empty(t, f.Meta.Notices)
}

func TestSLSIncompleteIsRepeatedThenComplete(t *testing.T) {
	e := startSLSEmulator(t)
	ds := newSLSDatasource(t, e, nil)
	e.Knobs.Set(knobsIncomplete(3))
	e.Knobs.ResetLog()
	r := runSLS(t, ds, slsRange(), QueryTypeSQL, map[string]any{"logstore": "app-log", "query": "* | select count(*) as c"})
	f := onlyFrame(t, r)
	assert.Empty(t, f.Meta.Notices)
	reqs := e.Knobs.Requests()
	require.Len(t, reqs, 4, "3 Incomplete answers, then Complete")
	for _, req := range reqs {
		assert.Equal(t, reqs[0].Query, req.Query, "identical request repeated")
	}
	c, ok := f.Fields[0].ConcreteAt(0)
	require.True(t, ok)
	assert.Greater(t, c.(int64), int64(0))
}

func TestSLSIncompleteUntilTimeoutIsFlaggedPartial(t *testing.T) {
	e := startSLSEmulator(t)
	ds := newSLSDatasource(t, e, map[string]any{"timeoutSeconds": 1})
	e.Knobs.Set(knobsIncomplete(1_000_000))
	start := time.Now()
	r := runSLS(t, ds, slsRange(), QueryTypeLogs, map[string]any{"logstore": "app-log", "limit": 10})
	f := onlyFrame(t, r)
	assert.Less(t, time.Since(start), 1500*time.Millisecond)
	require.NotEmpty(t, f.Meta.Notices)
	assert.Equal(t, data.NoticeSeverityWarning, f.Meta.Notices[0].Severity)
	assert.Contains(t, f.Meta.Notices[0].Text, "partial result")
}

func TestSLSSQLAutoGivesTimeSeriesWithGroupLabels(t *testing.T) {
	e := startSLSEmulator(t)
	ds := newSLSDatasource(t, e, nil)
	r := runSLS(t, ds, slsRange(), QueryTypeSQL, map[string]any{
		"logstore":     "nginx-access",
		"query":        "* | select __time__ - __time__ % 300 as t, status, count(*) as c group by t, status order by t limit 1000",
		"legendFormat": "HTTP {{status}}",
	})
	f := onlyFrame(t, r)
	assert.Equal(t, data.FrameTypeTimeSeriesWide, f.Meta.Type)
	require.Greater(t, len(f.Fields), 1)
	assert.Equal(t, data.FieldTypeTime, f.Fields[0].Type())
	for i := 1; i < f.Fields[0].Len(); i++ {
		assert.True(t, f.Fields[0].At(i).(time.Time).After(f.Fields[0].At(i-1).(time.Time)), "sorted by time")
	}
	statuses := []string{}
	for _, field := range f.Fields[1:] {
		assert.Equal(t, "c", field.Name)
		assert.True(t, field.Type().Numeric())
		statuses = append(statuses, field.Labels["status"])
		assert.Equal(t, "HTTP "+field.Labels["status"], field.Config.DisplayNameFromDS)
	}
	assert.Contains(t, statuses, "200")
	assert.Contains(t, f.Meta.ExecutedQueryString, "select __time__ - __time__ % 300 as t")
}

func TestSLSSQLTableFormatAndTypes(t *testing.T) {
	e := startSLSEmulator(t)
	ds := newSLSDatasource(t, e, nil)
	r := runSLS(t, ds, slsRange(), QueryTypeSQL, map[string]any{
		"logstore": "nginx-access", "format": "table",
		"query": "* | select status, count(*) as c, avg(request_time) as rt group by status order by c desc",
	})
	f := onlyFrame(t, r)
	require.Len(t, f.Fields, 3)
	assert.Equal(t, "status", f.Fields[0].Name)
	assert.Equal(t, data.FieldTypeNullableInt64, f.Fields[0].Type())
	assert.Equal(t, data.FieldTypeNullableInt64, f.Fields[1].Type())
	assert.Equal(t, data.FieldTypeNullableFloat64, f.Fields[2].Type())
	assert.Greater(t, f.Rows(), 1)
	c0, _ := f.Fields[1].ConcreteAt(0)
	c1, _ := f.Fields[1].ConcreteAt(1)
	assert.GreaterOrEqual(t, c0.(int64), c1.(int64), "order by c desc kept")
}

func TestSLSSQLLogsFormat(t *testing.T) {
	e := startSLSEmulator(t)
	ds := newSLSDatasource(t, e, nil)
	r := runSLS(t, ds, slsRange(), QueryTypeSQL, map[string]any{
		"logstore": "app-log", "format": "logs", "query": "level: ERROR | select __time__, level, message limit 5",
	})
	f := onlyFrame(t, r)
	assert.Equal(t, data.FrameTypeLogLines, f.Meta.Type)
	require.Greater(t, f.Rows(), 0)
	assert.Equal(t, "error", f.Fields[2].At(0))
}

func TestSLSSQLCapNotice(t *testing.T) {
	e := startSLSEmulator(t)
	ds := newSLSDatasource(t, e, nil)
	// No LIMIT: SLS's default of 100 rows applies and is reported.
	r := runSLS(t, ds, slsRange(), QueryTypeSQL, map[string]any{"logstore": "nginx-access", "query": "* | select request_uri, request_time", "format": "table"})
	f := onlyFrame(t, r)
	assert.Equal(t, 100, f.Rows())
	require.Len(t, f.Meta.Notices, 1)
	assert.Equal(t, "result has 100 rows, the SQL LIMIT (or SLS's default of 100 rows); add or raise `limit` in your SQL to see more", f.Meta.Notices[0].Text)

	// The query's limit is appended when the SQL has none.
	r = runSLS(t, ds, slsRange(), QueryTypeSQL, map[string]any{"logstore": "nginx-access", "query": "* | select request_uri, request_time", "limit": 150, "format": "table"})
	f = onlyFrame(t, r)
	assert.Equal(t, 150, f.Rows())
	assert.Contains(t, f.Meta.ExecutedQueryString, "select request_uri, request_time limit 150")
	require.Len(t, f.Meta.Notices, 1)

	// Under the cap: no notice.
	r = runSLS(t, ds, slsRange(), QueryTypeSQL, map[string]any{"logstore": "nginx-access", "query": "* | select status, count(*) as c group by status limit 1000"})
	f = onlyFrame(t, r)
	assert.Empty(t, f.Meta.Notices)
}

func TestSLSAlertStyleRawJSONGivesNumericSeries(t *testing.T) {
	e := startSLSEmulator(t)
	ds := newSLSDatasource(t, e, nil)
	// Only what an alert rule sends: no format, no refId extras, no interval.
	raw := `{"queryType":"slsSql","logstore":"nginx-access","query":"* | select __time__ - __time__ % 60 as t, count(*) as c group by t order by t limit 1000"}`
	q := backend.DataQuery{RefID: "A", QueryType: "slsSql", JSON: json.RawMessage(raw), TimeRange: slsRange()}
	resp, err := ds.QueryData(t.Context(), &backend.QueryDataRequest{Queries: []backend.DataQuery{q}})
	require.NoError(t, err)
	f := onlyFrame(t, resp.Responses["A"])
	assert.Equal(t, data.TimeSeriesTypeWide, f.TimeSeriesSchema().Type)
	require.Len(t, f.Fields, 2)
	assert.Equal(t, 60, f.Rows(), "one point per minute of the hour")
	total := 0.0
	for i := 0; i < f.Rows(); i++ {
		v, ok := f.Fields[1].ConcreteAt(i)
		require.True(t, ok)
		total += v.(float64)
	}
	count := runSLS(t, ds, slsRange(), QueryTypeSQL, map[string]any{"logstore": "nginx-access", "query": "* | select count(*) as c"})
	c, _ := onlyFrame(t, count).Fields[0].ConcreteAt(0)
	assert.Equal(t, float64(c.(int64)), total, "the series adds up to the count")
}

func TestSLSInferredQueryType(t *testing.T) {
	e := startSLSEmulator(t)
	ds := newSLSDatasource(t, e, nil)
	r := runSLS(t, ds, slsRange(), "", map[string]any{"logstore": "app-log", "query": "* | select count(*) as c"})
	f := onlyFrame(t, r)
	assert.Equal(t, "c", f.Fields[0].Name)
	r = runSLS(t, ds, slsRange(), "", map[string]any{"logstore": "app-log", "query": `"a | b" or *`, "limit": 3})
	f = onlyFrame(t, r)
	assert.Equal(t, data.FrameTypeLogLines, f.Meta.Type)
}

func TestSLSProjectSQLWithTimeFilter(t *testing.T) {
	e := startSLSEmulator(t)
	ds := newSLSDatasource(t, e, nil)
	r := runSLS(t, ds, slsRange(), QueryTypeProjectSQL, map[string]any{"query": "select count(*) as c from \"app-log\" where $__timeFilter"})
	f := onlyFrame(t, r)
	from, to := slsTestNow.Add(-time.Hour).Unix(), slsTestNow.Unix()
	assert.Contains(t, f.Meta.ExecutedQueryString, fmt.Sprintf("__time__ >= %d AND __time__ < %d", from, to))
	c, _ := f.Fields[0].ConcreteAt(0)
	same := runSLS(t, ds, slsRange(), QueryTypeSQL, map[string]any{"logstore": "app-log", "query": "* | select count(*) as c"})
	c2, _ := onlyFrame(t, same).Fields[0].ConcreteAt(0)
	assert.Equal(t, c2, c, "project SQL over the same range counts the same logs")

	r = runSLS(t, ds, slsRange(), QueryTypeProjectSQL, map[string]any{"query": "select count(*) as c from \"app-log\""})
	require.Error(t, r.Error)
	assert.Contains(t, r.Error.Error(), "add $__timeFilter")
	assert.Equal(t, backend.ErrorSourceDownstream, r.ErrorSource)
}

func TestSLSMacrosInsideSQL(t *testing.T) {
	e := startSLSEmulator(t)
	ds := newSLSDatasource(t, e, nil)
	r := runSLS(t, ds, slsRange(), QueryTypeSQL, map[string]any{"logstore": "app-log",
		"query": "* | select __time__ - __time__ % $__interval_s as t, count(*) as c where $__timeFilter group by t order by t limit 1000"})
	f := onlyFrame(t, r)
	assert.Contains(t, f.Meta.ExecutedQueryString, "__time__ % 60 as t")
	assert.Equal(t, 60, f.Rows())
	r = runSLS(t, ds, slsRange(), QueryTypeSQL, map[string]any{"logstore": "app-log", "query": "* | select $__nope"})
	assert.ErrorContains(t, r.Error, "unknown macro $__nope")
}

func TestSLSTimeRangeRuleReachesTheAPI(t *testing.T) {
	e := startSLSEmulator(t)
	ds := newSLSDatasource(t, e, nil)
	pinClassicGetLogs(ds) // the emulator logs URL parameters; GetLogsV2 sends a body
	base := slsTestNow.Add(-time.Hour)
	tr := backend.TimeRange{From: base.Add(400 * time.Millisecond), To: base.Add(400*time.Millisecond + 300*time.Millisecond)}
	e.Knobs.ResetLog()
	r := runSLS(t, ds, tr, QueryTypeLogs, map[string]any{"logstore": "app-log", "limit": 5})
	require.NoError(t, r.Error)
	reqs := e.Knobs.Requests()
	require.NotEmpty(t, reqs)
	assert.Contains(t, reqs[0].Query, fmt.Sprintf("from=%d", base.Unix()))
	assert.Contains(t, reqs[0].Query, fmt.Sprintf("to=%d", base.Unix()+1), "a sub-second range is widened, never from == to")

	e.Knobs.ResetLog()
	tr = backend.TimeRange{From: base.Add(1500 * time.Millisecond), To: base.Add(10*time.Second + time.Millisecond)}
	r = runSLS(t, ds, tr, QueryTypeHistogram, map[string]any{"logstore": "app-log"})
	require.NoError(t, r.Error)
	reqs = e.Knobs.Requests()
	assert.Contains(t, reqs[0].Query, fmt.Sprintf("from=%d", base.Unix()+1))
	assert.Contains(t, reqs[0].Query, fmt.Sprintf("to=%d", base.Unix()+11))
}

func TestSLSHistogramCountSeries(t *testing.T) {
	e := startSLSEmulator(t)
	ds := newSLSDatasource(t, e, nil)
	r := runSLS(t, ds, slsRange(), QueryTypeHistogram, map[string]any{"logstore": "app-log"})
	f := onlyFrame(t, r)
	require.Len(t, f.Fields, 2)
	assert.Equal(t, "count", f.Fields[1].Name)
	assert.Greater(t, f.Rows(), 1)
	var total int64
	for i := 0; i < f.Rows(); i++ {
		total += f.Fields[1].At(i).(int64)
	}
	count := runSLS(t, ds, slsRange(), QueryTypeSQL, map[string]any{"logstore": "app-log", "query": "* | select count(*) as c"})
	c, _ := onlyFrame(t, count).Fields[0].ConcreteAt(0)
	assert.Equal(t, c.(int64), total)
	assert.Contains(t, f.Meta.ExecutedQueryString, "type=histogram")
}

func TestSLSLogVolumeByLevel(t *testing.T) {
	e := startSLSEmulator(t)
	ds := newSLSDatasource(t, e, nil)
	r := runSLS(t, ds, slsRange(), QueryTypeHistogram, map[string]any{"logstore": "app-log", "logVolume": true})
	f := onlyFrame(t, r)
	assert.Equal(t, 60, f.Rows(), "every minute bucket of [from, to), zero or not")
	levels := map[string]int64{}
	for _, field := range f.Fields[1:] {
		assert.Equal(t, field.Name, field.Labels["level"])
		for i := 0; i < field.Len(); i++ {
			levels[field.Name] += field.At(i).(int64)
		}
	}
	assert.Contains(t, levels, "error")
	assert.Contains(t, levels, "warning")
	assert.Contains(t, levels, "info")
	assert.Contains(t, levels, "debug")
	errs := runSLS(t, ds, slsRange(), QueryTypeSQL, map[string]any{"logstore": "app-log", "query": "level: ERROR | select count(*) as c"})
	c, _ := onlyFrame(t, errs).Fields[0].ConcreteAt(0)
	assert.Equal(t, c.(int64), levels["error"])

	// A logstore without a level field: one "unknown" series from GetHistograms.
	r = runSLS(t, ds, slsRange(), QueryTypeHistogram, map[string]any{"logstore": "nginx-access", "logVolume": true})
	f = onlyFrame(t, r)
	require.Len(t, f.Fields, 2)
	assert.Equal(t, "unknown", f.Fields[1].Name)
	assert.Equal(t, data.Labels{"level": "unknown"}, f.Fields[1].Labels)
}

func TestSLSContextAroundALogLine(t *testing.T) {
	e := startSLSEmulator(t)
	ds := newSLSDatasource(t, e, nil)
	r := runSLS(t, ds, slsRange(), QueryTypeLogs, map[string]any{"logstore": "app-log", "limit": 1})
	line := onlyFrame(t, r)
	var labels map[string]string
	require.NoError(t, json.Unmarshal(line.Fields[4].At(0).(json.RawMessage), &labels))
	r = runSLS(t, ds, slsRange(), QueryTypeContext, map[string]any{
		"logstore": "app-log", "packId": labels["__pack_id__"], "packMeta": labels["__pack_meta__"], "backLines": 5, "forwardLines": 5,
	})
	f := onlyFrame(t, r)
	assert.Equal(t, data.FrameTypeLogLines, f.Meta.Type)
	assert.GreaterOrEqual(t, f.Rows(), 6, "5 lines before plus the line itself (it is the newest)")
	found := false
	for i := 0; i < f.Rows(); i++ {
		if f.Fields[3].At(i) == line.Fields[3].At(0) {
			found = true
		}
		if i > 0 {
			assert.False(t, f.Fields[0].At(i).(time.Time).Before(f.Fields[0].At(i-1).(time.Time)), "time order")
		}
	}
	assert.True(t, found, "the line itself is in its context, with the same id")
	assert.True(t, strings.Contains(f.Meta.ExecutedQueryString, "type=context_log"))
}

func TestSLSValidationErrorsPerQuery(t *testing.T) {
	e := startSLSEmulator(t)
	ds := newSLSDatasource(t, e, nil)
	good, _ := json.Marshal(map[string]any{"logstore": "app-log", "limit": 1})
	bad, _ := json.Marshal(map[string]any{"limit": 1})
	resp, err := ds.QueryData(t.Context(), &backend.QueryDataRequest{Queries: []backend.DataQuery{
		{RefID: "A", QueryType: "slsLogs", JSON: good, TimeRange: slsRange()},
		{RefID: "B", QueryType: "slsLogs", JSON: bad, TimeRange: slsRange()},
	}})
	require.NoError(t, err)
	assert.NoError(t, resp.Responses["A"].Error)
	require.Error(t, resp.Responses["B"].Error)
	assert.Equal(t, `slsLogs needs a logstore: choose one in the query editor or set "logstore" in the query JSON`, resp.Responses["B"].Error.Error())
	assert.Equal(t, backend.StatusBadRequest, resp.Responses["B"].Status)
}

func TestSLSObjectBodyLikeTheSeedExample(t *testing.T) {
	e := startSLSEmulator(t)
	ds := newSLSDatasource(t, e, nil)
	arrayFrame := onlyFrame(t, runSLS(t, ds, slsRange(), QueryTypeLogs, map[string]any{"logstore": "app-log", "limit": 250}))
	e.SLS.SetObjectBody(true)
	objectFrame := onlyFrame(t, runSLS(t, ds, slsRange(), QueryTypeLogs, map[string]any{"logstore": "app-log", "limit": 250}))
	require.Equal(t, arrayFrame.Rows(), objectFrame.Rows())
	for i := 0; i < arrayFrame.Rows(); i++ {
		assert.Equal(t, arrayFrame.Fields[3].At(i), objectFrame.Fields[3].At(i))
	}
}

func TestSLSLogsWithSQLRunsOnceAsSQL(t *testing.T) {
	e := startSLSEmulator(t)
	ds := newSLSDatasource(t, e, nil)
	e.Knobs.ResetLog()
	r := runSLS(t, ds, slsRange(), QueryTypeLogs, map[string]any{"logstore": "app-log", "query": "* | select __time__, message limit 3"})
	f := onlyFrame(t, r)
	assert.Equal(t, data.FrameTypeLogLines, f.Meta.Type)
	assert.Equal(t, 3, f.Rows())
	assert.Len(t, e.Knobs.Requests(), 1, "SLS ignores offset with SQL, so it is not paged")
}

func TestSLSSQLResultCutToMaxRowsWithNotice(t *testing.T) {
	e := startSLSEmulator(t)
	ds := newSLSDatasource(t, e, map[string]any{"maxRows": 50})
	r := runSLS(t, ds, slsRange(), QueryTypeSQL, map[string]any{"logstore": "nginx-access", "query": "* | select request_uri limit 80", "format": "table"})
	f := onlyFrame(t, r)
	assert.Equal(t, 50, f.Rows())
	require.Len(t, f.Meta.Notices, 2)
	assert.Equal(t, "SLS returned 80 rows; showing the first 50 (the data source's maxRows); aggregate more in SQL or raise maxRows", f.Meta.Notices[1].Text)
}

func TestSLSEveryFormat(t *testing.T) {
	e := startSLSEmulator(t)
	ds := newSLSDatasource(t, e, nil)
	series := "* | select __time__ - __time__ % 600 as t, count(*) as c group by t order by t limit 100"

	// timeSeries forces a series; an answer without a time column says why.
	f := onlyFrame(t, runSLS(t, ds, slsRange(), QueryTypeSQL, map[string]any{"logstore": "app-log", "query": series, "format": "timeSeries"}))
	assert.Equal(t, data.FrameTypeTimeSeriesWide, f.Meta.Type)
	assert.Equal(t, 6, f.Rows())
	r := runSLS(t, ds, slsRange(), QueryTypeSQL, map[string]any{"logstore": "app-log", "query": "* | select level, count(*) as c group by level", "format": "timeSeries"})
	require.Error(t, r.Error)
	assert.Contains(t, r.Error.Error(), "no time column in the result (columns: level, c)")

	// table never converts, even with a time column.
	f = onlyFrame(t, runSLS(t, ds, slsRange(), QueryTypeSQL, map[string]any{"logstore": "app-log", "query": series, "format": "table"}))
	assert.Equal(t, data.VisType(data.VisTypeTable), f.Meta.PreferredVisualization)
	assert.Equal(t, data.FieldTypeNullableInt64, f.Fields[0].Type(), "t stays a number")

	// auto without a time column is a table.
	f = onlyFrame(t, runSLS(t, ds, slsRange(), QueryTypeSQL, map[string]any{"logstore": "app-log", "query": "* | select level, count(*) as c group by level"}))
	assert.Equal(t, data.VisType(data.VisTypeTable), f.Meta.PreferredVisualization)
	assert.Equal(t, data.FieldTypeNullableString, f.Fields[0].Type())

	// timeField and valueFields choose the columns.
	f = onlyFrame(t, runSLS(t, ds, slsRange(), QueryTypeSQL, map[string]any{"logstore": "nginx-access",
		"query":     "* | select __time__ - __time__ % 600 as bucket, count(*) as c, avg(request_time) as rt group by bucket order by bucket limit 100",
		"timeField": "bucket", "valueFields": []string{"rt"}}))
	require.Len(t, f.Fields, 2)
	assert.Equal(t, "bucket", f.Fields[0].Name)
	assert.Equal(t, "rt", f.Fields[1].Name)

	// slsLogs as a table: one typed column per key.
	f = onlyFrame(t, runSLS(t, ds, slsRange(), QueryTypeLogs, map[string]any{"logstore": "nginx-access", "limit": 20, "format": "table"}))
	assert.Equal(t, 20, f.Rows())
	_, status := f.FieldByName("status")
	assert.GreaterOrEqual(t, status, 0)

	// Project SQL gives series too.
	f = onlyFrame(t, runSLS(t, ds, slsRange(), QueryTypeProjectSQL, map[string]any{
		"query": `select __time__ - __time__ % 600 as t, count(*) as c from "app-log" where $__timeFilter group by t order by t limit 100`}))
	assert.Equal(t, data.FrameTypeTimeSeriesWide, f.Meta.Type)
	assert.Equal(t, 6, f.Rows())
}
