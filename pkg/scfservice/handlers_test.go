package scfservice

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/scfemu"
	"github.com/logbridge/cloudlogs/pkg/service"
	"github.com/logbridge/cloudlogs/pkg/settings"
)

var versions = []string{settings.SCFAPIv3, settings.SCFAPIv2}

// Both API versions must give the same invocations for the same range:
// API 3.0 through day windows, v2 by paging newest first and cutting the
// range out client-side.
func TestSCFLogsSameAnswerOnBothAPIVersions(t *testing.T) {
	e := startSCFEmulator(t, emulator.Config{})
	from, to := scfNow.Add(-3*time.Hour), scfNow.Add(-time.Hour)
	ids := map[string][]string{}
	for _, v := range versions {
		ds := scfDatasource(t, e, v, nil, "")
		r := scfQuery(ds, QueryTypeInvocations, from, to, map[string]any{"functionName": "hello-node"})
		require.NoError(t, r.Error, v)
		f := r.Frames[0]
		require.Greater(t, f.Rows(), 10, v)
		ids[v] = strColumn(t, f, "requestId")
		for _, st := range column(t, f, "startTime") {
			ts := st.(time.Time)
			assert.False(t, ts.Before(from), "%s: %s before the range", v, ts)
			assert.True(t, ts.Before(to), "%s: %s at or after the range end", v, ts)
		}
		for _, fn := range strColumn(t, f, "functionName") {
			assert.Equal(t, "hello-node", fn)
		}

		logs := scfQuery(ds, QueryTypeLogs, from, to, map[string]any{"functionName": "hello-node"})
		require.NoError(t, logs.Error, v)
		lf := logs.Frames[0]
		assert.Equal(t, data.FrameTypeLogLines, lf.Meta.Type)
		assert.Greater(t, lf.Rows(), f.Rows()*3, "START, runtime lines, END and Report per invocation")
		bodies := strColumn(t, lf, "body")
		assert.True(t, strings.HasPrefix(bodies[0], "START RequestId: "+ids[v][0]), bodies[0])
		var labels map[string]string
		require.NoError(t, json.Unmarshal(column(t, lf, "labels")[0].(json.RawMessage), &labels))
		assert.Equal(t, ids[v][0], labels["requestId"])
		assert.Equal(t, "default", labels["namespace"])
		assert.Equal(t, ids[v][0]+"_0", column(t, lf, "id")[0])
		assert.Contains(t, lf.Meta.ExecutedQueryString, "FunctionName=hello-node")
	}
	assert.Equal(t, ids[settings.SCFAPIv3], ids[settings.SCFAPIv2])
}

// 5,000 invocations over two days and a half (so several day windows)
// come back complete, once each, newest first, on both versions.
func TestSCFPaging5000InvocationsWithoutLossOrDuplicates(t *testing.T) {
	e := startSCFEmulator(t, emulator.Config{SCFInvocations: 500, Days: 1})
	// Before the demo data starts, so these are the only runs of the range.
	newest := scfNow.Add(-26 * time.Hour)
	want := addRuns(t, e, 5000, newest, 43*time.Second, nil)
	from, to := newest.Add(-5000*43*time.Second), newest.Add(time.Second)
	for _, v := range versions {
		ds := scfDatasource(t, e, v, map[string]any{"concurrency": 8}, "")
		r := scfQuery(ds, QueryTypeInvocations, from, to, map[string]any{"functionName": "hello-node", "limit": 5000})
		require.NoError(t, r.Error, v)
		assert.Equal(t, want, strColumn(t, r.Frames[0], "requestId"), v)
		assert.Empty(t, r.Frames[0].Meta.Notices, v)

		asc := scfQuery(ds, QueryTypeInvocations, from, to, map[string]any{"functionName": "hello-node", "limit": 5000, "order": "asc"})
		require.NoError(t, asc.Error, v)
		got := strColumn(t, asc.Frames[0], "requestId")
		require.Len(t, got, 5000)
		assert.Equal(t, want[4999], got[0])
		assert.Equal(t, want[0], got[4999])
	}
}

