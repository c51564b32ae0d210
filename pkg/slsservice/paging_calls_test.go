package slsservice

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
	"github.com/logbridge/cloudlogs/pkg/emulator/slsemu"
	"github.com/logbridge/cloudlogs/pkg/service/servicetest"
)

// callCount is what one slsLogs query sent to the emulator's logstore,
// read from the emulator's request log (every request it received, those
// the client cancelled included). GetHistograms is its own call.
type callCount struct {
	pages, histograms int
}

func (c callCount) total() int { return c.pages + c.histograms }

// exactLogstore adds a logstore holding exactly n lines, numbered by "seq"
// (0 is the oldest), one a second inside slsRange.
func exactLogstore(t testing.TB, e *emulator.Emulator, name string, n int) {
	t.Helper()
	start := slsRange().From.Unix() + 1
	logs := make([]slsemu.Log, n)
	for i := range logs {
		logs[i] = slsemu.Log{Time: start + int64(i%3000), Contents: map[string]string{"seq": strconv.Itoa(i), "msg": "line " + strconv.Itoa(i)}}
	}
	require.NoError(t, e.SLS.AppendLogs(name, logs))
}

// countedLogsQuery runs one slsLogs query and counts the requests it made.
func countedLogsQuery(t testing.TB, e *emulator.Emulator, ds *servicetest.Instance, logstore string, model map[string]any) (int, callCount) {
	t.Helper()
	e.Knobs.ResetLog()
	model["logstore"] = logstore
	r := runSLS(t, ds, slsRange(), "slsLogs", model)
	require.NoError(t, r.Error)
	var c callCount
	for _, req := range e.Knobs.Requests() {
		if req.Path != "/logstores/"+logstore {
			continue
		}
		q, _ := url.ParseQuery(req.Query)
		switch q.Get("type") {
		case "log":
			c.pages++
		case "histogram":
			c.histograms++
		}
	}
	rows := 0
	if len(r.Frames) == 1 {
		rows = r.Frames[0].Rows()
	}
	return rows, c
}

// TestSLSLogsRequestsAtMostDataPagesPlusOne is goal 2 of issue 11: the
// count (GetHistograms) goes out in the first wave with the pages the limit
// needs, so a query whose data fills its limit asks only for pages that
// carry data, in one round trip. The bound counts every request
// the emulator received for the logstore: GetLogs pages and the one
// GetHistograms call.
func TestSLSLogsRequestsAtMostDataPagesPlusOne(t *testing.T) {
	e := startSLSEmulator(t)
	for _, n := range []int{0, 1, 250, 1000, 1234} {
		exactLogstore(t, e, fmt.Sprintf("exact-%d", n), n)
	}
	cases := []struct {
		lines, limit, offset, concurrency int
	}{
		{1000, 1000, 0, 16},
		{1000, 5000, 0, 16},
		{1000, 5000, 0, 4},
		{1000, 5000, 0, 1},
		{1234, 5000, 0, 16},
		{1234, 1000, 0, 16},
		{250, 1000, 20, 16},
		{250, 1000, 300, 16},
		{1, 1000, 0, 16},
		{0, 1000, 0, 16},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("lines=%d/limit=%d/offset=%d/c=%d", tc.lines, tc.limit, tc.offset, tc.concurrency), func(t *testing.T) {
			ds := newSLSDatasource(t, e, map[string]any{"concurrency": tc.concurrency, "maxRows": 100_000})
			rows, c := countedLogsQuery(t, e, ds, fmt.Sprintf("exact-%d", tc.lines), map[string]any{"limit": tc.limit, "offset": tc.offset})
			want := min(tc.limit, max(0, tc.lines-tc.offset))
			assert.Equal(t, want, rows)
			dataPages := (want + 99) / 100
			// The first wave (the pages the limit needs, as many as the slots
			// beside the count allow) goes out with the count: an answer that
			// fills its limit takes one round trip and no page past its data;
			// pages of the wave past the data are cancelled when the count
			// (or an empty page) comes back.
			firstWave := min(tc.concurrency-1, (tc.limit+99)/100)
			assert.LessOrEqual(t, c.total(), max(dataPages, firstWave, 1)+1, "pages %d + histograms %d", c.pages, c.histograms)
			if want >= tc.limit {
				assert.LessOrEqual(t, c.total(), dataPages+1, "data that fills the limit: no request past it")
			}
			// One count at most: an empty page in the first wave may end the
			// query before the count even reaches the service.
			assert.LessOrEqual(t, c.histograms, 1)
		})
	}
}

