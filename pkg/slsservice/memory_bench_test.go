package slsservice

import (
	"encoding/json"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/encoding"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/slsemu"
	"github.com/logbridge/cloudlogs/pkg/grpcanswer"
)

// BenchmarkSLSLogsQuery100k is the in-process side of the executable's
// peak-RSS benchmark (pkg/e2e BenchmarkGRPCPeakRSS), for heap profiles:
// a 100,000-line slsLogs query through QueryData against the emulator,
// then the answer converted and marshalled as the executable sends it over
// gRPC (the frame handed to pkg/grpcanswer, the placeholder answer made by
// the SDK, the message's pieces written by the codec; answer-MiB is their
// size). CLOUDLOGS_BENCH_HEAP_PROFILE=<file> writes what is live once the
// answer is marshalled, the moment before gRPC sends it.
// peak-heap-MiB is the largest live-plus-garbage heap seen by a sampler
// (runtime/metrics every 2ms), json-MiB the bodies the emulator sent; the
// emulator's own heap (its 100,000 stored lines, its answers) is in the
// figure too, so read it for changes, not as the plugin's. Run with
//
//	go test ./pkg/slsservice -run '^$' -bench SLSLogsQuery100k -benchtime 3x -memprofile /tmp/mem.out
//
// CLOUDLOGS_BENCH_MAX_LINES (as for pkg/e2e) makes the query smaller, for
// the CI's smoke run.
func BenchmarkSLSLogsQuery100k(b *testing.B) {
	lines := 100_000
	if v, err := strconv.Atoi(os.Getenv("CLOUDLOGS_BENCH_MAX_LINES")); err == nil && v > 0 {
		lines = min(lines, v)
	}
	e, err := emulator.Start(emulator.Config{SLSLogs: 10, SCFInvocations: 10, CLSLogs: -1, Days: 1, SLSDenseLogs: lines,
		Now: func() time.Time { return slsTestNow }})
	require.NoError(b, err)
	defer e.Close()
	ds := newSLSDatasource(b, e, map[string]any{"maxRows": lines, "timeoutSeconds": 300})
	model, _ := json.Marshal(map[string]any{"queryType": "slsLogs", "logstore": slsemu.DenseLogstore, "query": "*", "limit": lines})
	req := &backend.QueryDataRequest{Queries: []backend.DataQuery{{RefID: "A", QueryType: "slsLogs", JSON: model, TimeRange: slsRange()}}}
	grpcanswer.Enable() // as the executable's main does
	var peak, raw, out float64
	for i := 0; i < b.N; i++ {
		runtime.GC()
		e.ResetTraffic()
		stop := sampleHeap()
		resp, err := ds.QueryData(b.Context(), req)
		if err != nil || resp.Responses["A"].Error != nil {
			b.Fatal(err, resp.Responses["A"].Error)
		}
		if n := resp.Responses["A"].Frames[0].Rows(); n != lines {
			b.Fatalf("got %d lines, want %d", n, lines)
		}
		grpcanswer.DeferFrames(backend.DataFrameFormat_ARROW, "A", resp.Responses["A"].Frames)
		pb, err := backend.ToProto().QueryDataResponse(backend.DataFrameFormat_ARROW, resp)
		if err != nil {
			b.Fatal(err)
		}
		resp = nil
		msg, err := encoding.GetCodecV2("proto").Marshal(pb)
		if err != nil || msg.Len() == 0 {
			b.Fatal(err)
		}
		if path := os.Getenv("CLOUDLOGS_BENCH_HEAP_PROFILE"); path != "" {
			writeHeapProfile(b, path)
		}
		out += float64(msg.Len()) / (1 << 20)
		peak += stop()
		raw += float64(e.Traffic("sls").RawBytes) / (1 << 20)
	}
	b.ReportMetric(peak/float64(b.N), "peak-heap-MiB")
	b.ReportMetric(raw/float64(b.N), "json-MiB")
	b.ReportMetric(out/float64(b.N), "answer-MiB")
}

// sampleHeap samples the heap's size until the returned func is called,
// which returns the largest in MiB.
func sampleHeap() func() float64 {
	var done atomic.Bool
	var peak atomic.Uint64
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		for !done.Load() {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			time.Sleep(2 * time.Millisecond)
		}
	}()
	return func() float64 {
		done.Store(true)
		<-finished
		return float64(peak.Load()) / (1 << 20)
	}
}

// writeHeapProfile writes the live heap after a collection.
func writeHeapProfile(b *testing.B, path string) {
	runtime.GC()
	f, err := os.Create(path)
	require.NoError(b, err)
	defer f.Close()
	require.NoError(b, pprof.WriteHeapProfile(f))
}
