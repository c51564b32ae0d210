package e2e

// The load and leak test: hundreds of mixed queries at once through the real
// executable, several rounds, every answer equal to the same query run
// alone, the process's goroutines and memory back to a stable level after
// each round, and the SCF account's pacing kept. docs/reliability.md holds
// its figures.
//
// Environment (defaults keep CI near half a minute):
//
//	CLOUDLOGS_LOAD_QUERIES  queries in flight per round (default 200)
//	CLOUDLOGS_LOAD_ROUNDS   rounds (default 5)
//	CLOUDLOGS_LOAD_STRICT_PACING=1  also hold SCF to requestsPerSecond in every 1-second window
//	CLOUDLOGS_LOAD_SCF_CONCURRENCY  the SCF data source's concurrency (default: the plugin's)

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/clsemu"
	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
	"github.com/logbridge/cloudlogs/pkg/settings"
)

var loadNow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

// loadSCFRate is the SCF data source's requestsPerSecond: the account's
// pace the request log is checked against.
const loadSCFRate = 20

// loadCase is one kind of query of the mix.
type loadCase struct {
	name     string
	settings backend.DataSourceInstanceSettings
	query    backend.DataQuery
}

// loadEnv is the emulator, the data sources and the mix of queries.
type loadEnv struct {
	emu   *emulator.Emulator
	cases []loadCase
	// instances is how many data sources the mix uses, hosts how many
	// vendor hosts they reach (SCF reaches SCF and CLS): the idle pool
	// bound counts them.
	instances, hosts int
}

func newLoadEnv(t *testing.T) *loadEnv {
	t.Helper()
	// The emulator's own SCF limit is off: the pace is measured from its
	// request log, not enforced by it.
	e := startEmulator(t, emulator.Config{SLSLogs: 20_000, SCFInvocations: 3_000, CLSLogs: 20_000, Days: 1,
		SCFRequestsPerSecond: -1, Now: func() time.Time { return loadNow }})
	sls := slsSettings(e, nil)
	scfJSON := map[string]any{"requestsPerSecond": loadSCFRate}
	if c := os.Getenv("CLOUDLOGS_LOAD_SCF_CONCURRENCY"); c != "" {
		scfJSON["concurrency"] = c
	}
	scf := scfSettings(e, "v3", scfJSON)
	cls := clsSettings(e)
	hour := backend.TimeRange{From: loadNow.Add(-time.Hour), To: loadNow}
	q := func(name, queryType string, model map[string]any) backend.DataQuery {
		return dataQuery(name, queryType, hour, model)
	}
	topic := clsemu.DemoAppTopicID
	return &loadEnv{emu: e, instances: 3, hosts: 4, cases: []loadCase{
		{"sls_logs", sls, q("A", "slsLogs", map[string]any{"logstore": "app-log", "limit": 500})},
		{"sls_search", sls, q("A", "slsLogs", map[string]any{"logstore": "nginx-access", "query": "status: 500", "limit": 200})},
		{"sls_sql", sls, q("A", "slsSql", map[string]any{"logstore": "nginx-access", "query": "* | select status, count(*) as c group by status order by status"})},
		{"sls_volume", sls, q("A", "slsHistogram", map[string]any{"logstore": "app-log", "logVolume": true})},
		{"scf_logs", scf, q("A", "scfLogs", map[string]any{"functionName": "order-api", "limit": 50})},
		{"scf_invocations", scf, q("A", "scfInvocations", map[string]any{"functionName": "hello-node", "limit": 50})},
		{"scf_metrics", scf, q("A", "scfMetrics", map[string]any{"functionName": "order-api"})},
		{"cls_logs", cls, q("A", "clsLogs", map[string]any{"topicId": topic, "limit": 500})},
		{"cls_sql", cls, q("A", "clsSql", map[string]any{"topicId": topic, "query": "* | select status, count(*) as c group by status order by status"})},
		{"cls_volume", cls, q("A", "clsHistogram", map[string]any{"topicId": topic, "logVolume": true})},
	}}
}

// answer is one query's outcome.
type answer struct {
	text    string // canonical: frames as JSON, or "error: ..."
	err     string // the error message, "" for data
	warning bool   // a frame carries a warning notice (a partial answer said so)
	status  backend.Status
	took    time.Duration
}

