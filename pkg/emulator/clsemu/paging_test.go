package clsemu

import (
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
)

// addLines puts n lines in the last hour of the nginx topic, 100 ms apart.
func addLines(t testing.TB, e *testEnv, n int) {
	t.Helper()
	recs := make([]Record, n)
	for i := range recs {
		recs[i] = Record{Time: testNow.Add(-time.Duration(i+1) * 100 * time.Millisecond),
			Fields: fields("method", "GET", "status", strconv.Itoa(200+i%2), "request_uri", "/p/"+strconv.Itoa(i))}
	}
	require.NoError(t, e.srv.AddRecords(DemoAppTopicID, recs...))
}

func TestContextPagingStopsAt10000(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Logs = -1 })
	addLines(t, e, 30_000)
	params := map[string]any{"TopicId": DemoAppTopicID, "From": ms(testNow.Add(-time.Hour)), "To": ms(testNow) + 1, "Limit": 1000, "Query": "method:GET", "SyntaxRule": 1}
	seen := map[string]bool{}
	var last int64 = 1 << 62
	pages := 0
	for {
		out := e.search(t, params)
		pages++
		for _, r := range out.Results {
			require.LessOrEqual(t, r.Time, last, "desc order across pages")
			last = r.Time
			seen[r.PkgId+"/"+r.PkgLogId] = true
		}
		if out.Context == "" {
			assert.False(t, out.ListOver, "the chain stops at 10,000 with logs left")
			break
		}
		params["Context"] = out.Context
	}
	assert.Equal(t, 10, pages)
	assert.Len(t, seen, 10_000)

	// Offset paging has no total cap.
	off := e.search(t, map[string]any{"TopicId": DemoAppTopicID, "From": ms(testNow.Add(-time.Hour)), "To": ms(testNow) + 1, "Limit": 10, "Offset": 25_000})
	require.Len(t, off.Results, 10)
	assert.Empty(t, off.Context)
}

func TestContextEndsWithListOver(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Logs = -1 })
	addLines(t, e, 2500)
	params := map[string]any{"TopicId": DemoAppTopicID, "From": ms(testNow.Add(-time.Hour)), "To": ms(testNow) + 1, "Limit": 1000, "Sort": "asc"}
	total := 0
	for {
		out := e.search(t, params)
		total += len(out.Results)
		if out.Context == "" {
			assert.True(t, out.ListOver)
			break
		}
		params["Context"] = out.Context
	}
	assert.Equal(t, 2500, total)
}

func TestInvalidContext(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Logs = -1 })
	addLines(t, e, 300)
	params := map[string]any{"TopicId": DemoAppTopicID, "From": ms(testNow.Add(-time.Hour)), "To": ms(testNow) + 1, "Limit": 100}
	first := e.search(t, params)
	require.NotEmpty(t, first.Context)

	changed := map[string]any{"TopicId": DemoAppTopicID, "From": ms(testNow.Add(-time.Hour)), "To": ms(testNow) + 1, "Limit": 50, "Context": first.Context}
	code, msg := e.searchErr(t, changed)
	assert.Equal(t, "FailedOperation.InvalidContext", code)
	assert.Contains(t, msg, "参数")

	params["Context"] = first.Context
	require.Len(t, e.search(t, params).Results, 100, "an unchanged request continues")
	e.data.Advance(61 * time.Minute)
	code, _ = e.searchErr(t, params)
	assert.Equal(t, "FailedOperation.InvalidContext", code, "a Context lives one hour")
}

