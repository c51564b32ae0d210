package scf_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/logbridge/cloudlogs/pkg/benchcpu"
	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/scfemu"
	"github.com/logbridge/cloudlogs/pkg/scf"
	"github.com/logbridge/cloudlogs/pkg/scfservice"
)

// The path benchmarks replay GetFunctionLogs (API 3.0) bodies recorded from
// the emulator (testdata/logs-page-*.json: 10 pages of 100 invocations, 4
// log lines each, the runs pkg/e2e's BenchmarkGRPC/scf_logs reads), so that
// the emulator's and the network's cost is not counted. Rewrite them with
//
//	go test ./pkg/scf -run TestRecordLogsPages -record-pages
var recordPages = flag.Bool("record-pages", false, "record the GetFunctionLogs pages into testdata")

const (
	benchPages    = 10
	benchPageSize = 100
	benchFunction = "hello-node"
)

// benchNow is the emulator's frozen data clock while recording; the runs
// are the hour that ends 30 hours before it, as in pkg/e2e.
var (
	benchNow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	benchTo  = benchNow.Add(-30 * time.Hour)
	benchFr  = benchTo.Add(-time.Hour)
)

// benchRuns are pkg/e2e's addSCFRuns: START, one Node.js line with a level
// column, END and Report.
func benchRuns(n int) []scfemu.Invocation {
	runs := make([]scfemu.Invocation, n)
	step := benchTo.Sub(benchFr) / time.Duration(n)
	for i := range runs {
		id := fmt.Sprintf("bench-%05d", i)
		start := benchFr.Add(time.Duration(i) * step).Truncate(time.Millisecond)
		runs[i] = scfemu.Invocation{FunctionName: benchFunction, RequestID: id, Start: start, Duration: 12, MemUsage: 32 << 20,
			Log: "START RequestId: " + id + "\n" + start.UTC().Format("2006-01-02T15:04:05.000Z") + "\t" + id + "\tINFO\thandled order " + strconv.Itoa(i) +
				"\nEND RequestId: " + id + "\nReport RequestId: " + id + " Duration: 12 ms Memory: 128 MB MaxMemoryUsed: 32 MB\n"}
	}
	return runs
}

// pageKey is the Offset of an API 3.0 GetFunctionLogs request body.
func pageKey(r *http.Request) (int, []byte, error) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return 0, nil, err
	}
	var in struct{ Offset int }
	if err := json.Unmarshal(b, &in); err != nil {
		return 0, nil, err
	}
	return in.Offset, b, nil
}

// capture keeps every response body that passes through it, by Offset.
type capture struct {
	mu     sync.Mutex
	bodies map[int][]byte
}

func (c *capture) RoundTrip(r *http.Request) (*http.Response, error) {
	off, in, err := pageKey(r)
	if err != nil {
		return nil, err
	}
	r.Body = io.NopCloser(bytes.NewReader(in))
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
	c.bodies[off] = b
	c.mu.Unlock()
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, nil
}

func benchClient(e *emulator.Emulator, rt http.RoundTripper) *scf.Client {
	u, _ := url.Parse("http://127.0.0.1:1")
	loc, _ := time.LoadLocation("Asia/Shanghai")
	keyID, secret := emulator.DemoKeyID, "replayed"
	if e != nil {
		u, _ = url.Parse(e.SCFURL)
		loc, keyID, secret = e.Config.Timezone, e.Config.KeyID, e.Config.KeySecret
	}
	return scf.New(scf.Config{HTTPClient: &http.Client{Transport: rt}, Endpoint: u, Region: "ap-guangzhou",
		SecretID: keyID, SecretKey: secret, Location: loc, Concurrency: 4, RequestsPerSecond: -1})
}

func benchFetch() scf.FetchRequest {
	return scf.FetchRequest{Template: scf.LogsRequest{FunctionName: benchFunction, Namespace: "default"},
		From: benchFr, To: benchTo, Desc: true, Need: benchPages * benchPageSize}
}