// ask sends one query in its own QueryData call, as a panel does.
func ask(p *pluginProcess, c loadCase) answer {
	start := time.Now()
	req := &backend.QueryDataRequest{PluginContext: pluginContext(c.settings), Queries: []backend.DataQuery{c.query}}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	protoResp, err := p.data.QueryData(ctx, backend.ToProto().QueryDataRequest(req))
	if err != nil {
		return answer{text: "grpc error: " + err.Error(), err: err.Error(), took: time.Since(start)}
	}
	resp, err := backend.FromProto().QueryDataResponse(protoResp)
	if err != nil {
		return answer{text: "decode error: " + err.Error(), err: err.Error(), took: time.Since(start)}
	}
	a := canonical(resp.Responses[c.query.RefID])
	a.took = time.Since(start)
	return a
}

// canonical is an answer as comparable text: each frame's name, fields,
// labels and values, and of its meta only the type (the executed query
// and notices may tell of retries, which change nothing of the data).
func canonical(r backend.DataResponse) answer {
	if r.Error != nil {
		return answer{text: "error: " + r.Error.Error(), err: r.Error.Error(), status: r.Status}
	}
	var b strings.Builder
	var a answer
	for _, f := range r.Frames {
		g := *f
		g.Meta = nil
		if f.Meta != nil {
			g.Meta = &data.FrameMeta{Type: f.Meta.Type, TypeVersion: f.Meta.TypeVersion}
			for _, n := range f.Meta.Notices {
				a.warning = a.warning || n.Severity == data.NoticeSeverityWarning || n.Severity == data.NoticeSeverityError
			}
		}
		j, err := data.FrameToJSON(&g, data.IncludeAll)
		if err != nil { // runs in the round's goroutines: no FailNow here
			j = []byte("frame not encodable: " + err.Error())
		}
		b.Write(j)
		b.WriteByte('\n')
	}
	a.text = b.String()
	return a
}

// baselines runs each case alone, twice: the answers the mix must match,
// and proof that a case's answer does not change from run to run.
func (env *loadEnv) baselines(t *testing.T, p *pluginProcess) map[string]answer {
	t.Helper()
	out := map[string]answer{}
	for _, c := range env.cases {
		first, second := ask(p, c), ask(p, c)
		require.Empty(t, first.err, "%s alone", c.name)
		require.NotEqual(t, "", strings.TrimSpace(first.text), "%s alone: no frames", c.name)
		require.Equal(t, first.text, second.text, "%s alone gives the same answer twice", c.name)
		out[c.name] = first
	}
	return out
}

// roundResult is one round's figures.
type roundResult struct {
	queries                     int
	mismatches                  []string
	p50, p99, slowest           time.Duration
	goroutines, threads         int
	rssKB, heapInuseKB, hwmKB   int64
	vendorRequests, scfRequests int
}

// runRound sends n queries (the cases in turn) at once and compares every
// answer with its baseline.
func (env *loadEnv) runRound(t *testing.T, p *pluginProcess, n int, base map[string]answer) roundResult {
	t.Helper()
	answers := make([]answer, n)
	var wg sync.WaitGroup
	startGate := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-startGate
			answers[i] = ask(p, env.cases[i%len(env.cases)])
		}(i)
	}
	close(startGate)
	wg.Wait()
	res := roundResult{queries: n}
	took := make([]time.Duration, n)
	for i, a := range answers {
		c := env.cases[i%len(env.cases)]
		took[i] = a.took
		if a.text != base[c.name].text {
			res.mismatches = append(res.mismatches, fmt.Sprintf("%s #%d: %.300s", c.name, i, a.text))
		}
	}
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	res.p50, res.p99, res.slowest = took[n/2], took[(n*99)/100], took[n-1]
	return res
}

func envCount(t *testing.T, name string, def int) int {
	t.Helper()
	n, err := envInt(name, def)
	require.NoError(t, err)
	require.Positive(t, n, name)
	return n
}

