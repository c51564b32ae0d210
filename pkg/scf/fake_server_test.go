package scf

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/tc3"
)

const (
	testID     = "AKIDtest"
	testSecret = "test-secret-key"
)

var shanghai = time.FixedZone("CST", 8*3600)

// fakeSCF is a small API 3.0 + v2 server for client unit tests: it checks
// signatures with this package's signers, filters and pages a fixed set of
// invocations, and can fail the first requests on demand.
type fakeSCF struct {
	t        *testing.T
	invs     []Invocation // newest first
	failNext atomic.Int32
	failWith string // a v3 error code, or "500", or "truncate"
	maxLimit int
	requests atomic.Int32
	mu       sync.Mutex
	bodies   []map[string]any
	// onLogs runs before each GetFunctionLogs answer (under mu), e.g. to
	// add invocations while a client pages.
	onLogs func(f *fakeSCF)
}

func newFake(t *testing.T, n int, every time.Duration, newest time.Time) *fakeSCF {
	f := &fakeSCF{t: t}
	for i := 0; i < n; i++ {
		st := newest.Add(-time.Duration(i) * every).Truncate(time.Second)
		f.invs = append(f.invs, Invocation{
			FunctionName: "fn", RequestID: fmt.Sprintf("req-%05d", i), StartTime: st,
			StartTimeRaw: FormatTime(st, shanghai), RetCode: int64(i % 3 / 2), DurationMs: float64(i%17) + 0.5,
			MemUsageBytes: int64(i%5) * 1024, Log: "line " + strconv.Itoa(i),
		})
	}
	return f
}

func (f *fakeSCF) server() *httptest.Server {
	s := httptest.NewServer(f)
	f.t.Cleanup(s.Close)
	return s
}

func (f *fakeSCF) client(s *httptest.Server, version string) *Client {
	u, _ := url.Parse(s.URL)
	return New(Config{HTTPClient: s.Client(), Endpoint: u, APIVersion: version, Region: "ap-guangzhou",
		SecretID: testID, SecretKey: testSecret, Location: shanghai, Concurrency: 4, PageSize: 50, Backoff: time.Millisecond})
}

func (f *fakeSCF) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.requests.Add(1)
	if f.failNext.Add(-1) >= 0 {
		switch f.failWith {
		case "500":
			http.Error(w, "boom", 500)
		case "truncate":
			w.Header().Set("Content-Length", "100")
			_, _ = w.Write([]byte(`{"Response":{"TotalCount":`))
		default:
			writeV3Error(w, f.failWith, "injected")
		}
		return
	}
	if r.URL.Path == "/v2/index.php" {
		f.serveV2(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	require.Equal(f.t, "application/json", r.Header.Get("Content-Type"))
	ts, _ := strconv.ParseInt(r.Header.Get("X-TC-Timestamp"), 10, 64)
	want := tc3.Sign(testID, testSecret, tc3.Request{Method: "POST", Host: r.Host, ContentType: "application/json", Payload: body, Service: "scf", Timestamp: ts})
	if r.Header.Get("Authorization") != want {
		writeV3Error(w, "AuthFailure.SignatureFailure", "The provided credentials could not be validated.")
		return
	}
	var in map[string]any
	_ = json.Unmarshal(body, &in)
	f.mu.Lock()
	f.bodies = append(f.bodies, in)
	if f.onLogs != nil && r.Header.Get("X-TC-Action") == "GetFunctionLogs" {
		f.onLogs(f)
	}
	invs := f.invs
	f.mu.Unlock()
	switch r.Header.Get("X-TC-Action") {
	case "GetFunctionLogs":
		start, _ := ParseStartTime(str(in["StartTime"]), shanghai)
		end, _ := ParseStartTime(str(in["EndTime"]), shanghai)
		var sel []Invocation
		for _, inv := range invs {
			if !inv.StartTime.Before(start) && !inv.StartTime.After(end) {
				sel = append(sel, inv)
			}
		}
		if in["OrderBy"] == "duration" {
			sel = append([]Invocation(nil), sel...)
			SortInvocations(sel, OrderByDuration, in["Order"] == "desc")
		} else if in["Order"] == "asc" {
			sel = append([]Invocation(nil), sel...)
			for i, j := 0, len(sel)-1; i < j; i, j = i+1, j-1 {
				sel[i], sel[j] = sel[j], sel[i]
			}
		}
		off, lim := int(in["Offset"].(float64)), int(in["Limit"].(float64))
		if off+lim > 10000 {
			writeV3Error(w, "LimitExceeded.Offset", "Offset + Limit > 10000")
			return
		}
		if f.maxLimit > 0 && lim > f.maxLimit {
			lim = f.maxLimit
		}
		page := sel[min(off, len(sel)):min(off+lim, len(sel))]
		var data []map[string]any
		for _, inv := range page {
			data = append(data, map[string]any{"FunctionName": inv.FunctionName, "RequestId": inv.RequestID, "StartTime": inv.StartTimeRaw,
				"RetCode": inv.RetCode, "InvokeFinished": 1, "Duration": inv.DurationMs, "BillDuration": 100, "MemUsage": inv.MemUsageBytes, "Log": inv.Log, "RetMsg": ""})
		}
		writeJSON(w, map[string]any{"Response": map[string]any{"TotalCount": len(sel), "Data": data, "RequestId": "r1"}})
	default:
		writeV3Error(w, "InvalidAction", "no such action")
	}
}

func (f *fakeSCF) serveV2(w http.ResponseWriter, r *http.Request) {
	// The client POSTs a form: nothing signed may travel in the URL.
	if r.Method != http.MethodPost || r.URL.RawQuery != "" || r.ParseForm() != nil {
		writeJSON(w, map[string]any{"code": 4000, "codeDesc": "InvalidParameter", "message": "expected a POST form and no query string"})
		return
	}
	q := r.PostForm
	params := map[string]string{}
	for k := range q {
		params[k] = q.Get(k)
	}
	if SignV2(testSecret, "POST", r.Host, "/v2/index.php", params, true) != q.Get("Signature") {
		writeJSON(w, map[string]any{"code": 4100, "codeDesc": "AuthFailure", "message": "签名验证失败"})
		return
	}
	off, _ := strconv.Atoi(q.Get("offset"))
	lim, _ := strconv.Atoi(q.Get("limit"))
	sel := f.invs
	page := sel[min(off, len(sel)):min(off+lim, len(sel))]
	var data []map[string]any
	for i, inv := range page {
		rec := map[string]any{"requestId": inv.RequestID, "startTime": inv.StartTimeRaw, "retCode": inv.RetCode,
			"duration": inv.DurationMs, "memUsage": inv.MemUsageBytes, "log": inv.Log, "invokeFinished": 1, "billDuration": 100}
		if i%2 == 0 { // the field table's snake_case spelling
			rec = map[string]any{"request_id": inv.RequestID, "start_time": inv.StartTimeRaw, "ret_code": inv.RetCode,
				"duration": inv.DurationMs, "mem_usage": inv.MemUsageBytes, "log": inv.Log, "invoke_finished": 1, "bill_duration": 100, "function_name": inv.FunctionName}
		} else {
			rec["functionName"] = inv.FunctionName
		}
		data = append(data, rec)
	}
	writeJSON(w, map[string]any{"code": 0, "message": "", "codeDesc": "Success", "total": len(sel), "data": data})
}

func writeV3Error(w http.ResponseWriter, code, msg string) {
	writeJSON(w, map[string]any{"Response": map[string]any{"Error": map[string]any{"Code": code, "Message": msg}, "RequestId": "err-req"}})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func str(v any) string { s, _ := v.(string); return s }
