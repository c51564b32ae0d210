package clsservice

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/clsemu"
)

func TestCLSLogsNewestFirstWithLabelsAndIDs(t *testing.T) {
	e := startEmulator(t, emulator.Config{})
	ds := newDatasource(t, e, nil, "")
	f := onlyFrame(t, run(t, ds, lastHour(), QueryTypeLogs, map[string]any{"topicId": clsemu.DemoAppTopicID, "limit": 50}))
	require.Equal(t, 50, f.Rows())
	assert.Equal(t, data.FrameTypeLogLines, f.Meta.Type)
	ids := map[string]bool{}
	for i := 0; i < f.Rows(); i++ {
		if i > 0 {
			assert.False(t, f.Fields[0].At(i).(time.Time).After(f.Fields[0].At(i-1).(time.Time)), "newest first")
		}
		ids[f.Fields[3].At(i).(string)] = true
	}
	assert.Len(t, ids, 50, "ids PkgId/PkgLogId are distinct")
	var labels map[string]string
	require.NoError(t, json.Unmarshal(f.Fields[4].At(0).(json.RawMessage), &labels))
	assert.Equal(t, clsemu.DemoAppTopicID, labels[LabelTopicID])
	assert.Equal(t, clsemu.DemoAppTopicName, labels[LabelTopic])
	assert.NotEmpty(t, labels[LabelPkgID])
	assert.Equal(t, labels[LabelPkgID]+"/"+labels[LabelPkgLogID], f.Fields[3].At(0))
	assert.Contains(t, f.Meta.ExecutedQueryString, "SearchLog")
}

// 25,000 lines over a topic holding more: exactly that many, distinct, in
// order, past the 10,000-log cursor cap, never over the per-topic bound.
func TestCLSLogsPastTheCursorCap(t *testing.T) {
	e := startEmulator(t, emulator.Config{CLSLogs: -1})
	const topic = clsemu.DemoAppTopicID
	recs := make([]clsemu.Record, 30_000)
	for i := range recs {
		recs[i] = clsemu.Record{Time: testNow.Add(-time.Hour).Add(time.Duration(i) * 110 * time.Millisecond),
			Fields: []clsemu.Field{{Key: "status", Value: "200"}, {Key: "request_uri", Value: "/api/" + strconv.Itoa(i)}, {Key: "level", Value: "INFO"}}}
	}
	require.NoError(t, e.CLS.AddRecords(topic, recs...))
	e.CLS.ResetCounters()
	ds := newDatasource(t, e, map[string]any{"maxRows": 50_000, "topicConcurrency": 3}, "")
	r := run(t, ds, lastHour(), QueryTypeLogs, map[string]any{"topicId": topic, "limit": 25_000})
	f := onlyFrame(t, r)
	require.Equal(t, 25_000, f.Rows())
	seen := map[string]bool{}
	for i := 0; i < f.Rows(); i++ {
		id := f.Fields[3].At(i).(string)
		require.False(t, seen[id], "line %d repeats %s", i, id)
		seen[id] = true
		if i > 0 {
			require.False(t, f.Fields[0].At(i).(time.Time).After(f.Fields[0].At(i-1).(time.Time)), "newest first at %d", i)
		}
	}
	assert.Equal(t, "/api/29999", bodyOrLabel(t, f, 0, "request_uri"), "the newest line first")
	assert.LessOrEqual(t, e.CLS.PeakConcurrency(topic), 3, "never more than topicConcurrency searches on the topic")
	t.Logf("SearchLog calls: %d, histogram calls: %d", e.CLS.Calls("SearchLog"), e.CLS.Calls("DescribeLogHistogram"))
}

func bodyOrLabel(t *testing.T, f *data.Frame, row int, key string) string {
	t.Helper()
	var labels map[string]string
	require.NoError(t, json.Unmarshal(f.Fields[4].At(row).(json.RawMessage), &labels))
	return labels[key]
}

func TestCLSSQLTypedByColumns(t *testing.T) {
	e := startEmulator(t, emulator.Config{})
	ds := newDatasource(t, e, nil, "")
	f := onlyFrame(t, run(t, ds, lastHour(), QueryTypeSQL, map[string]any{"topicId": clsemu.DemoAppTopicID,
		"query": "* | select status, count(*) as c group by status order by c desc", "format": "table"}))
	require.GreaterOrEqual(t, f.Rows(), 2)
	assert.Equal(t, "status", f.Fields[0].Name)
	assert.Equal(t, data.FieldTypeNullableInt64, f.Fields[1].Type(), "count(*) is a bigint column")

	ts := onlyFrame(t, run(t, ds, lastHour(), "", map[string]any{"topicId": clsemu.DemoAppTopicID,
		"query": "* | select __TIMESTAMP__ - __TIMESTAMP__ % 600000 as t, status, count(*) as c group by t, status order by t limit 1000"}))
	assert.Equal(t, data.FrameTypeTimeSeriesWide, ts.Meta.Type, "a query without a type and with SQL is clsSql, shaped as a time series")
	require.Greater(t, len(ts.Fields), 2)
	assert.NotEmpty(t, ts.Fields[1].Labels["status"], "the GROUP BY column labels the series")
}