// TestLoadMixedQueriesOverGRPC: rounds of 200 concurrent mixed queries (SLS
// logs, search, SQL and volume; SCF logs, invocations and metrics; CLS logs,
// SQL and volume), each its own QueryData call to one plugin process.
func TestLoadMixedQueriesOverGRPC(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc/<pid>/status")
	}
	n := envCount(t, "CLOUDLOGS_LOAD_QUERIES", 200)
	rounds := envCount(t, "CLOUDLOGS_LOAD_ROUNDS", 5)
	env := newLoadEnv(t)
	p, prof := startProfiledPlugin(t)

	base := env.baselines(t, p)
	idle := prof.settle(t, 0)
	t.Logf("idle after the baselines: %d goroutines, %d threads, VmRSS %d MiB, HeapInuse %d MiB",
		idle.goroutines, idle.threads, idle.rssKB>>10, idle.heapInuseKB>>10)
	// Every kept-alive connection holds two goroutines (its read and write
	// loops); the pool keeps at most `concurrency` idle ones per host.
	poolBound := 2 * settings.DefaultConcurrency * env.hosts
	env.emu.Knobs.ResetLog()
	var results []roundResult
	for r := 1; r <= rounds; r++ {
		before := len(env.emu.Knobs.Requests())
		res := env.runRound(t, p, n, base)
		log := env.emu.Knobs.Requests()
		res.vendorRequests = len(log) - before
		for _, q := range log[before:] {
			if q.Service == "scf" {
				res.scfRequests++
			}
		}
		st := prof.settle(t, idle.goroutines+poolBound)
		res.goroutines, res.threads, res.rssKB, res.heapInuseKB, res.hwmKB = st.goroutines, st.threads, st.rssKB, st.heapInuseKB, st.hwmKB
		results = append(results, res)
		t.Logf("round %d: %d queries, %d vendor requests (%d SCF), p50 %s p99 %s max %s; after: %d goroutines, %d threads, VmRSS %d MiB, HeapInuse %d MiB, VmHWM %d MiB, %d answers differ",
			r, n, res.vendorRequests, res.scfRequests, res.p50.Round(time.Millisecond), res.p99.Round(time.Millisecond), res.slowest.Round(time.Millisecond),
			res.goroutines, res.threads, res.rssKB>>10, res.heapInuseKB>>10, res.hwmKB>>10, len(res.mismatches))
		assert.Empty(t, res.mismatches, "round %d: answers that differ from the query run alone", r)
		assert.LessOrEqual(t, res.goroutines, idle.goroutines+poolBound,
			"round %d: goroutines beyond the idle ones plus two per pooled connection (%d hosts × %d)", r, env.hosts, settings.DefaultConcurrency)
	}
	// A leak grows from round to round; the pool and the runtime's free
	// memory move up and down. The last round may not exceed every earlier one.
	last, earlier := results[len(results)-1], results[:len(results)-1]
	if len(earlier) > 0 {
		var g int
		var heap, rss int64
		for _, r := range earlier {
			g, heap, rss = max(g, r.goroutines), max(heap, r.heapInuseKB), max(rss, r.rssKB)
		}
		assert.LessOrEqual(t, last.goroutines, g+10, "goroutines grow from round to round")
		assert.LessOrEqual(t, last.heapInuseKB, heap+32<<10, "the heap after a GC grows from round to round")
		assert.LessOrEqual(t, last.rssKB, rss+64<<10, "VmRSS grows from round to round")
	}

	times := requestTimes(env.emu.Knobs.Requests(), "scf")
	window, at := maxPerSecond(times)
	over := overBucket(times, loadSCFRate)
	t.Logf("SCF pacing: %d requests; at most %d in any 1-second window (from %s); %d over SCF's limit shape (token bucket, %d a second, burst %d); requestsPerSecond %d",
		len(times), window, at.Format("15:04:05.000"), over, loadSCFRate, loadSCFRate, loadSCFRate)
	assert.Zero(t, over, "requests SCF's per-account limit would have refused")
	// Arrivals jitter around the limiter's spacing on a loaded machine (a
	// request paced at t can arrive after one paced at t+50ms), so a strict
	// 1-second window is checked on request only.
	if os.Getenv("CLOUDLOGS_LOAD_STRICT_PACING") == "1" {
		assert.LessOrEqual(t, window, loadSCFRate, "more SCF requests in one second than requestsPerSecond")
	}
	assert.NotContains(t, p.logs.String(), emulator.DemoKeySecret)
}

// requestTimes are the arrival times of a service's requests, in order.
func requestTimes(log []knobs.Request, service string) []time.Time {
	var times []time.Time
	for _, r := range log {
		if r.Service == service {
			times = append(times, r.Time)
		}
	}
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	return times
}