// TestSLSLogsPagesNewestFirstExactlyOnce checks the planned pages keep
// newest-first order with no line lost or repeated, across a partial last
// page and an offset.
func TestSLSLogsPagesNewestFirstExactlyOnce(t *testing.T) {
	e := startSLSEmulator(t)
	exactLogstore(t, e, "exact-1234", 1234)
	ds := newSLSDatasource(t, e, map[string]any{"concurrency": 16})
	r := runSLS(t, ds, slsRange(), "slsLogs", map[string]any{"logstore": "exact-1234", "limit": 5000, "offset": 34})
	f := onlyFrame(t, r)
	require.Equal(t, 1200, f.Rows())
	labels := fieldsByName(f, "labels")
	require.Len(t, labels, 1)
	// seq i is one second newer than seq i-1, so newest first from offset
	// 34 is 1199, 1198, ... 0: any loss, repeat or misorder breaks the run.
	for i := 0; i < f.Rows(); i++ {
		raw, _ := labels[0].ConcreteAt(i)
		s := fmt.Sprintf("%s", raw)
		k := s[strings.Index(s, `"seq":"`)+7:]
		k = k[:strings.IndexByte(k, '"')]
		require.Equal(t, strconv.Itoa(1199-i), k, "row %d", i)
	}
	assert.Contains(t, r.Frames[0].Meta.ExecutedQueryString, "GET /logstores/exact-1234")
}

// BenchmarkSLSLogsCalls reports the requests one slsLogs query makes
// (calls/op) against the emulator on loopback: 1,000 lines, and limit 5,000
// when 1,000 exist; with no added latency and with 20 ms per request.
//
//	go test ./pkg/slsservice -run '^$' -bench SLSLogsCalls -benchtime 20x
func BenchmarkSLSLogsCalls(b *testing.B) {
	e, err := emulator.Start(emulator.Config{SLSLogs: 10, SCFInvocations: 10, Days: 1, Now: func() time.Time { return slsTestNow }})
	require.NoError(b, err)
	defer e.Close()
	exactLogstore(b, e, "exact-1000", 1000)
	for _, bc := range []struct {
		limit, concurrency int
		latency            time.Duration
	}{
		{1000, 4, 0}, {5000, 4, 0}, {1000, 16, 0}, {5000, 16, 0},
		{1000, 4, 20 * time.Millisecond}, {5000, 4, 20 * time.Millisecond},
		{1000, 16, 20 * time.Millisecond}, {5000, 16, 20 * time.Millisecond},
	} {
		limit := bc.limit
		b.Run(fmt.Sprintf("limit=%d/c=%d/latency=%s", limit, bc.concurrency, bc.latency), func(b *testing.B) {
			e.Knobs.Set(knobs.Settings{Latency: bc.latency})
			ds := newSLSDatasource(b, e, map[string]any{"concurrency": bc.concurrency})
			calls := 0
			for i := 0; i < b.N; i++ {
				rows, c := countedLogsQuery(b, e, ds, "exact-1000", map[string]any{"limit": limit})
				if rows != 1000 {
					b.Fatalf("got %d lines, want 1000", rows)
				}
				calls += c.total()
			}
			b.ReportMetric(float64(calls)/float64(b.N), "calls/op")
		})
	}
}
