package sls_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/pierrec/lz4/v4"

	"github.com/logbridge/cloudlogs/pkg/arrowframe"
	"github.com/logbridge/cloudlogs/pkg/benchcpu"
	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/plugin"
	"github.com/logbridge/cloudlogs/pkg/sls"
	"github.com/logbridge/cloudlogs/pkg/slsservice"
)

// The path benchmarks replay GetLogs bodies recorded from the emulator's
// demo logstore (testdata/demo-page-*.json, 10 pages of 100 lines), so the
// emulator's and the network's cost is not counted. Rewrite them with
//
//	go test ./pkg/sls -run TestRecordDemoPages -record-pages
var recordPages = flag.Bool("record-pages", false, "record the demo GetLogs pages into testdata")

const demoPages = 10

// recordNow is the emulator's frozen data clock while recording.
var recordNow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

// capture keeps every response body that passes through it.
type capture struct {
	mu     sync.Mutex
	bodies map[string][]byte
}

func (c *capture) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.bodies[r.URL.Query().Get("offset")] = b
	c.mu.Unlock()
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, nil
}

func TestRecordDemoPages(t *testing.T) {
	if !*recordPages {
		t.Skip("run with -record-pages to rewrite testdata/demo-page-*.json")
	}
	e, err := emulator.Start(emulator.Config{SLSLogs: 200_000, SCFInvocations: 10, Days: 2, Now: func() time.Time { return recordNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	u, _ := url.Parse(e.SLSURL)
	cp := &capture{bodies: map[string][]byte{}}
	c, err := sls.New(sls.Config{Endpoint: u, Project: emulator.DemoProject, AccessKeyID: emulator.DemoKeyID,
		AccessKeySecret: emulator.DemoKeySecret, HTTPClient: &http.Client{Transport: cp}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.GetLogsPaged(context.Background(), sls.GetLogsRequest{Logstore: "nginx-access",
		From: recordNow.Add(-time.Hour).Unix(), To: recordNow.Unix()}, demoPages*sls.MaxLinesPerCall, 1)
	if err != nil || len(res.Logs) != demoPages*sls.MaxLinesPerCall {
		t.Fatalf("recording: %v", err)
	}
	for i := 0; i < demoPages; i++ {
		b, ok := cp.bodies[fmt.Sprint(i*sls.MaxLinesPerCall)]
		if !ok {
			t.Fatalf("page %d was not captured", i)
		}
		if err := os.WriteFile(demoPagePath(i), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func demoPagePath(i int) string {
	return filepath.Join("testdata", fmt.Sprintf("demo-page-%02d.json", i))
}

func loadDemoPages(b *testing.B) (pages [][]byte, size int64) {
	for i := 0; i < demoPages; i++ {
		p, err := os.ReadFile(demoPagePath(i))
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, p)
		size += int64(len(p))
	}
	return pages, size
}

// BenchmarkDecodeDemoPages decodes the 10 recorded pages (1,000 lines).
func BenchmarkDecodeDemoPages(b *testing.B) {
	pages, size := loadDemoPages(b)
	b.SetBytes(size)
	b.ReportAllocs()
	defer benchcpu.Report(b)()
	for b.Loop() {
		for _, p := range pages {
			if logs, err := sls.DecodeLogsForTest(p); err != nil || len(logs) != 100 {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkSLSLogsPath1000 is the plugin's own work for a 1,000-line logs
// query, as the executable does it: decode 10 recorded pages, convert each
// into frame columns as it comes (slsservice.LogsPages), join them into the
// logs frame, and encode it as Arrow for the gRPC answer (arrowframe, which
// pkg/grpcanswer uses in place of the SDK's encoding). lines/op is reported
// so that allocs/op ÷ 1000 reads as allocations per line. The collector runs
// with the plugin's GOGC (plugin.DefaultGCPercent), as in the executable;
// CLOUDLOGS_BENCH_GOGC=100 measures at Go's default.
func BenchmarkSLSLogsPath1000(b *testing.B) {
	gcPercent := plugin.DefaultGCPercent
	if v, err := strconv.Atoi(os.Getenv("CLOUDLOGS_BENCH_GOGC")); err == nil {
		gcPercent = v
	}
	defer debug.SetGCPercent(debug.SetGCPercent(gcPercent))
	pages, size := loadDemoPages(b)
	b.SetBytes(size)
	b.ReportAllocs()
	defer benchcpu.Report(b)()
	for b.Loop() {
		lp := slsservice.NewLogsPages(len(pages))
		for i, p := range pages {
			l, err := sls.DecodeLogsForTest(p)
			if err != nil {
				b.Fatal(err)
			}
			lp.Add(i, l)
		}
		f := lp.Frame("nginx-access", len(pages))
		if enc, err := arrowframe.Encode(f); err != nil || f.Rows() != 1000 || enc.Len == 0 {
			b.Fatal(err)
		}
	}
}

// BenchmarkSLSLogsPathFrame is the frame step of BenchmarkSLSLogsPath1000
// alone: 1,000 decoded lines into a logs frame.
func BenchmarkSLSLogsPathFrame(b *testing.B) {
	pages, _ := loadDemoPages(b)
	var logs []sls.Log
	for _, p := range pages {
		l, err := sls.DecodeLogsForTest(p)
		if err != nil {
			b.Fatal(err)
		}
		logs = append(logs, l...)
	}
	b.ReportAllocs()
	defer benchcpu.Report(b)()
	for b.Loop() {
		if f := slsservice.NewLogsFrame("nginx-access", logs); f.Rows() != 1000 {
			b.Fatal("rows")
		}
	}
}

// BenchmarkSLSLogsPathArrow is the Arrow step of BenchmarkSLSLogsPath1000
// alone, by arrowframe (what the executable sends) and by the SDK's
// MarshalArrow (what it sent before), on the same 1,000-line frame.
func BenchmarkSLSLogsPathArrow(b *testing.B) {
	pages, _ := loadDemoPages(b)
	lp := slsservice.NewLogsPages(len(pages))
	for i, p := range pages {
		l, err := sls.DecodeLogsForTest(p)
		if err != nil {
			b.Fatal(err)
		}
		lp.Add(i, l)
	}
	f := lp.Frame("nginx-access", len(pages))
	b.Run("arrowframe", func(b *testing.B) {
		b.ReportAllocs()
		defer benchcpu.Report(b)()
		for b.Loop() {
			if _, err := arrowframe.Encode(f); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sdk", func(b *testing.B) {
		b.ReportAllocs()
		defer benchcpu.Report(b)()
		for b.Loop() {
			if _, err := (data.Frames{f}).MarshalArrow(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkDecodeV2LZ4Pages is GetLogsV2's side of the same 1,000 lines:
// the 10 recorded pages in GetLogsV2's {meta, data} shape, compressed as
// SLS sends them (one raw LZ4 block each), decompressed and decoded.
// wire-bytes/op is what GetLogsV2 moves; json-bytes/op what GetLogs moves.
func BenchmarkDecodeV2LZ4Pages(b *testing.B) {
	pages, size := loadDemoPages(b)
	type page struct {
		h    http.Header
		body []byte
	}
	var v2 []page
	var wire int64
	for _, p := range pages {
		raw := append(append([]byte(`{"meta":{"progress":"Complete","count":100,"hasSQL":false,"keys":[]},"data":`), p...), '}')
		block := make([]byte, lz4.CompressBlockBound(len(raw)))
		n, err := lz4.CompressBlock(raw, block, nil)
		if err != nil || n == 0 {
			b.Fatal(err)
		}
		v2 = append(v2, page{http.Header{"X-Log-Compresstype": {"lz4"}, "X-Log-Bodyrawsize": {fmt.Sprint(len(raw))}}, block[:n]})
		wire += int64(n)
	}
	b.SetBytes(size)
	b.ReportAllocs()
	defer benchcpu.Report(b)()
	for b.Loop() {
		for _, p := range v2 {
			if logs, err := sls.DecodeLogsV2ForTest(p.h, p.body); err != nil || len(logs) != 100 {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(wire), "wire-bytes/op")
	b.ReportMetric(float64(size), "json-bytes/op")
}
