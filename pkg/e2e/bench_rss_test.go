package e2e

import (
	"bufio"
	"errors"
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
// the body was compressed). cpu-ms is the plugin process's CPU time (user
// and system, the garbage collector's included) for the query: on a shared
// machine it varies far less than wall time, and it shows what a tighter
// memory limit costs in collections.
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
	var idle, peak, raw, cpu float64
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
		cpu0, err0 := processCPUTicks(p.pid)
		b.StartTimer()
		resp := p.query(b, env.sls, env.slsRange, q)
		b.StopTimer()
		cpu1, err1 := processCPUTicks(p.pid)
		if err := errors.Join(err0, err1); err != nil {
			p.client.Kill()
			b.Fatal(err)
		}
		answerRows(b, resp, grpcCase{name: "peak_rss", service: "sls", rows: n, exact: true})
		peakKB, err := peakRSSKB(p.pid)
		p.client.Kill()
		if err != nil {
			b.Fatal(err)
		}
		idle += float64(idleKB) / 1024
		peak += float64(peakKB) / 1024
		raw += float64(env.emu.Traffic("sls").RawBytes) / (1 << 20)
		cpu += float64(cpu1-cpu0) * 1000 / clockTicks
	}
	b.ReportMetric(idle/float64(b.N), "idle-rss-MiB")
	b.ReportMetric(peak/float64(b.N), "peak-rss-MiB")
	b.ReportMetric(raw/float64(b.N), "json-MiB")
	b.ReportMetric(peak/raw, "x-json")
	b.ReportMetric(cpu/float64(b.N), "cpu-ms")
	b.ReportMetric(float64(n), "rows")
}

// clockTicks is USER_HZ, the unit of /proc/<pid>/stat's CPU times: 100 on
// every Linux the plugin is built for.
const clockTicks = 100

// processCPUTicks is the user plus system CPU time of a process so far, in
// clock ticks (fields 14 and 15 of /proc/<pid>/stat).
func processCPUTicks(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) may hold spaces; fields count from its ')'.
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat has %d fields after the name", pid, len(fields))
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, fmt.Errorf("/proc/%d/stat: %w", pid, err)
	}
	return utime + stime, nil
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
