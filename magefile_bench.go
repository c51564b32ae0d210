//go:build mage

package main

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/magefile/mage/sh"
)

// The end-to-end benchmarks (pkg/e2e/bench_*_test.go) read these; Bench
// passes them on and records them in docs/benchmarks.md.
const (
	envLatency     = "CLOUDLOGS_BENCH_LATENCY"
	envRuns        = "CLOUDLOGS_BENCH_RUNS"
	envConcurrency = "CLOUDLOGS_BENCH_CONCURRENCY"
	envMaxLines    = "CLOUDLOGS_BENCH_MAX_LINES"
	// docKeepMarker: what docs/benchmarks.md holds after this line is
	// written by hand (profiles' lessons) and survives a new run.
	docKeepMarker = "<!-- hand-written notes below: kept by `go tool mage bench` -->"
)

// Bench runs the Go micro-benchmarks, then the end-to-end benchmarks through
// the real executable over gRPC against the emulator with a per-request
// latency ($CLOUDLOGS_BENCH_LATENCY, default 20ms; medians of
// $CLOUDLOGS_BENCH_RUNS runs, default 21), and writes docs/benchmarks.md.
func Bench() error {
	microArgs := []string{"test", "-run", "^$", "-bench", ".", "-benchmem", "-benchtime", "1s", "-count", "1"}
	micro, err := goOutput(nil, append(microArgs, microPackages()...)...)
	if err != nil {
		fmt.Print(micro)
		return err
	}
	fmt.Println(strings.Join(benchmarkLines(micro), "\n"))
	latency := envOr(envLatency, "20ms")
	runs := envOr(envRuns, "21")
	e2e, cmdLine, err := runGRPCBenchmarks(latency, runs)
	if err != nil {
		return err
	}
	fmt.Print(e2e)
	doc := benchDoc(latency, runs, cmdLine, e2e, strings.Join(append([]string{"go"}, microArgs...), " ")+" ./pkg/... (all but pkg/e2e)", micro)
	return os.WriteFile(filepath.Join("docs", "benchmarks.md"), []byte(doc), 0o644)
}

// BenchSmoke runs every benchmark once with tiny sizes and no latency, so
// CI proves they build and run; it asserts no timing.
func BenchSmoke() error {
	// No CLOUDLOGS_PLUGIN_BINARY: pkg/e2e builds the executable from the
	// sources, so a stale dist/ never stands in for them.
	env := map[string]string{envLatency: "0", envMaxLines: "300"}
	out, err := goOutput(env, "test", "-count=1", "-run", "^$", "-bench", ".", "-benchtime", "1x", "./pkg/...")
	if err != nil {
		fmt.Print(out)
		return err
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "ok ") || strings.HasPrefix(l, "FAIL") {
			fmt.Println(l)
		}
	}
	return nil
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func microPackages() []string {
	out, _ := sh.Output("go", "list", "./pkg/...")
	var pkgs []string
	for _, p := range strings.Fields(out) {
		if !strings.HasSuffix(p, "/pkg/e2e") {
			pkgs = append(pkgs, p)
		}
	}
	return pkgs
}

