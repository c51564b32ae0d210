package slsemu

import (
	"bytes"
	"io"
	"net/http"
	"testing"

	"github.com/logbridge/cloudlogs/pkg/benchcpu"
)

// benchGet runs a signed GET over loopback HTTP per iteration and checks it
// succeeds, so a broken server cannot produce a fast number.
func benchGet(b *testing.B, e *testEnv, path string, query func(i int) map[string][]string) {
	b.Helper()
	client := &http.Client{}
	b.ReportAllocs()
	b.ResetTimer()
	defer benchcpu.Report(b)()
	for i := 0; i < b.N; i++ {
		resp, err := client.Do(e.request(b, path, query(i)))
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("x-log-count") == "0" {
			b.Fatalf("status %d, count %s", resp.StatusCode, resp.Header.Get("x-log-count"))
		}
		b.SetBytes(n)
	}
}

// BenchmarkGetLogsPage pages 100 lines of a 6-hour range of the default
// 200k-log demo project.
func BenchmarkGetLogsPage(b *testing.B) {
	e := newEnv(b, Config{Logs: 200_000})
	to := testNow.Unix() - 3600
	benchGet(b, e, "/logstores/nginx-access", func(i int) map[string][]string {
		return logsQuery(to-6*3600, to, "", "line", "100", "offset", itoa(int64(i%20)*100))
	})
}

// BenchmarkGetLogsDensePage pages the 100,000-line hour of DenseLogstore,
// oldest first, as the end-to-end benchmark's largest SLS query does: each
// call asks for the next page of 100 of the same range.
func BenchmarkGetLogsDensePage(b *testing.B) {
	e := newEnv(b, Config{Logs: 2_000, Days: 1, DenseLogs: 100_000})
	to := testNow.Unix()
	page := func(i int) map[string][]string {
		return logsQuery(to-3600, to, "*", "line", "100", "offset", itoa(int64(i%1000)*100))
	}
	for i := 0; i < 1000; i++ { // every page once before the clock starts, as from a query's second run on
		e.do(b, "/logstores/"+DenseLogstore, page(i))
	}
	benchGet(b, e, "/logstores/"+DenseLogstore, page)
}

// BenchmarkGetLogsV2Page is the GetLogsV2 call current SDKs (and the
// plugin's client) make for the dense pages above: a signed JSON POST
// answered as one LZ4 block.
func BenchmarkGetLogsV2Page(b *testing.B) {
	e := newEnv(b, Config{Logs: 2_000, Days: 1, DenseLogs: 100_000})
	to := testNow.Unix()
	req := map[string]any{"from": to - 3600, "to": to, "query": "*", "line": 100}
	for i := 0; i < 1000; i++ { // every page once before the clock starts
		req["offset"] = i * 100
		e.postV2(b, DenseLogstore, req, "lz4")
	}
	b.ReportAllocs()
	b.ResetTimer()
	defer benchcpu.Report(b)()
	for i := 0; i < b.N; i++ {
		req["offset"] = i % 1000 * 100
		resp, body := e.postV2(b, DenseLogstore, req, "lz4")
		if resp.StatusCode != http.StatusOK || resp.Header.Get("x-log-count") != "100" {
			b.Fatalf("status %d, count %s: %.200s", resp.StatusCode, resp.Header.Get("x-log-count"), body)
		}
		b.SetBytes(int64(len(body)))
	}
}

// BenchmarkServeGetLogsDensePage and BenchmarkServeGetLogsV2Page are the
// emulator's own work for the pages above: signed requests made
// beforehand, handed to ServeHTTP in process.
func BenchmarkServeGetLogsDensePage(b *testing.B) {
	e := newEnv(b, Config{Logs: 2_000, Days: 1, DenseLogs: 100_000})
	to := testNow.Unix()
	reqs := make([]*http.Request, 1000)
	for i := range reqs {
		reqs[i] = e.request(b, "/logstores/"+DenseLogstore, logsQuery(to-3600, to, "*", "line", "100", "offset", itoa(int64(i)*100)))
	}
	benchServe(b, e, reqs, nil)
}

func BenchmarkServeGetLogsV2Page(b *testing.B) {
	e := newEnv(b, Config{Logs: 2_000, Days: 1, DenseLogs: 100_000})
	to := testNow.Unix()
	reqs := make([]*http.Request, 1000)
	bodies := make([][]byte, len(reqs))
	for i := range reqs {
		req := map[string]any{"from": to - 3600, "to": to, "query": "*", "line": 100, "offset": i * 100}
		reqs[i] = e.newV2Request(b, DenseLogstore, req, "lz4")
		bodies[i], _ = io.ReadAll(reqs[i].Body)
	}
	benchServe(b, e, reqs, bodies)
}

// benchServe hands the requests in turn to ServeHTTP (bodies, when given,
// are their bodies, read again each time). Every page is asked for once
// before the clock starts, as a query's pages are from its second run on.
func benchServe(b *testing.B, e *testEnv, reqs []*http.Request, bodies [][]byte) {
	w := &discardResponse{header: http.Header{}}
	serve := func(i int) {
		r := reqs[i%len(reqs)]
		if bodies != nil {
			r.Body = io.NopCloser(bytes.NewReader(bodies[i%len(reqs)]))
		}
		clear(w.header)
		w.n = 0
		e.srv.ServeHTTP(w, r)
		if w.status != http.StatusOK || w.header.Get("x-log-count") != "100" {
			b.Fatalf("status %d, count %s", w.status, w.header.Get("x-log-count"))
		}
	}
	for i := range reqs {
		serve(i)
	}
	b.ReportAllocs()
	b.ResetTimer()
	defer benchcpu.Report(b)()
	for i := 0; i < b.N; i++ {
		serve(i)
		b.SetBytes(int64(w.n))
	}
}

// discardResponse is a ResponseWriter that keeps only the status, the
// headers and the size.
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

// BenchmarkGetLogsSearchPage adds a search statement to the page.
func BenchmarkGetLogsSearchPage(b *testing.B) {
	e := newEnv(b, Config{Logs: 200_000})
	to := testNow.Unix() - 3600
	benchGet(b, e, "/logstores/nginx-access", func(int) map[string][]string {
		return logsQuery(to-24*3600, to, "status >= 400 and request_uri: /api/*", "line", "100")
	})
}

// BenchmarkSQLTimeSeriesHour is a dashboard panel: one hour per minute with
// count, average and p99 over the 200k-log project.
func BenchmarkSQLTimeSeriesHour(b *testing.B) {
	e := newEnv(b, Config{Logs: 200_000})
	to := testNow.Unix()
	q := logsQuery(to-3600, to, "* | select date_trunc('minute', __time__) as t, count(1) as c, avg(request_time) as rt, approx_percentile(request_time, 0.99) as p99 group by t order by t limit 1000")
	e.do(b, "/logstores/nginx-access", q) // loads the SQLite table once
	benchGet(b, e, "/logstores/nginx-access", func(int) map[string][]string { return q })
}

// BenchmarkSQLAggregationDay groups a day of 5xx by status over the search.
func BenchmarkSQLAggregationDay(b *testing.B) {
	e := newEnv(b, Config{Logs: 200_000})
	to := testNow.Unix()
	q := logsQuery(to-86400, to, "status >= 500 | select status, count(1) as c, avg(request_time) as rt group by status order by c desc")
	e.do(b, "/logstores/nginx-access", q)
	benchGet(b, e, "/logstores/nginx-access", func(int) map[string][]string { return q })
}
