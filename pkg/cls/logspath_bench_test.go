package cls_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/logbridge/cloudlogs/pkg/benchcpu"
	"github.com/logbridge/cloudlogs/pkg/cls"
	"github.com/logbridge/cloudlogs/pkg/clsservice"
	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/clsemu"
)

// The path benchmarks replay one SearchLog answer of 1,000 nginx lines
// recorded from the emulator (testdata/search-page-1000.json, the lines
// pkg/e2e's BenchmarkGRPC/cls_logs reads), so that the emulator's and the
// network's cost is not counted. Rewrite it with
//
//	go test ./pkg/cls -run TestRecordSearchPage -record-pages
var recordPages = flag.Bool("record-pages", false, "record the SearchLog page into testdata")

const searchPagePath = "testdata/search-page-1000.json"

var (
	benchNow  = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	benchFrom = benchNow.Add(-time.Hour)
)

// benchRecords are pkg/e2e's addCLSLines: n nginx-like lines evenly over
// the hour before benchNow.
func benchRecords(n int) []clsemu.Record {
	recs := make([]clsemu.Record, n)
	step := time.Hour / time.Duration(n)
	methods := []string{"GET", "GET", "GET", "POST", "PUT"}
	for i := range recs {
		recs[i] = clsemu.Record{Time: benchFrom.Add(time.Duration(i) * step), Source: "10.0.1.11", FileName: "/var/log/nginx/access.log", HostName: "web-1",
			Fields: []clsemu.Field{{Key: "remote_addr", Value: fmt.Sprintf("42.%d.%d.%d", i%7, i%31, 2+i%40)}, {Key: "method", Value: methods[i%len(methods)]},
				{Key: "uri", Value: "/api/v1/orders/" + strconv.Itoa(1000+i%9000)}, {Key: "status", Value: []string{"200", "200", "200", "404", "500"}[i%5]},
				{Key: "request_time", Value: strconv.FormatFloat(0.001*float64(1+i%900), 'f', 3, 64)}, {Key: "body_bytes_sent", Value: strconv.Itoa(200 + i%5000)},
				{Key: "http_user_agent", Value: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"},
				{Key: "trace_id", Value: fmt.Sprintf("%032x", i*7919)}}}
	}
	return recs
}

// capture keeps the last response body that passes through it, unzipped.
type capture struct{ body []byte }

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
	c.body = b
	if resp.Header.Get("Content-Encoding") == "gzip" {
		// The client reads it compressed; the benchmarks replay the JSON.
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		if c.body, err = io.ReadAll(zr); err != nil {
			return nil, err
		}
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, nil
}

func TestRecordSearchPage(t *testing.T) {
	if !*recordPages {
		t.Skip("run with -record-pages to rewrite " + searchPagePath)
	}
	e, err := emulator.Start(emulator.Config{SLSLogs: 10, SCFInvocations: 10, CLSLogs: -1, Days: 1, Now: func() time.Time { return benchNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if err := e.CLS.AddRecords(clsemu.DemoAppTopicID, benchRecords(1000)...); err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(e.CLSURL)
	cp := &capture{}
	c := cls.New(cls.Config{HTTPClient: &http.Client{Transport: cp}, Endpoint: u, Region: "ap-guangzhou",
		SecretID: e.Config.KeyID, SecretKey: e.Config.KeySecret})
	defer c.Close()
	res, err := c.Search(context.Background(), cls.SearchRequest{TopicIDs: []string{clsemu.DemoAppTopicID}, From: benchFrom, To: benchNow,
		Query: "*", Syntax: cls.SyntaxCQL, Limit: 1000})
	if err != nil || len(res.Logs) != 1000 || res.Calls != 1 {
		t.Fatalf("recording: %v", err)
	}
	if err := os.WriteFile(searchPagePath, cp.body, 0o644); err != nil {
		t.Fatal(err)
	}
}

func readSearchPage(b *testing.B) []byte {
	body, err := os.ReadFile(searchPagePath)
	if err != nil {
		b.Fatal(err)
	}
	return body
}

func decodeSearchPage(b *testing.B, body []byte) []cls.Log {
	logs, err := cls.DecodeSearchLogPageForTest(body)
	if err != nil || len(logs) != 1000 {
		b.Fatal(err, len(logs))
	}
	return logs
}

// BenchmarkCLSLogsPath1000 is the plugin's own work for a 1,000-line
// clsLogs query once its one page has arrived: decode it (LogJson parsed),
// build the logs frame and encode it as Arrow for the gRPC answer.
func BenchmarkCLSLogsPath1000(b *testing.B) {
	body := readSearchPage(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	defer benchcpu.Report(b)()
	for b.Loop() {
		f := clsservice.NewLogsFrame("nginx", decodeSearchPage(b, body))
		if _, err := (data.Frames{f}).MarshalArrow(); err != nil || f.Rows() != 1000 {
			b.Fatal(err)
		}
	}
}

// BenchmarkCLSDecodeRecordedPage is the decode step alone.
func BenchmarkCLSDecodeRecordedPage(b *testing.B) {
	body := readSearchPage(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	defer benchcpu.Report(b)()
	for b.Loop() {
		decodeSearchPage(b, body)
	}
}

// BenchmarkCLSLogsPathFrame is the frame step alone: 1,000 decoded lines
// into a logs frame.
func BenchmarkCLSLogsPathFrame(b *testing.B) {
	body := readSearchPage(b)
	logs := decodeSearchPage(b, body)
	b.ReportAllocs()
	defer benchcpu.Report(b)()
	for b.Loop() {
		if f := clsservice.NewLogsFrame("nginx", logs); f.Rows() != 1000 {
			b.Fatal("rows")
		}
	}
}
