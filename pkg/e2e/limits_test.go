package e2e

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/scfemu"
)

// The vendor counts SCF's 5 requests a second per SecretId, whichever data
// source sends them. Two instances with the same key in one plugin process
// share one pace: together they stay under the emulator's per-key limit,
// and no call is throttled (before, each paced itself and the pair ran at
// twice the rate).
func TestSCFTwoInstancesOnOneKeyStayUnderTheVendorRate(t *testing.T) {
	const rate, runs = 5, 500
	// A key of its own: instances of other tests in the shared plugin
	// process (other keys) must not share this pace.
	e := startEmulator(t, emulator.Config{KeyID: "AKIDe2eSharedPace", SLSLogs: 10, SCFInvocations: 100, Days: 1,
		SCFRequestsPerSecond: rate, Now: func() time.Time { return scfE2ENow }})
	newest := scfE2ENow.Add(-30 * time.Hour)
	invs := make([]scfemu.Invocation, runs)
	for i := range invs {
		id := fmt.Sprintf("pace-%03d", i)
		start := newest.Add(-time.Duration(i) * time.Second)
		invs[i] = scfemu.Invocation{FunctionName: "hello-node", RequestID: id, Start: start, Duration: 5, MemUsage: 1 << 20,
			Log: "START RequestId: " + id + "\nEND RequestId: " + id + "\n"}
	}
	require.NoError(t, e.SCF.AddInvocations(invs...))
	tr := backend.TimeRange{From: newest.Add(-runs * time.Second), To: newest.Add(time.Second)}
	p := plugin(t)
	instances := []backend.DataSourceInstanceSettings{
		scfSettings(e, "v3", map[string]any{"requestsPerSecond": rate, "concurrency": 4}),
		scfSettings(e, "v3", map[string]any{"requestsPerSecond": rate, "concurrency": 4}),
	}
	e.Knobs.ResetLog()

	var mu sync.Mutex
	var responses []*backend.QueryDataResponse
	var wg sync.WaitGroup
	for _, s := range instances {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 2 {
				resp := p.query(t, s, tr, dataQuery("A", "scfInvocations", tr, map[string]any{"functionName": "hello-node"}))
				mu.Lock()
				responses = append(responses, resp)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()

	var times []time.Time
	for _, r := range e.Knobs.Requests() {
		if r.Service == "scf" && r.Action == "GetFunctionLogs" {
			times = append(times, r.Time)
		}
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	require.GreaterOrEqual(t, len(times), 4*rate, "enough calls to measure a rate")
	// The busiest 1-second window, less 100 ms: the pacer spaces calls
	// exactly 200 ms apart, and on a loaded machine a call can reach the
	// emulator tens of ms after its slot while the next one does not; that
	// must not count as a sixth call. Two unshared paces (10/s) put 9 or
	// 10 calls into such a window.
	busiest := 0
	for i := range times {
		n := 0
		for j := i; j < len(times) && times[j].Sub(times[i]) < time.Second-100*time.Millisecond; j++ {
			n++
		}
		busiest = max(busiest, n)
	}
	span := times[len(times)-1].Sub(times[0])
	t.Logf("%d GetFunctionLogs calls from two instances in %v (%.1f/s), busiest second %d", len(times), span, float64(len(times)-1)/span.Seconds(), busiest)
	assert.LessOrEqual(t, busiest, rate, "GetFunctionLogs calls in the busiest second")
	assert.GreaterOrEqual(t, span, time.Duration(len(times)-1)*time.Second/rate-50*time.Millisecond, "%d calls at %d/s in all", len(times), rate)

	pages := 0
	pagesOf := regexp.MustCompile(`\((\d+) requests, API v3\)`)
	for _, resp := range responses {
		f := scfFrame(t, resp, "A")
		assert.Equal(t, runs, f.Rows())
		m := pagesOf.FindStringSubmatch(f.Meta.ExecutedQueryString)
		require.Len(t, m, 2, f.Meta.ExecutedQueryString)
		n, _ := strconv.Atoi(m[1])
		pages += n
	}
	assert.Equal(t, pages, len(times), "every page answered the first time: no call was throttled and retried")
}