// Range is [from, to): a run at exactly `from` is in, one at exactly `to`
// is out — v2 has no time parameters, so this is the plugin's own cut.
func TestSCFTimeRangeIsLeftClosedRightOpen(t *testing.T) {
	e := startSCFEmulator(t, emulator.Config{SCFInvocations: 500, Days: 1})
	to := scfNow.Add(-30 * time.Hour)
	from := to.Add(-10 * time.Minute)
	addRuns(t, e, 11, to, time.Minute, nil) // run-00000 at to ... run-00010 at from
	for _, v := range versions {
		ds := scfDatasource(t, e, v, nil, "")
		r := scfQuery(ds, QueryTypeInvocations, from, to, map[string]any{"functionName": "hello-node"})
		require.NoError(t, r.Error, v)
		ids := strColumn(t, r.Frames[0], "requestId")
		require.Len(t, ids, 10, v)
		assert.Equal(t, "run-00001", ids[0], v)
		assert.Equal(t, "run-00010", ids[9], v)
	}
}

// startTime has no zone: it is read in the data source's zone. The same
// run comes back at the same instant whatever the account zone is.
func TestSCFZoneRule(t *testing.T) {
	for _, zone := range []string{"Asia/Shanghai", "America/New_York"} {
		loc, err := time.LoadLocation(zone)
		require.NoError(t, err)
		e := startSCFEmulator(t, emulator.Config{SCFInvocations: 200, Days: 1, Timezone: loc})
		at := scfNow.Add(-30 * time.Hour)
		addRuns(t, e, 1, at, time.Second, nil)
		for _, v := range versions {
			ds := scfDatasource(t, e, v, nil, "")
			r := scfQuery(ds, QueryTypeInvocations, at.Add(-time.Minute), at.Add(time.Minute), map[string]any{"functionName": "hello-node"})
			require.NoError(t, r.Error)
			require.Equal(t, 1, r.Frames[0].Rows(), "%s %s", zone, v)
			assert.True(t, at.Equal(column(t, r.Frames[0], "startTime")[0].(time.Time)), "%s %s", zone, v)
		}
		// A data source set to the wrong zone misreads the times by the offset.
		ds := scfDatasource(t, e, settings.SCFAPIv2, map[string]any{"timezone": "UTC"}, "")
		r := scfQuery(ds, QueryTypeInvocations, at.Add(-24*time.Hour), at.Add(24*time.Hour), map[string]any{"functionName": "hello-node"})
		require.NoError(t, r.Error)
		_, offset := at.In(loc).Zone()
		var found bool
		for _, st := range column(t, r.Frames[0], "startTime") {
			found = found || st.(time.Time).Equal(at.Add(time.Duration(offset)*time.Second))
		}
		assert.True(t, found, zone)
	}
}

func TestSCFRetCodeFilters(t *testing.T) {
	e := startSCFEmulator(t, emulator.Config{})
	from, to := scfNow.Add(-6*time.Hour), scfNow
	for _, v := range versions {
		ds := scfDatasource(t, e, v, nil, "")
		count := map[string]int{}
		for _, rc := range []string{"", "not0", "is0"} {
			r := scfQuery(ds, QueryTypeInvocations, from, to, map[string]any{"functionName": "flaky-worker", "filter": map[string]any{"retCode": rc}})
			require.NoError(t, r.Error)
			codes := column(t, r.Frames[0], "retCode")
			count[rc] = len(codes)
			for _, c := range codes {
				switch rc {
				case "not0":
					assert.NotEqual(t, int64(0), c)
				case "is0":
					assert.Equal(t, int64(0), c)
				}
			}
		}
		assert.Greater(t, count["not0"], 0, v)
		assert.Greater(t, count["is0"], 0, v)
		assert.Equal(t, count[""], count["not0"]+count["is0"], v)
	}
}

