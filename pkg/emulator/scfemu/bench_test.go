package scfemu

import (
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"
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
	for i := 0; i < b.N; i++ {
		params := e.v2Params("GetFunctionLogs", map[string]string{"offset": "200", "limit": "100", "Timestamp": strconv.FormatInt(time.Now().Unix(), 10)})
		status, body := e.v2Do(b, params, v2Options{})
		if status != http.StatusOK || len(body) < 10_000 {
			b.Fatalf("status %d: %.200s", status, body)
		}
	}
}