// goOutput runs go with extra environment and returns its standard output
// and error together, echoing nothing.
func goOutput(env map[string]string, args ...string) (string, error) {
	fmt.Println("exec: go", strings.Join(args, " "))
	cmd := exec.Command("go", args...)
	cmd.Env = os.Environ()
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// runGRPCBenchmarks builds the executable and the e2e test binary once and
// runs the test binary itself, not `go test`, so the plugin's and
// go-plugin's log lines (standard error) stay out of the results; they go
// to artifacts/bench-e2e.log.
func runGRPCBenchmarks(latency, runs string) (out, cmdLine string, err error) {
	dir, err := os.MkdirTemp("", "cloudlogs-bench-")
	if err != nil {
		return "", "", err
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, fmt.Sprintf("gpx_cloudlogs_%s_%s", runtime.GOOS, runtime.GOARCH))
	if err := sh.RunWith(map[string]string{"CGO_ENABLED": "0"}, "go", "build", "-tags", "arrow_json_stdlib", "-o", bin, "./pkg"); err != nil {
		return "", "", err
	}
	testBin := filepath.Join(dir, "e2e.test")
	if err := sh.Run("go", "test", "-c", "-o", testBin, "./pkg/e2e"); err != nil {
		return "", "", err
	}
	if err := os.MkdirAll("artifacts", 0o755); err != nil {
		return "", "", err
	}
	logFile, err := os.Create(filepath.Join("artifacts", "bench-e2e.log"))
	if err != nil {
		return "", "", err
	}
	defer logFile.Close()
	var all strings.Builder
	var lines []string
	// Peak RSS needs a fresh process per run: three are enough for a peak.
	for _, r := range []struct{ bench, times string }{{"^BenchmarkGRPC$", runs + "x"}, {"^BenchmarkGRPCPeakRSS$", "3x"}, {"^BenchmarkGRPCTransfer$", runs + "x"}} {
		args := []string{"-test.run", "^$", "-test.bench", r.bench, "-test.benchtime", r.times}
		lines = append(lines, "e2e.test "+strings.Join(args, " "))
		cmd := exec.Command(testBin, args...)
		cmd.Dir = filepath.Join("pkg", "e2e")
		cmd.Env = append(os.Environ(), "CLOUDLOGS_PLUGIN_BINARY="+bin, envLatency+"="+latency)
		var stdout bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, logFile
		fmt.Printf("exec: %s=%s %s\n", envLatency, latency, lines[len(lines)-1])
		if err := cmd.Run(); err != nil {
			return "", "", fmt.Errorf("%s: %w\n%s(log: artifacts/bench-e2e.log)", r.bench, err, stdout.String())
		}
		all.WriteString(stdout.String())
	}
	cmdLine = fmt.Sprintf("%s=%s, in pkg/e2e:\n\n    %s", envLatency, latency, strings.Join(lines, "\n    "))
	return all.String(), cmdLine, nil
}

// benchResult is one result line: its name and metrics by unit.
type benchResult struct {
	name    string
	metrics map[string]float64
}

func parseBench(out string) []benchResult {
	var res []benchResult
	for _, l := range strings.Split(out, "\n") {
		f := strings.Fields(l)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		r := benchResult{name: f[0], metrics: map[string]float64{}}
		if i := strings.LastIndex(r.name, "-"); i > 0 {
			r.name = r.name[:i] // the GOMAXPROCS suffix
		}
		for i := 2; i+1 < len(f); i += 2 {
			if v, err := strconv.ParseFloat(f[i], 64); err == nil {
				r.metrics[f[i+1]] = v
			}
		}
		res = append(res, r)
	}
	return res
}

func benchDoc(latency, runs, e2eCmd, e2eOut, microCmd, microOut string) string {
	cpu := "unknown CPU"
	for _, l := range strings.Split(microOut+"\n"+e2eOut, "\n") {
		if c, ok := strings.CutPrefix(l, "cpu: "); ok {
			cpu = c
			break
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Benchmarks\n\nMade by `go tool mage bench` on %s, %s/%s, %d CPUs (%s), %s.\n\n",
		time.Now().UTC().Format("2006-01-02"), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpu, runtime.Version())
	b.WriteString(grpcSection(latency, runs, e2eCmd, e2eOut))
	b.WriteString(microSection(microCmd, microOut))
	if old, err := os.ReadFile(filepath.Join("docs", "benchmarks.md")); err == nil {
		if _, kept, ok := strings.Cut(string(old), docKeepMarker); ok {
			b.WriteString("\n" + docKeepMarker + kept)
			return b.String()
		}
	}
	b.WriteString("\n" + docKeepMarker + "\n")
	return b.String()
}

func grpcSection(latency, runs, cmdLine, out string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `## Whole queries through the executable (issue 11, goals 5 and 7)

The real plugin executable, started by go-plugin as Grafana starts it, answers
QueryData over gRPC; the emulator on 127.0.0.1 adds **%s** to every answer.
Each row is the median of %s queries, alternated with as many runs of a bare
baseline client: the same HTTP calls with the same concurrency, decoded with
encoding/json into plain Go values (no frames, no Arrow, no gRPC;
`+"`pkg/e2e/bench_baseline_test.go`"+`). Requests are counted by the emulator.
The data: 100,000 nginx lines in one hour (`+"`emulator.Config.SLSDenseLogs`"+`),
10,000 SCF runs (4 log lines each) and 10,000 CLS lines, each in an hour of
its own. "Limit 5,000, 1,000 exist" asks the first 36 seconds of that hour
for 5,000 lines: the plugin finds the count first, the bare client asks for
the limit's pages. Run with `+"`%s=…`"+` for another latency.

**Paging bound** = ⌈pages ÷ concurrency⌉ × latency, pages = ⌈rows ÷ page
size⌉ (SLS and SCF: 100 a page, CLS: 1,000; SQL: one call). It is what the
round trips cost when every page carries data and the calls in flight never
wait for each other. CLS's bound uses its topic concurrency (5): one Context
chain is sequential, so a query over more than a page asks the histogram
first (one request more) and reads parts of about a page each at once.
The emulator runs in the benchmark's process on the same cores, so its own
time (the SQL query's above all) is in both the plugin's and the baseline's
column: plugin ÷ baseline is the fairer ratio of the plugin's own cost.

%s

The plugin's column runs from the request until its answer is decoded into
Go values on the receiving side (the SDK's `+"`FromProto`"+`, as Grafana does):
that decoding is Grafana's work, not the plugin's, and grows with the
answer's size; its median is shown on its own (in the plugin's column), and
so is the answer's size as the protobuf message that crossed gRPC (what
crossing costs alone is in the last table).

| query | rows | requests, plugin / baseline | paging bound (⌈pages ÷ concurrency⌉ × latency) | plugin, median | of which decoding the answer | answer over gRPC | baseline, median | plugin ÷ baseline (target ≤ 1.2) | plugin ÷ bound |
|---|---|---|---|---|---|---|---|---|---|
`, latency, runs, envLatency, cmdLine)
	results := parseBench(out)
	for _, r := range results {
		name, ok := strings.CutPrefix(r.name, "BenchmarkGRPC/")
		if !ok {
			continue
		}
		m := r.metrics
		xBound := "—"
		if v, ok := m["x-bound"]; ok {
			xBound = fmt.Sprintf("%.2f", v)
		}
		fmt.Fprintf(&b, "| %s | %s | %s / %s | %s ms (⌈%s ÷ %s⌉ × %s ms) | %s ms | %s ms | %.1f MiB | %s ms | %.2f | %s |\n",
			caseLabel(name), num(m["rows"]), num(m["requests/op"]), num(m["base-requests/op"]), num(m["bound-ms"]),
			num(m["pages"]), num(m["conc"]), num(m["latency-ms"]), num(m["median-ms"]), num(m["decode-ms"]), m["answer-MiB/op"],
			num(m["base-ms"]), m["x-base"], xBound)
	}
	for _, r := range results {
		if r.name != "BenchmarkGRPCPeakRSS" {
			continue
		}
		m := r.metrics
		fmt.Fprintf(&b, `
**Memory** (goal 5: peak RSS at most 3× the JSON received). A fresh plugin
process per run answers one SLS query for %s lines; its peak RSS is VmHWM
of /proc/<pid>/status, the JSON bytes are the uncompressed response bodies the
emulator sent, the CPU time is the plugin process's for the query, garbage
collection included (mean of the runs). The plugin runs under its default
soft memory limit (`+"`plugin.DefaultMemoryLimit`"+`, no GOMEMLIMIT set):

| idle process | peak RSS | JSON received | peak RSS ÷ JSON | plugin CPU |
|---|---|---|---|---|
| %.1f MiB | %.1f MiB | %.1f MiB | %.2f | %s ms |
`, thousands(m["rows"]), m["idle-rss-MiB"], m["peak-rss-MiB"], m["json-MiB"], m["x-json"], num(m["cpu-ms"]))
	}
	transfer := false
	for _, r := range results {
		name, ok := strings.CutPrefix(r.name, "BenchmarkGRPCTransfer/")
		if !ok {
			continue
		}
		if !transfer {
			transfer = true
			fmt.Fprintf(&b, `
**Crossing gRPC alone** (`+"`BenchmarkGRPCTransfer`"+`): a QueryData server in the
benchmark's process answers with one frame of that size, encoded already,
to a client with grpc-go's defaults over a unix socket, as go-plugin
connects Grafana to a plugin (the last row: the client's HTTP/2 windows
16 MiB from the start); the protobuf message is decoded, the frame is not.
Median of %s calls:

| answer | median | per MiB |
|---|---|---|
`, runs)
		}
		size, windows, _ := strings.Cut(name, "_windows")
		label := strings.TrimSuffix(size, "MiB") + " MiB"
		if windows != "" {
			label += ", client windows " + strings.TrimSuffix(windows, "MiB") + " MiB"
		}
		fmt.Fprintf(&b, "| %s | %.1f ms | %.2f ms |\n", label, r.metrics["median-ms"], r.metrics["ms-per-MiB"])
	}
	fmt.Fprintf(&b, "\nRaw results (`go test -bench` format, for benchstat):\n\n```\n%s```\n\n", out)
	return b.String()
}

// caseLabel turns sls_logs_10000 into "SLS logs, 10,000 lines" and
// sls_logs_limit5000_1000_exist into "SLS logs, limit 5,000, 1,000 exist".
func caseLabel(name string) string {
	parts := strings.Split(name, "_")
	if len(parts) == 5 && parts[4] == "exist" {
		limit, _ := strconv.ParseFloat(strings.TrimPrefix(parts[2], "limit"), 64)
		n, _ := strconv.ParseFloat(parts[3], 64)
		return fmt.Sprintf("%s %s, limit %s, %s exist", strings.ToUpper(parts[0]), parts[1], thousands(limit), thousands(n))
	}
	if len(parts) != 3 {
		return name
	}
	n, _ := strconv.ParseFloat(parts[2], 64)
	unit := map[string]string{"logs": "lines", "sql": "points"}[parts[1]]
	if parts[0] == "scf" {
		unit = "invocations"
	}
	kind := map[string]string{"logs": "logs", "sql": "SQL"}[parts[1]]
	return fmt.Sprintf("%s %s, %s %s", strings.ToUpper(parts[0]), kind, thousands(n), unit)
}

func trim(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// num writes v with thousands separators, and with one decimal below
// 1,000 when it has a fraction (a mean of requests, a short median).
func num(v float64) string {
	if v < 1000 && math.Abs(v-math.Round(v)) >= 0.05 {
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return thousands(v)
}

func thousands(v float64) string {
	s := strconv.FormatInt(int64(v+0.5), 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func microSection(cmdLine, out string) string {
	lines := benchmarkLines(out)
	return fmt.Sprintf(`## Micro-benchmarks

Made by

    %s

Every network benchmark talks to the emulator over real HTTP on 127.0.0.1
(signing, JSON, paging included), with no added latency.

| benchmark | what one operation is |
|---|---|
| GetFunctionLogsPage / V2GetFunctionLogsPage | the SCF emulator answering one signed page of 100 invocations (API 3.0 / legacy v2) |
| GetLogsPage / GetLogsSearchPage | the SLS emulator answering one signed GetLogs page of 100 lines (all / a search with a range and a wildcard) |
| SQLTimeSeriesHour / SQLAggregationDay | the SLS emulator running search + SQL: per-minute count, avg, p99 over an hour; group by over a day |
| SCFLogParsing | splitting one invocation's log text into entries with timestamps and severity |
| NewSLSLogsFrame / SQLToTimeSeries | converting 1000 SLS lines to a logs frame / 1000 SQL rows to a wide time series |
| SCFLogsQuery | a whole scfLogs query through its service: 1000 invocations (6000 entries), 10 concurrent pages |
| LogsAnswerDecoded | the receiving side's work for an scfLogs answer of 10,000 runs (40,000 lines): the SDK's UnmarshalArrowFrame, as Grafana decodes a plugin's answer |
| SLSLogsQuery | a whole slsLogs query through its service: 1000 lines, 10 pages with 4 in flight |
| DecodeLogsBody | decoding one 100-line GetLogs body |
| DecodeDemoPages / SLSLogsPath1000 | decoding 10 recorded GetLogs pages (1,000 lines) / the same plus each page turned into frame columns, the logs frame and its Arrow encoding by arrowframe (the plugin's own work for a 1,000-line query, as the executable does it) |
| SLSLogsPathArrow/arrowframe, /sdk | the Arrow encoding of that 1,000-line frame: as the executable sends it (pkg/arrowframe) / by the SDK's MarshalArrow |
| Encode10k/shared, /sdk | a 10,000-line logs frame whose text is registered with arrowframe.Share: arrowframe.Encode / the SDK's MarshalArrow |
| SLSLogsCalls | a whole slsLogs query against the emulator: requests made (calls/op) by limit, concurrency and added latency |
| SLSLogsQuery100k | a 100,000-line slsLogs query through its service plus the SDK's Arrow and protobuf encoding of the answer, in process: the peak heap (emulator included) and the answer's size; for heap profiles |
| DecodeSearchLogPage / ParseLogJSON | one CLS SearchLog page decoded with every LogJson parsed / the LogJson parse alone, 1,000 records |

A benchmark missing from this table is described where it is defined.

`+"```"+`
%s
`+"```"+`
`, cmdLine, strings.Join(lines, "\n"))
}

// benchmarkLines keeps the benchmark results of `go test -bench` output. The
// plugin SDK's log lines go to the same stream and can land between a
// benchmark's name and its numbers, so the two halves are joined again.
func benchmarkLines(out string) []string {
	var lines []string
	pending := ""
	for _, l := range strings.Split(out, "\n") {
		if i := strings.Index(l, `{"@level"`); i >= 0 {
			l = strings.TrimRight(l[:i], " \t")
		}
		switch {
		case strings.HasPrefix(l, "pkg:") || strings.HasPrefix(l, "cpu:"):
			lines = append(lines, l)
		case strings.HasPrefix(l, "Benchmark") && strings.Contains(l, "ns/op"):
			lines = append(lines, l)
		case strings.HasPrefix(l, "Benchmark"):
			pending = l
		case pending != "" && strings.Contains(l, "ns/op"):
			lines = append(lines, pending+"\t"+strings.TrimSpace(l))
			pending = ""
		}
	}
	return lines
}