func TestPerTopicConcurrencyLimit(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Logs = -1 })
	e.ctl.Set(knobs.Settings{Latency: 400 * time.Millisecond})
	var wg sync.WaitGroup
	codes := make([]string, 16)
	for i := range codes {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			action, params := "SearchLog", map[string]any{"TopicId": DemoAppTopicID, "From": 0, "To": 1}
			if i%3 == 1 {
				action, params = "DescribeLogHistogram", map[string]any{"TopicId": DemoAppTopicID, "From": 0, "To": 1000, "Interval": 100}
			}
			raw := e.call(t, req{Action: action, Params: params})
			var probe struct{ Error *struct{ Code string } }
			require.NoError(t, jsonUnmarshal(raw, &probe))
			if probe.Error != nil {
				codes[i] = probe.Error.Code
			}
		}(i)
	}
	wg.Wait()
	limited := 0
	for _, c := range codes {
		if c != "" {
			assert.Equal(t, "LimitExceeded.LogSearch", c)
			limited++
		}
	}
	assert.Equal(t, 1, limited, "the 16th concurrent call on one topic is refused")
	assert.Equal(t, 15, e.srv.PeakConcurrency(DemoAppTopicID))
	assert.Equal(t, 16, e.srv.Calls("SearchLog")+e.srv.Calls("DescribeLogHistogram"))
	e.srv.ResetCounters()
	assert.Zero(t, e.srv.PeakConcurrency(DemoAppTopicID))
	assert.Zero(t, e.srv.Calls("SearchLog"))
}

func TestHistogram(t *testing.T) {
	e := searchEnv(t)
	var out histogramResponse
	from, to := ms(testNow.Add(-time.Hour)), ms(testNow)
	e.ok(t, "DescribeLogHistogram", map[string]any{"TopicId": DemoAppTopicID, "From": from + 1234, "To": to, "Interval": 60_000, "Query": "status>=400", "SyntaxRule": 1}, &out)
	assert.EqualValues(t, 2, out.TotalCount)
	assert.EqualValues(t, 60_000, out.Interval)
	var sum int64
	for _, h := range out.HistogramInfos {
		assert.Zero(t, h.BTime%60_000, "BTime is rounded down to the interval")
		sum += h.Count
	}
	assert.Equal(t, out.TotalCount, sum)
	assert.EqualValues(t, from, out.HistogramInfos[0].BTime)
	// SyntaxRule defaults to Lucene: a lower-case "and" is refused.
	code, _ := e.fail(t, req{Action: "DescribeLogHistogram", Params: map[string]any{"TopicId": DemoAppTopicID, "From": from, "To": to, "Interval": 60_000, "Query": "method:GET and status:200"}})
	assert.Equal(t, "FailedOperation.SyntaxError", code)
	code, _ = e.fail(t, req{Action: "DescribeLogHistogram", Params: map[string]any{"TopicId": DemoAppTopicID, "From": from, "To": to, "Interval": 1000}})
	assert.Equal(t, "InvalidParameter", code, "3600 buckets > 200")
}

func TestDescribeLogContext(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Logs = -1 })
	var recs []Record
	for i := 0; i < 30; i++ {
		recs = append(recs, Record{Time: testNow.Add(-time.Duration(30-i) * time.Second), Fields: fields("request_uri", "/n/"+strconv.Itoa(i)),
			Source: "10.0.0.1", FileName: "/var/log/a.log", HostName: "h1", PkgID: "PKG", PkgLogID: int64(i)})
	}
	require.NoError(t, e.srv.AddRecords(DemoAppTopicID, recs...))
	target := recs[15]
	btime := target.Time.In(time.FixedZone("CST", 8*3600)).Format("2006-01-02 15:04:05.000")
	var out contextResponse
	e.ok(t, "DescribeLogContext", map[string]any{"TopicId": DemoAppTopicID, "BTime": btime, "PkgId": "PKG", "PkgLogId": 15, "PrevLogs": 3, "NextLogs": 20}, &out)
	require.Len(t, out.LogContextInfos, 3+1+14)
	assert.EqualValues(t, 12, out.LogContextInfos[0].PkgLogId)
	assert.EqualValues(t, 15, out.LogContextInfos[3].PkgLogId)
	assert.Equal(t, ms(target.Time), out.LogContextInfos[3].BTime)
	assert.False(t, out.PrevOver)
	assert.True(t, out.NextOver)
	code, _ := e.fail(t, req{Action: "DescribeLogContext", Params: map[string]any{"TopicId": DemoAppTopicID, "BTime": "2026-11-22T20:00:00Z", "PkgId": "PKG", "PkgLogId": 1}})
	assert.Equal(t, "InvalidParameter", code)
}