// Every sort field and order, on a one-day range (SCF sorts, except
// requestId on API 3.0) and a two-day range (the plugin sorts).
func TestSCFEverySortAndOrder(t *testing.T) {
	e := startSCFEmulator(t, emulator.Config{SCFInvocations: 1500})
	key := func(f *data.Frame, field string, i int) any {
		return column(t, f, field)[i]
	}
	less := map[string]func(a, b any) bool{
		"startTime":    func(a, b any) bool { return a.(time.Time).Before(b.(time.Time)) },
		"functionName": func(a, b any) bool { return a.(string) < b.(string) },
		"requestId":    func(a, b any) bool { return a.(string) < b.(string) },
		"duration":     func(a, b any) bool { return a.(float64) < b.(float64) },
		"memUsage":     func(a, b any) bool { return a.(int64) < b.(int64) },
	}
	for _, v := range versions {
		ds := scfDatasource(t, e, v, nil, "")
		model := func(extra map[string]any) map[string]any {
			m := map[string]any{"limit": 5000}
			if v == settings.SCFAPIv2 {
				m["functionName"] = "flaky-worker" // required on v2
			}
			for k, x := range extra {
				m[k] = x
			}
			return m
		}
		for _, span := range []time.Duration{12 * time.Hour, 40 * time.Hour} {
			from := scfNow.Add(-span)
			all := scfQuery(ds, QueryTypeInvocations, from, scfNow, model(nil))
			require.NoError(t, all.Error)
			allIDs := strColumn(t, all.Frames[0], "requestId")
			sort.Strings(allIDs)
			for field, lt := range less {
				for _, order := range []string{"desc", "asc", "acs"} {
					name := v + "/" + span.String() + "/" + field + "/" + order
					r := scfQuery(ds, QueryTypeInvocations, from, scfNow, model(map[string]any{"orderBy": field, "order": order}))
					require.NoError(t, r.Error, name)
					f := r.Frames[0]
					require.Equal(t, len(allIDs), f.Rows(), name)
					for i := 1; i < f.Rows(); i++ {
						a, b := key(f, field, i-1), key(f, field, i)
						if order == "desc" {
							require.False(t, lt(a, b), "%s: row %d out of order", name, i)
						} else {
							require.False(t, lt(b, a), "%s: row %d out of order", name, i)
						}
					}
					ids := strColumn(t, f, "requestId")
					sort.Strings(ids)
					require.Equal(t, allIDs, ids, name)
				}
			}
		}
	}
}

func TestSCFLimitAndOffsetPageTheOrderedResult(t *testing.T) {
	e := startSCFEmulator(t, emulator.Config{SCFInvocations: 500, Days: 1})
	newest := scfNow.Add(-30 * time.Hour)
	want := addRuns(t, e, 50, newest, time.Minute, nil)
	for _, v := range versions {
		ds := scfDatasource(t, e, v, nil, "")
		r := scfQuery(ds, QueryTypeInvocations, newest.Add(-time.Hour), newest.Add(time.Second), map[string]any{"functionName": "hello-node", "limit": 10, "offset": 15})
		require.NoError(t, r.Error)
		assert.Equal(t, want[15:25], strColumn(t, r.Frames[0], "requestId"), v)
		require.Len(t, r.Frames[0].Meta.Notices, 1)
		assert.Contains(t, r.Frames[0].Meta.Notices[0].Text, "more match")
	}
}

func TestSCFRequestIDQueryAndBothLogFormats(t *testing.T) {
	e := startSCFEmulator(t, emulator.Config{SCFInvocations: 500, Days: 1})
	at := scfNow.Add(-30 * time.Hour)
	addRuns(t, e, 3, at, time.Minute, func(i int, inv *scfemu.Invocation) {
		if i == 1 {
			inv.RetCode = 430
			inv.Log = "START RequestId: run-00001\n2026-11-19T06:00:00.100Z\trun-00001\tstarting\n2026-11-19T06:00:00.200Z\trun-00001\tTypeError: boom\n    at handler (/var/user/index.js:4:31)\nEND RequestId: run-00001\nReport RequestId: run-00001 Duration: 5.00 ms\n"
		}
	})
	for _, v := range versions {
		ds := scfDatasource(t, e, v, nil, "")
		r := scfQuery(ds, QueryTypeLogs, at.Add(-time.Hour), at.Add(time.Hour), map[string]any{"functionName": "hello-node", "requestId": "run-00001"})
		require.NoError(t, r.Error, v)
		f := r.Frames[0]
		require.Equal(t, 5, f.Rows(), v)
		assert.Equal(t, []string{"info", "info", "error", "info", "error"}, strColumn(t, f, "severity"), v)
		assert.Equal(t, "2026-11-19T06:00:00.200Z\trun-00001\tTypeError: boom\n    at handler (/var/user/index.js:4:31)", strColumn(t, f, "body")[2])
		assert.Equal(t, time.Date(2026, 11, 19, 6, 0, 0, 200_000_000, time.UTC), column(t, f, "timestamp")[2])
	}
}

