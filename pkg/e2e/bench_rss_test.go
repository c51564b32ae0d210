package e2e

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/logbridge/cloudlogs/pkg/emulator/slsemu"
)

// BenchmarkGRPCPeakRSS is the plugin's memory for the largest SLS query:
// each run starts a fresh plugin process (VmHWM, the peak resident set, only
// ever grows, so a shared process would report an earlier query's peak),
// sends one 100,000-line query and compares the process's peak RSS with the
// JSON bytes the emulator sent it (uncompressed, x-log-bodyrawsize where
// the body was compressed).
func BenchmarkGRPCPeakRSS(b *testing.B) {
	if runtime.GOOS != "linux" {
		b.Skip("reads /proc/<pid>/status")
	}
	env := sharedBenchEnv(b)
	bin, err := builtBinary()
	if err != nil {
		b.Fatal(err)
	}
	n := env.size(100_000)
	q := dataQuery("A", "slsLogs", env.slsRange, map[string]any{"logstore": slsemu.DenseLogstore, "query": "*", "limit": n})
	var idle, peak, raw float64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		p, err := startPluginProcess(bin)
		if err != nil {
			b.Fatal(err)
		}
		idleKB, err := peakRSSKB(p.pid)
		if err != nil {
			p.client.Kill()
			b.Fatal(err)
		}
		env.emu.ResetTraffic()
		b.StartTimer()
		resp := p.query(b, env.sls, env.slsRange, q)
		b.StopTimer()
		answerRows(b, resp, grpcCase{name: "peak_rss", service: "sls", rows: n, exact: true})
		peakKB, err := peakRSSKB(p.pid)
		p.client.Kill()
		if err != nil {
			b.Fatal(err)
		}
		idle += float64(idleKB) / 1024
		peak += float64(peakKB) / 1024
		raw += float64(env.emu.Traffic("sls").RawBytes) / (1 << 20)
	}
	b.ReportMetric(idle/float64(b.N), "idle-rss-MiB")
	b.ReportMetric(peak/float64(b.N), "peak-rss-MiB")
	b.ReportMetric(raw/float64(b.N), "json-MiB")
	b.ReportMetric(peak/raw, "x-json")
	b.ReportMetric(float64(n), "rows")
}

// peakRSSKB reads VmHWM (kB) from /proc/<pid>/status.
func peakRSSKB(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			return strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
		}
	}
	return 0, fmt.Errorf("/proc/%d/status has no VmHWM", pid)
}