func TestRecordLogsPages(t *testing.T) {
	if !*recordPages {
		t.Skip("run with -record-pages to rewrite testdata/logs-page-*.json")
	}
	e, err := emulator.Start(emulator.Config{SLSLogs: 10, SCFInvocations: 10, CLSLogs: -1, Days: 1, SCFRequestsPerSecond: -1,
		Now: func() time.Time { return benchNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if err := e.SCF.AddInvocations(benchRuns(benchPages * benchPageSize)...); err != nil {
		t.Fatal(err)
	}
	cp := &capture{bodies: map[int][]byte{}}
	res, err := benchClient(e, cp).Fetch(context.Background(), benchFetch())
	if err != nil || len(res.Invocations) != benchPages*benchPageSize {
		t.Fatalf("recording: %v", err)
	}
	for i := 0; i < benchPages; i++ {
		b, ok := cp.bodies[i*benchPageSize]
		if !ok {
			t.Fatalf("page %d was not captured", i)
		}
		if err := os.WriteFile(pagePath(i), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func pagePath(i int) string {
	return filepath.Join("testdata", fmt.Sprintf("logs-page-%02d.json", i))
}

func loadPages(b *testing.B) (pages [][]byte, size int64) {
	for i := 0; i < benchPages; i++ {
		p, err := os.ReadFile(pagePath(i))
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, p)
		size += int64(len(p))
	}
	return pages, size
}

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

func decodePages(b *testing.B, pages [][]byte) []scf.Invocation {
	var invs []scf.Invocation
	for _, p := range pages {
		page, err := scf.DecodeLogsPageForTest(p, "default", shanghai)
		if err != nil || len(page.Invocations) != benchPageSize {
			b.Fatal(err)
		}
		invs = append(invs, page.Invocations...)
	}
	return invs
}

// BenchmarkDecodeSCFPages decodes the 10 recorded pages (1,000
// invocations).
func BenchmarkDecodeSCFPages(b *testing.B) {
	pages, size := loadPages(b)
	b.SetBytes(size)
	b.ReportAllocs()
	defer benchcpu.Report(b)()
	for b.Loop() {
		decodePages(b, pages)
	}
}

// BenchmarkSCFLogsPath1000 is the plugin's own work for a 1,000-invocation
// (4,000-line) scfLogs query once the pages have arrived: decode 10
// recorded pages, build the logs frame and encode it as Arrow, as the SDK
// does for the gRPC answer.
func BenchmarkSCFLogsPath1000(b *testing.B) {
	pages, size := loadPages(b)
	b.SetBytes(size)
	b.ReportAllocs()
	defer benchcpu.Report(b)()
	for b.Loop() {
		f := scfservice.NewLogsFrame(benchFunction, decodePages(b, pages))
		if _, err := (data.Frames{f}).MarshalArrow(); err != nil || f.Rows() != 4000 {
			b.Fatal(err, f.Rows())
		}
	}
}

// BenchmarkSCFLogsPathFrame is the frame step alone: 1,000 decoded
// invocations into a 4,000-line logs frame.
func BenchmarkSCFLogsPathFrame(b *testing.B) {
	pages, _ := loadPages(b)
	invs := decodePages(b, pages)
	b.ReportAllocs()
	defer benchcpu.Report(b)()
	for b.Loop() {
		if f := scfservice.NewLogsFrame(benchFunction, invs); f.Rows() != 4000 {
			b.Fatal("rows")
		}
	}
}

// replay answers API 3.0 GetFunctionLogs from the recorded pages by Offset.
type replay map[int][]byte

func (rp replay) RoundTrip(r *http.Request) (*http.Response, error) {
	off, _, err := pageKey(r)
	if err != nil {
		return nil, err
	}
	body, ok := rp[off]
	if !ok {
		return nil, fmt.Errorf("no recorded page at offset %d", off)
	}
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}, Request: r,
		Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body))}, nil
}

// BenchmarkSCFFetchReplay is Client.Fetch for the same 1,000 invocations
// with the recorded pages answered from memory: signing, pacing, paging,
// decoding and the merge of the pages, plus the frame and its Arrow
// encoding; the whole of the plugin's scfLogs work but the gRPC answer.
func BenchmarkSCFFetchReplay(b *testing.B) {
	pages, size := loadPages(b)
	rp := replay{}
	for i, p := range pages {
		rp[i*benchPageSize] = p
	}
	c := benchClient(nil, rp)
	defer c.Close()
	b.SetBytes(size)
	b.ReportAllocs()
	defer benchcpu.Report(b)()
	for b.Loop() {
		res, err := c.Fetch(context.Background(), benchFetch())
		if err != nil || len(res.Invocations) != 1000 || res.Requests != benchPages {
			b.Fatal(err, len(res.Invocations), res.Requests)
		}
		f := scfservice.NewLogsFrame(benchFunction, res.Invocations)
		if _, err := (data.Frames{f}).MarshalArrow(); err != nil || f.Rows() != 4000 {
			b.Fatal(err)
		}
	}
}