func TestSCFMetricsAgreeWithTheInvocations(t *testing.T) {
	e := startSCFEmulator(t, emulator.Config{})
	from, to := scfNow.Add(-2*time.Hour), scfNow
	for _, v := range versions {
		ds := scfDatasource(t, e, v, nil, "")
		inv := scfQuery(ds, QueryTypeInvocations, from, to, map[string]any{"functionName": "flaky-worker", "limit": 10000})
		require.NoError(t, inv.Error)
		var failed int
		var maxDur float64
		for i, c := range column(t, inv.Frames[0], "retCode") {
			if c.(int64) != 0 {
				failed++
			}
			maxDur = max(maxDur, column(t, inv.Frames[0], "duration")[i].(float64))
		}
		m := scfQuery(ds, QueryTypeMetrics, from, to, map[string]any{"functionName": "flaky-worker"})
		require.NoError(t, m.Error)
		f := m.Frames[0]
		require.Len(t, f.Fields, 11, "time + ten metrics")
		assert.Equal(t, 120, f.Rows(), "one point per minute, empty minutes included")
		sum := func(name string) (s float64) {
			for _, x := range column(t, f, name) {
				s += x.(float64)
			}
			return s
		}
		assert.Equal(t, float64(inv.Frames[0].Rows()), sum("invocations"), v)
		assert.Equal(t, float64(failed), sum("errors"), v)
		var seenMax float64
		for _, x := range column(t, f, "durationMax") {
			seenMax = max(seenMax, x.(float64))
		}
		assert.Equal(t, maxDur, seenMax, v)
		fld, _ := f.FieldByName("durationP95")
		assert.Equal(t, "ms", fld.Config.Unit)
	}
}

// An alert rule sends raw JSON with only the query type and function.
func TestSCFAlertStyleMetricsQuery(t *testing.T) {
	e := startSCFEmulator(t, emulator.Config{})
	ds := scfDatasource(t, e, settings.SCFAPIv3, nil, "")
	q := backend.DataQuery{RefID: "A", JSON: []byte(`{"queryType":"scfMetrics","functionName":"hello-node"}`),
		TimeRange: backend.TimeRange{From: scfNow.Add(-10 * time.Minute), To: scfNow}}
	resp, err := ds.QueryData(t.Context(), &backend.QueryDataRequest{Queries: []backend.DataQuery{q}})
	require.NoError(t, err)
	r := resp.Responses["A"]
	require.NoError(t, r.Error)
	f := r.Frames[0]
	assert.Equal(t, data.FrameTypeTimeSeriesWide, f.Meta.Type)
	assert.Equal(t, 600, f.Rows(), "no interval: one-second buckets")
	var total float64
	for _, fld := range f.Fields[1:] {
		assert.Equal(t, data.FieldTypeFloat64, fld.Type(), fld.Name)
	}
	for _, x := range column(t, f, "invocations") {
		total += x.(float64)
	}
	assert.Greater(t, total, 0.0)
}

