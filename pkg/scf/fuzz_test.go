package scf

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// fixedAnswer is a transport that answers every request with one status and
// body: the fuzzer feeds the client's real decoding path without a server.
type fixedAnswer struct {
	status int
	body   []byte
}

func (a fixedAnswer) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: a.status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(a.body)), ContentLength: int64(len(a.body)), Request: r}, nil
}

// FuzzGetFunctionLogsAnswer: whatever a GetFunctionLogs answer holds (API
// 3.0 or the legacy v2), the client errors with a message, or returns one
// invocation per entry of the answer's data, each with its start time, and
// only for a body encoding/json reads whole.
func FuzzGetFunctionLogsAnswer(f *testing.F) {
	v3 := []string{
		`{"Response":{"TotalCount":1,"Data":[{"FunctionName":"f","RequestId":"r","StartTime":"2026-11-20 10:00:00","RetCode":0,"Duration":1.5,"MemUsage":"1024","Log":"x"}],"RequestId":"q"}}`,
		`{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"slow down"},"RequestId":"q"}}`,
		`{"Response":{"Data":[{"StartTime":"20-11-2026"}]}}`, `{"Response":{"Data":null}}`, `{"Response":{}} x`, `{"Response":`,
	}
	v2 := []string{
		`{"code":0,"message":"","data":[{"function_name":"f","request_id":"r","start_time":"2026-11-20 10:00:00","ret_code":"1","invokeFinished":1}],"totalCount":"1"}`,
		`{"code":4000,"message":"(100004) bad","codeDesc":"InvalidParameter"}`, `{"code":0,"data":[{}]}`, `[]`, ``,
	}
	for _, s := range v3 {
		f.Add(false, 200, []byte(s))
	}
	for _, s := range v2 {
		f.Add(true, 200, []byte(s))
	}
	f.Add(false, 503, []byte(`<html>`))
	endpoint, _ := url.Parse("http://scf.invalid")
	f.Fuzz(func(t *testing.T, legacy bool, status int, body []byte) {
		if status < 100 || status > 599 {
			status = 200
		}
		version := "v3"
		if legacy {
			version = "v2"
		}
		c := New(Config{HTTPClient: &http.Client{Transport: fixedAnswer{status, body}}, Endpoint: endpoint, APIVersion: version,
			Region: "ap-guangzhou", SecretID: "id", SecretKey: "key", MaxAttempts: 1, Location: time.UTC})
		page, err := c.GetFunctionLogs(context.Background(), LogsRequest{FunctionName: "f", Namespace: "default", Limit: 100,
			Start: time.Unix(1795000000, 0), End: time.Unix(1795003600, 0)})
		if err != nil {
			if strings.TrimSpace(err.Error()) == "" {
				t.Fatalf("%d %q: an error without a message", status, body)
			}
			return
		}
		var entries int
		if legacy {
			var ref struct {
				Data []json.RawMessage `json:"data"`
			}
			if rerr := json.Unmarshal(body, &ref); rerr != nil {
				t.Fatalf("%d %q: read from a body encoding/json refuses: %v", status, body, rerr)
			}
			entries = len(ref.Data)
		} else {
			var ref struct {
				Response struct {
					Data []json.RawMessage
				}
			}
			if rerr := json.Unmarshal(body, &ref); rerr != nil {
				t.Fatalf("%d %q: read from a body encoding/json refuses: %v", status, body, rerr)
			}
			entries = len(ref.Response.Data)
		}
		if len(page.Invocations) != entries {
			t.Fatalf("%d %q: %d invocations for %d entries", status, body, len(page.Invocations), entries)
		}
		for _, inv := range page.Invocations {
			if inv.StartTime.IsZero() {
				t.Fatalf("%d %q: an invocation without its start time: %+v", status, body, inv)
			}
		}
	})
}