func TestCLSHistogramAndLogVolume(t *testing.T) {
	e := startEmulator(t, emulator.Config{})
	ds := newDatasource(t, e, nil, "")
	h := onlyFrame(t, run(t, ds, lastHour(), QueryTypeHistogram, map[string]any{"topicId": clsemu.DemoAppTopicID}))
	require.Equal(t, 2, len(h.Fields))
	var total int64
	for i := 0; i < h.Rows(); i++ {
		total += h.Fields[1].At(i).(int64)
	}
	assert.Greater(t, total, int64(0))
	assert.LessOrEqual(t, h.Rows(), 200, "CLS allows at most 200 buckets")

	vol := onlyFrame(t, run(t, ds, lastHour(), QueryTypeHistogram, map[string]any{"topicId": clsemu.DemoAppTopicID, "logVolume": true}))
	var volTotal int64
	for _, field := range vol.Fields[1:] {
		assert.NotEmpty(t, field.Labels["level"], "every series carries its level")
		for i := 0; i < field.Len(); i++ {
			volTotal += field.At(i).(int64)
		}
	}
	assert.Equal(t, total, volTotal, "the volume counts every log once")
}

func TestCLSContextAroundALine(t *testing.T) {
	e := startEmulator(t, emulator.Config{})
	ds := newDatasource(t, e, nil, "")
	f := onlyFrame(t, run(t, ds, lastHour(), QueryTypeLogs, map[string]any{"topicId": clsemu.DemoAppTopicID, "limit": 20}))
	var labels map[string]string
	require.NoError(t, json.Unmarshal(f.Fields[4].At(10).(json.RawMessage), &labels))
	line := f.Fields[3].At(10).(string)
	ctx := onlyFrame(t, run(t, ds, lastHour(), QueryTypeContext, map[string]any{"topicId": labels[LabelTopicID], "pkgId": labels[LabelPkgID],
		"pkgLogId": labels[LabelPkgLogID], "time": f.Fields[0].At(10).(time.Time).UnixMilli(), "prevLogs": 3, "nextLogs": 3}))
	require.Greater(t, ctx.Rows(), 1)
	found := false
	for i := 0; i < ctx.Rows(); i++ {
		found = found || ctx.Fields[3].At(i) == line
	}
	assert.True(t, found, "the line is in its own context, with the same id")
}

func TestCLSErrorsSayWhatToFix(t *testing.T) {
	e := startEmulator(t, emulator.Config{})
	cases := []struct {
		name   string
		secret string
		model  map[string]any
		status backend.Status
		want   []string
	}{
		{"syntax", "", map[string]any{"topicId": clsemu.DemoAppTopicID, "query": "status:(200"}, http.StatusBadRequest, []string{"CLS FailedOperation.SyntaxError", "position"}},
		{"topic", "", map[string]any{"topicId": "00000000-0000-0000-0000-000000000000"}, http.StatusNotFound, []string{"ResourceNotFound.TopicNotExist"}},
		{"keys", "wrong-secret-value", map[string]any{"topicId": clsemu.DemoAppTopicID}, http.StatusUnauthorized, []string{"AuthFailure"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := run(t, newDatasource(t, e, nil, c.secret), lastHour(), QueryTypeLogs, c.model)
			require.Error(t, r.Error)
			for _, w := range c.want {
				assert.Contains(t, r.Error.Error(), w)
			}
			assert.Equal(t, c.status, r.Status, fmt.Sprint(r.Error))
			assert.Equal(t, backend.ErrorSourceDownstream, r.ErrorSource)
			assert.NotContains(t, r.Error.Error(), "wrong-secret-value")
		})
	}
}

// Explore's volume of a query over two topics: each topic counted its own
// way (one has a level field, the other not), summed on one grid.
func TestCLSLogVolumeOverTwoTopics(t *testing.T) {
	e := startEmulator(t, emulator.Config{})
	ds := newDatasource(t, e, nil, "")
	topics := []string{clsemu.DemoAppTopicID, clsemu.DemoSCFTopicID}
	total := 0.0
	for _, topic := range topics {
		h := onlyFrame(t, run(t, ds, lastHour(), QueryTypeHistogram, map[string]any{"topicId": topic}))
		for i := 0; i < h.Rows(); i++ {
			total += float64(h.Fields[1].At(i).(int64))
		}
	}
	both := onlyFrame(t, run(t, ds, lastHour(), QueryTypeHistogram, map[string]any{"topicIds": topics}))
	var summed float64
	for i := 0; i < both.Rows(); i++ {
		summed += float64(both.Fields[1].At(i).(int64))
	}
	assert.Equal(t, total, summed, "the histogram of two topics is the sum of theirs")
	vol := onlyFrame(t, run(t, ds, lastHour(), QueryTypeHistogram, map[string]any{"topicIds": topics, "logVolume": true}))
	var inVolume float64
	for _, f := range vol.Fields[1:] {
		for i := 0; i < f.Len(); i++ {
			inVolume += float64(f.At(i).(int64))
		}
	}
	assert.Equal(t, total, inVolume)
}