func TestSCFLogVolume(t *testing.T) {
	e := startSCFEmulator(t, emulator.Config{})
	ds := scfDatasource(t, e, settings.SCFAPIv3, nil, "")
	from, to := scfNow.Add(-time.Hour), scfNow
	r := scfQuery(ds, QueryTypeLogs, from, to, map[string]any{"functionName": "flaky-worker", "logVolume": true})
	require.NoError(t, r.Error)
	require.Len(t, r.Frames, 1, "one wide frame, the log-volume shape of every service")
	vol := r.Frames[0]
	require.Len(t, vol.Fields, 3)
	assert.Equal(t, data.Labels{"level": "error"}, vol.Fields[1].Labels)
	assert.Equal(t, data.Labels{"level": "info"}, vol.Fields[2].Labels)
	inv := scfQuery(ds, QueryTypeInvocations, from, to, map[string]any{"functionName": "flaky-worker", "filter": map[string]any{"retCode": "not0"}})
	require.NoError(t, inv.Error)
	var errs int64
	for i := 0; i < vol.Rows(); i++ {
		errs += vol.Fields[1].At(i).(int64)
	}
	assert.Equal(t, int64(inv.Frames[0].Rows()), errs)
}

func TestSCFMetricsWarnWhenTheSafetyCapIsHit(t *testing.T) {
	e := startSCFEmulator(t, emulator.Config{})
	ds := scfDatasource(t, e, settings.SCFAPIv3, map[string]any{"maxRows": 10}, "")
	r := scfQuery(ds, QueryTypeMetrics, scfNow.Add(-6*time.Hour), scfNow, map[string]any{"metrics": []string{"invocations"}})
	require.NoError(t, r.Error)
	f := r.Frames[0]
	require.Len(t, f.Meta.Notices, 1)
	assert.Equal(t, data.NoticeSeverityWarning, f.Meta.Notices[0].Severity)
	assert.Contains(t, f.Meta.Notices[0].Text, "newest 100 invocations")
	partial := service.PartialOf(r)
	require.Len(t, partial, 1, "undercounted metrics are partial")
	assert.Equal(t, service.PartialScanCap, partial[0].Cause)
	var total float64
	for _, x := range column(t, f, "invocations") {
		total += x.(float64)
	}
	assert.Equal(t, 100.0, total)
}

// With the defaults on both sides (5 requests a second), paging stays
// under the vendor's limit: the query succeeds and takes the paced time.
func TestSCFDefaultPacingStaysUnderTheVendorLimit(t *testing.T) {
	e := startSCFEmulator(t, emulator.Config{SCFInvocations: 500, Days: 1, SCFRequestsPerSecond: 5})
	newest := scfNow.Add(-30 * time.Hour)
	want := addRuns(t, e, 1000, newest, time.Second, nil)
	ds := scfDatasource(t, e, settings.SCFAPIv3, map[string]any{"requestsPerSecond": 5, "concurrency": 8}, "")
	began := time.Now()
	r := scfQuery(ds, QueryTypeInvocations, newest.Add(-time.Hour), newest.Add(time.Second), map[string]any{"functionName": "hello-node"})
	require.NoError(t, r.Error)
	assert.Equal(t, want, strColumn(t, r.Frames[0], "requestId"))
	assert.GreaterOrEqual(t, time.Since(began), 1700*time.Millisecond, "10 pages at 5 a second")
	assert.Contains(t, r.Frames[0].Meta.ExecutedQueryString, "(10 requests, API v3)")
}

// Showing the first N invocations of the query's limit is what was asked
// for: not partial.
func TestSCFLimitReachedIsNotPartial(t *testing.T) {
	e := startSCFEmulator(t, emulator.Config{})
	ds := scfDatasource(t, e, settings.SCFAPIv3, nil, "")
	r := scfQuery(ds, QueryTypeInvocations, scfNow.Add(-6*time.Hour), scfNow, map[string]any{"limit": 5})
	require.NoError(t, r.Error)
	assert.Equal(t, 5, r.Frames[0].Rows())
	assert.Empty(t, service.PartialOf(r))
	require.NotEmpty(t, r.Frames[0].Meta.Notices)
	assert.Equal(t, data.NoticeSeverityInfo, r.Frames[0].Meta.Notices[0].Severity)
}
