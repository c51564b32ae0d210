package scfemu

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/logbridge/cloudlogs/pkg/benchcpu"
)

// BenchmarkGetFunctionLogsPage is one signed API 3.0 call over loopback
// answering a page of 100 runs (one day of the default 20k-run demo data),
// including signing, the server's verification and reading the body.
func BenchmarkGetFunctionLogsPage(b *testing.B) {
	e := newEnv(b, func(c *Config) { c.Invocations = DefaultInvocations; c.Days = DefaultDays })
	params := map[string]any{"StartTime": "2026-11-21 20:00:00", "EndTime": "2026-11-22 20:00:00", "Offset": 200, "Limit": 100}
	var bytes int64
	b.ReportAllocs()
	b.ResetTimer()
	defer benchcpu.Report(b)()
	for i := 0; i < b.N; i++ {
		resp := e.v3Do(b, v3Request{Action: "GetFunctionLogs", Params: params})
		n, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || n < 10_000 {
			b.Fatalf("status %d, %d bytes, %v", resp.StatusCode, n, err)
		}
		bytes += n
	}
	b.ReportMetric(float64(bytes)/float64(b.N), "resp-bytes/op")
}

// BenchmarkV2GetFunctionLogsPage is the legacy equivalent: a signed GET with
// a fresh Nonce each time, a page of 100 over all runs of the namespace.
func BenchmarkV2GetFunctionLogsPage(b *testing.B) {
	e := newEnv(b, func(c *Config) { c.Invocations = DefaultInvocations; c.Days = DefaultDays })
	b.ReportAllocs()
	b.ResetTimer()
	defer benchcpu.Report(b)()
	for i := 0; i < b.N; i++ {
		params := e.v2Params("GetFunctionLogs", map[string]string{"offset": "200", "limit": "100", "Timestamp": strconv.FormatInt(time.Now().Unix(), 10)})
		status, body := e.v2Do(b, params, v2Options{})
		if status != http.StatusOK || len(body) < 10_000 {
			b.Fatalf("status %d: %.200s", status, body)
		}
	}
}

// benchHour adds the end-to-end benchmark's SCF runs (its addSCFRuns):
// 10,000 runs of one function in an hour before the demo's days, and
// returns the parameters of a page of that hour, newest first.
func benchHour(b *testing.B, e *testEnv) map[string]any {
	end := testNow.Add(-4 * 24 * time.Hour)
	from := end.Add(-time.Hour)
	runs := make([]Invocation, 10_000)
	for i := range runs {
		id := fmt.Sprintf("bench-%05d", i)
		start := from.Add(time.Duration(i) * time.Hour / 10_000).Truncate(time.Millisecond)
		runs[i] = Invocation{FunctionName: "hello-node", RequestID: id, Start: start, Duration: 12, MemUsage: 32 << 20,
			Log: "START RequestId: " + id + "\n" + start.Format("2006-01-02T15:04:05.000Z") + "\t" + id + "\tINFO\thandled order " + strconv.Itoa(i) +
				"\nEND RequestId: " + id + "\nReport RequestId: " + id + " Duration: 12 ms Memory: 128 MB MaxMemoryUsed: 32 MB\n"}
	}
	if err := e.srv.AddInvocations(runs...); err != nil {
		b.Fatal(err)
	}
	return map[string]any{"FunctionName": "hello-node", "Order": "desc", "OrderBy": "start_time", "Limit": 100,
		"StartTime": from.In(shanghai).Format(dateTimeShape), "EndTime": end.In(shanghai).Format(dateTimeShape)}
}

// BenchmarkGetFunctionLogsPage10k pages the 10,000-run hour over loopback,
// client included: each call asks for the next page of 100 of the range.
func BenchmarkGetFunctionLogsPage10k(b *testing.B) {
	e := newEnv(b, nil)
	params := benchHour(b, e)
	b.ReportAllocs()
	b.ResetTimer()
	defer benchcpu.Report(b)()
	for i := 0; i < b.N; i++ {
		params["Offset"] = i % 99 * 100
		resp := e.v3Do(b, v3Request{Action: "GetFunctionLogs", Params: params})
		n, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || n < 10_000 {
			b.Fatalf("status %d, %d bytes, %v", resp.StatusCode, n, err)
		}
	}
}

// BenchmarkServeGetFunctionLogsPage10k is the emulator's own work for those
// pages: signed requests made beforehand, handed to ServeHTTP in process.
func BenchmarkServeGetFunctionLogsPage10k(b *testing.B) {
	e := newEnv(b, nil)
	params := benchHour(b, e)
	reqs := make([]*http.Request, 99)
	bodies := make([][]byte, len(reqs))
	for i := range reqs {
		params["Offset"] = i * 100
		reqs[i] = e.v3NewRequest(b, v3Request{Action: "GetFunctionLogs", Params: params})
		bodies[i], _ = io.ReadAll(reqs[i].Body)
	}
	w := &discardResponse{header: http.Header{}}
	b.ReportAllocs()
	b.ResetTimer()
	defer benchcpu.Report(b)()
	for i := 0; i < b.N; i++ {
		r := reqs[i%len(reqs)]
		r.Body = io.NopCloser(bytes.NewReader(bodies[i%len(reqs)]))
		clear(w.header)
		w.n = 0
		e.srv.ServeHTTP(w, r)
		if w.status != http.StatusOK || w.n < 10_000 {
			b.Fatalf("status %d, %d bytes", w.status, w.n)
		}
	}
}

// discardResponse is a ResponseWriter that keeps only the status and size.
type discardResponse struct {
	header http.Header
	status int
	n      int
}

func (w *discardResponse) Header() http.Header    { return w.header }
func (w *discardResponse) WriteHeader(status int) { w.status = status }
func (w *discardResponse) Write(p []byte) (int, error) {
	w.n += len(p)
	return len(p), nil
}