// overBucket counts the requests a token bucket of rate a second and burst
// rate (scfemu's model of SCF's per-account limit) would have refused.
func overBucket(times []time.Time, rate float64) int {
	tokens, over := rate, 0
	for i, t := range times {
		if i > 0 {
			tokens = min(rate, tokens+t.Sub(times[i-1]).Seconds()*rate)
		}
		if tokens < 1 {
			over++
			continue
		}
		tokens--
	}
	return over
}

// maxPerSecond is the most requests that arrived within any one second (a
// window [t, t+1s) opened at each request), and when that window opened.
func maxPerSecond(times []time.Time) (int, time.Time) {
	best, at, j := 0, time.Time{}, 0
	for i := range times {
		for j < len(times) && times[j].Sub(times[i]) < time.Second {
			j++
		}
		if j-i > best {
			best, at = j-i, times[i]
		}
	}
	return best, at
}

// profiledPlugin reads a plugin process's goroutines (the SDK's pprof
// endpoint, turned on by GF_PLUGIN_PROFILING_ENABLED) and memory
// (/proc/<pid>/status).
type profiledPlugin struct {
	pid  int
	base string
}

// processState is one reading of the plugin process.
type processState struct {
	goroutines, threads       int
	rssKB, hwmKB, heapInuseKB int64
}

// startProfiledPlugin starts a plugin process of the test's own, with the
// SDK's profiling endpoint on a free port.
func startProfiledPlugin(t *testing.T) (*pluginProcess, *profiledPlugin) {
	t.Helper()
	bin, err := builtBinary()
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := ln.Addr().(*net.TCPAddr).Port
	require.NoError(t, ln.Close())
	p, err := startPluginProcess(bin, "GF_PLUGIN_PROFILING_ENABLED=true", "GF_PLUGIN_PROFILING_PORT="+strconv.Itoa(port))
	require.NoError(t, err)
	t.Cleanup(p.client.Kill)
	prof := &profiledPlugin{pid: p.pid, base: fmt.Sprintf("http://127.0.0.1:%d/debug/pprof/", port)}
	require.Eventually(t, func() bool { _, err := prof.goroutines(); return err == nil }, 10*time.Second, 50*time.Millisecond,
		"the plugin's profiling endpoint")
	return p, prof
}

func (pp *profiledPlugin) get(path string) (string, error) {
	resp, err := http.Get(pp.base + path)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%s: %s", path, resp.Status)
	}
	return string(b), err
}

// goroutines is the process's goroutine count (less the one serving the
// profile request itself).
func (pp *profiledPlugin) goroutines() (int, error) {
	body, err := pp.get("goroutine?debug=1")
	if err != nil {
		return 0, err
	}
	line, _, _ := strings.Cut(body, "\n")
	n, err := strconv.Atoi(strings.TrimPrefix(line, "goroutine profile: total "))
	return n - 1, err
}

// heapInuseKB is HeapInuse after a garbage collection (heap?gc=1).
func (pp *profiledPlugin) heapInuseKB() (int64, error) {
	body, err := pp.get("heap?gc=1&debug=1")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(body, "\n") {
		if v, ok := strings.CutPrefix(line, "# HeapInuse = "); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			return n >> 10, err
		}
	}
	return 0, fmt.Errorf("no HeapInuse in the heap profile")
}

// settle waits (up to 10 s) for the goroutine count to stop falling, or to
// reach bound when bound > 0, then reads the process's state.
func (pp *profiledPlugin) settle(t *testing.T, bound int) processState {
	t.Helper()
	prev := -1
	deadline := time.Now().Add(10 * time.Second)
	for {
		n, err := pp.goroutines()
		require.NoError(t, err)
		if n == prev && (bound <= 0 || n <= bound) || time.Now().After(deadline) {
			break
		}
		prev = n
		time.Sleep(250 * time.Millisecond)
	}
	var st processState
	var err error
	st.goroutines, err = pp.goroutines()
	require.NoError(t, err)
	st.heapInuseKB, err = pp.heapInuseKB()
	require.NoError(t, err)
	status, err := procStatus(pp.pid)
	require.NoError(t, err)
	st.threads, st.rssKB, st.hwmKB = int(status["Threads"]), status["VmRSS"], status["VmHWM"]
	return st
}

// procStatus reads the numbers of /proc/<pid>/status (kB for memory).
func procStatus(pid int) (map[string]int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]int64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		if n, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64); err == nil {
			out[k] = n
		}
	}
	return out, sc.Err()
}
