package sls

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/credentials"
)

const (
	testKeyID  = "test-key-id"
	testSecret = "test-key-secret-value"
)

// fakeSLS is a small SLS stand-in that checks what a real server checks
// (Host routing, Date, signature) and serves numbered log lines.
type fakeSLS struct {
	t        *testing.T
	lines    int
	calls    atomic.Int64
	inFlight atomic.Int64
	maxSeen  atomic.Int64
	// handle, when set, answers instead of the default GetLogs paging.
	handle func(w http.ResponseWriter, r *http.Request, call int64) bool
	// counts makes GetHistograms answer the line count (paging_test.go);
	// without it the stand-in does not count and paging falls back to the
	// empty-page rule.
	counts bool
	mu     sync.Mutex
	hosts  []string
}

func (f *fakeSLS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	call := f.calls.Add(1)
	n := f.inFlight.Add(1)
	defer f.inFlight.Add(-1)
	for {
		m := f.maxSeen.Load()
		if n <= m || f.maxSeen.CompareAndSwap(m, n) {
			break
		}
	}
	f.mu.Lock()
	f.hosts = append(f.hosts, r.Host)
	f.mu.Unlock()
	want := authorization(testKeyID, testSecret, r.Method, r.URL.Path, r.URL.Query(), r.Header)
	if r.Header.Get("Authorization") != want {
		writeSLSError(w, 401, "SignatureNotMatch", "Signature "+r.Header.Get("Authorization")+" not matched")
		return
	}
	if _, err := time.Parse(http.TimeFormat, r.Header.Get("Date")); err != nil {
		writeSLSError(w, 400, "InvalidDateFormat", "bad date")
		return
	}
	if f.counts && f.answerCount(w, r) {
		return
	}
	if f.handle != nil && f.handle(w, r, call) {
		return
	}
	q := r.URL.Query()
	offset, _ := strconv.Atoi(q.Get("offset"))
	line, _ := strconv.Atoi(q.Get("line"))
	var logs []map[string]string
	for i := offset; i < offset+line && i < f.lines; i++ {
		logs = append(logs, map[string]string{"__time__": strconv.Itoa(1700000000 + i), "n": strconv.Itoa(i)})
	}
	if logs == nil {
		logs = []map[string]string{}
	}
	w.Header().Set("x-log-progress", "Complete")
	w.Header().Set("x-log-count", strconv.Itoa(len(logs)))
	_ = json.NewEncoder(w).Encode(logs)
}

func writeSLSError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("x-log-requestid", "req-1")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"errorCode": code, "errorMessage": msg})
}

func newTestClient(t *testing.T, f *fakeSLS) *Client {
	t.Helper()
	f.t = t
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	c, err := New(Config{Endpoint: u, Project: "demo", AccessKeyID: testKeyID, AccessKeySecret: testSecret, HTTPClient: srv.Client()})
	require.NoError(t, err)
	return c.WithRetry(RetryPolicy{Attempts: 3, Initial: time.Millisecond, Max: 5 * time.Millisecond}).
		WithProgress(ProgressPolicy{Initial: time.Millisecond, Max: 10 * time.Millisecond})
}

func TestRouteUsesProjectHost(t *testing.T) {
	named, _ := url.Parse("https://cn-hangzhou.log.aliyuncs.com")
	base, host := route(*named, "big-game")
	assert.Equal(t, "big-game.cn-hangzhou.log.aliyuncs.com", base.Host)
	assert.Equal(t, "big-game.cn-hangzhou.log.aliyuncs.com", host)

	for _, raw := range []string{"http://127.0.0.1:8089", "http://localhost:8089", "http://[::1]:8089"} {
		ip, _ := url.Parse(raw)
		base, host := route(*ip, "demo")
		assert.Equal(t, ip.Host, base.Host, raw)
		assert.Equal(t, "demo."+ip.Host, host, raw)
	}
}

func TestGetLogsSendsSignedRequestWithProjectHost(t *testing.T) {
	f := &fakeSLS{lines: 3}
	c := newTestClient(t, f)
	res, err := c.GetLogs(context.Background(), GetLogsRequest{Logstore: "app-log", From: 1, To: 2, Query: "*", Line: 100})
	require.NoError(t, err)
	require.Len(t, res.Logs, 3)
	v, ok := res.Logs[2].Get("n")
	assert.True(t, ok)
	assert.Equal(t, "2", v)
	assert.True(t, res.Complete)
	assert.Equal(t, int64(3), res.Count)
	assert.Regexp(t, `^demo\.127\.0\.0\.1:\d+$`, f.hosts[0])
	assert.Equal(t, "GET /logstores/app-log?from=1&line=100&offset=0&query=*&reverse=false&to=2&topic=&type=log", res.Request)
}

func TestGetLogsRejectsEmptyRange(t *testing.T) {
	c := newTestClient(t, &fakeSLS{})
	_, err := c.GetLogs(context.Background(), GetLogsRequest{Logstore: "ls", From: 5, To: 5})
	assert.ErrorContains(t, err, "is empty")
}

func TestVendorErrorKeepsCodeMessageAndRequestID(t *testing.T) {
	f := &fakeSLS{handle: func(w http.ResponseWriter, r *http.Request, _ int64) bool {
		writeSLSError(w, 404, "LogStoreNotExist", "logstore nope does not exist.")
		return true
	}}
	c := newTestClient(t, f)
	_, err := c.GetLogs(context.Background(), GetLogsRequest{Logstore: "nope", From: 1, To: 2})
	e, ok := AsError(err)
	require.True(t, ok, "%v", err)
	assert.Equal(t, "LogStoreNotExist", e.Code)
	assert.Equal(t, 404, e.HTTPStatus)
	assert.Equal(t, "req-1", e.RequestID)
	assert.Equal(t, "nope", e.Logstore, "the hint names the logstore the request asked for")
	assert.Equal(t, 404, e.Status())
	assert.Equal(t, "SLS LogStoreNotExist: logstore nope does not exist. — logstore nope does not exist — pick an existing logstore in the query editor (request id req-1)", e.Error())
	assert.Equal(t, int64(1), f.calls.Load(), "a 404 is not retried")
}

func TestWrongSecretGivesSignatureNotMatch(t *testing.T) {
	f := &fakeSLS{lines: 1}
	c := newTestClient(t, f)
	c.creds = credentials.Static{KeyID: testKeyID, Secret: "wrong"}
	_, err := c.GetLogs(context.Background(), GetLogsRequest{Logstore: "ls", From: 1, To: 2})
	e, ok := AsError(err)
	require.True(t, ok)
	assert.Equal(t, "SignatureNotMatch", e.Code)
	assert.NotContains(t, err.Error(), "wrong")
}

func TestTransientFailuresAreRetried(t *testing.T) {
	for _, fault := range []string{"503", "ServerBusy", "ReadQuotaExceed", "truncated", "garbled"} {
		t.Run(fault, func(t *testing.T) {
			f := &fakeSLS{lines: 2}
			f.handle = func(w http.ResponseWriter, r *http.Request, call int64) bool {
				if call > 2 {
					return false
				}
				switch fault {
				case "503":
					writeSLSError(w, 503, "InternalServerError", "boom")
				case "ServerBusy":
					writeSLSError(w, 503, "ServerBusy", "busy")
				case "ReadQuotaExceed":
					writeSLSError(w, 403, "ReadQuotaExceed", "slow down")
				case "truncated":
					w.Header().Set("Content-Length", "100")
					_, _ = w.Write([]byte(`[{"__time__":"1"`))
				case "garbled":
					_, _ = w.Write([]byte(`[{"__time__":"1"`))
				}
				return true
			}
			c := newTestClient(t, f)
			res, err := c.GetLogs(context.Background(), GetLogsRequest{Logstore: "ls", From: 1, To: 2, Line: 100})
			require.NoError(t, err)
			assert.Len(t, res.Logs, 2)
			assert.Equal(t, int64(3), f.calls.Load())
		})
	}
}

func TestPersistentFailureIsAnError(t *testing.T) {
	f := &fakeSLS{handle: func(w http.ResponseWriter, r *http.Request, _ int64) bool {
		writeSLSError(w, 500, "InternalServerError", "still broken")
		return true
	}}
	c := newTestClient(t, f)
	_, err := c.GetLogs(context.Background(), GetLogsRequest{Logstore: "ls", From: 1, To: 2})
	assert.ErrorContains(t, err, "SLS InternalServerError: still broken")
	assert.Equal(t, int64(3), f.calls.Load(), "tried the policy's 3 attempts")
}

func TestNetworkErrorIsTyped(t *testing.T) {
	u, _ := url.Parse("http://127.0.0.1:1")
	c, err := New(Config{Endpoint: u, Project: "demo", AccessKeyID: "a", AccessKeySecret: "b"})
	require.NoError(t, err)
	c = c.WithRetry(RetryPolicy{Attempts: 2, Initial: time.Millisecond, Max: time.Millisecond})
	_, err = c.ListLogStores(context.Background(), 0, 1)
	var ne *NetworkError
	require.ErrorAs(t, err, &ne)
	assert.Contains(t, err.Error(), "cannot reach SLS at demo.127.0.0.1:1")
}

func TestIncompleteIsRepeatedUntilComplete(t *testing.T) {
	f := &fakeSLS{}
	var queries []string
	f.handle = func(w http.ResponseWriter, r *http.Request, call int64) bool {
		queries = append(queries, r.URL.RawQuery)
		progress := "Incomplete"
		if call >= 4 {
			progress = "Complete"
		}
		w.Header().Set("x-log-progress", progress)
		fmt.Fprintf(w, `[{"__time__":"1","round":"%d"}]`, call)
		return true
	}
	c := newTestClient(t, f)
	res, err := c.GetLogs(context.Background(), GetLogsRequest{Logstore: "ls", From: 1, To: 2, Query: "x"})
	require.NoError(t, err)
	assert.True(t, res.Complete)
	assert.Equal(t, 4, res.Calls)
	v, _ := res.Logs[0].Get("round")
	assert.Equal(t, "4", v, "the final answer replaces the partial ones")
	for _, q := range queries {
		assert.Equal(t, queries[0], q, "the identical request is repeated")
	}
}

func TestIncompleteUntilDeadlineReturnsPartial(t *testing.T) {
	f := &fakeSLS{handle: func(w http.ResponseWriter, r *http.Request, call int64) bool {
		w.Header().Set("x-log-progress", "Incomplete")
		_, _ = w.Write([]byte(`[{"__time__":"1","a":"partial"}]`))
		return true
	}}
	c := newTestClient(t, f).WithProgress(ProgressPolicy{Initial: 20 * time.Millisecond, Max: 50 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 700*time.Millisecond)
	defer cancel()
	start := time.Now()
	res, err := c.GetLogs(ctx, GetLogsRequest{Logstore: "ls", From: 1, To: 2})
	require.NoError(t, err)
	assert.False(t, res.Complete)
	assert.Len(t, res.Logs, 1)
	assert.Greater(t, res.Calls, 2)
	assert.Less(t, time.Since(start), 700*time.Millisecond, "stops before the deadline")
}

func TestBodyShapes(t *testing.T) {
	// The seed's example: an object with progress, count and logs, and a
	// numeric __time__.
	obj := `{"progress":"Incomplete","count":2,"logs":[{"__time__":1409529660,"__source__":"10.237.0.17","Key1":"error","Key2":"Value2"},{"__time__":1409529680,"__source__":"10.237.0.18","Key3":"error","Key4":"Value4"}]}`
	b, err := decodeLogsBody([]byte(obj))
	require.NoError(t, err)
	assert.Equal(t, "Incomplete", b.Progress)
	assert.Equal(t, int64(2), b.Count)
	require.Len(t, b.Logs, 2)
	assert.Equal(t, Log{{Key: "__time__", Value: "1409529660"}, {Key: "__source__", Value: "10.237.0.17"}, {Key: "Key1", Value: "error"}, {Key: "Key2", Value: "Value2"}}, b.Logs[0])

	arr := `[{"c":"5","b":null,"a":"","n":{"x":1}}]`
	b, err = decodeLogsBody([]byte(arr))
	require.NoError(t, err)
	assert.Equal(t, Log{{Key: "c", Value: "5"}, {Key: "b", Null: true}, {Key: "a", Value: ""}, {Key: "n", Value: `{"x":1}`}}, b.Logs[0])

	for _, bad := range []string{``, `"x"`, `[{"a":"1"}`, `[1]`, `[{"a":"1"}] x`} {
		_, err := decodeLogsBody([]byte(bad))
		assert.Error(t, err, bad)
	}
}

func TestHeaderProgressWinsOverBody(t *testing.T) {
	f := &fakeSLS{handle: func(w http.ResponseWriter, r *http.Request, call int64) bool {
		w.Header().Set("x-log-progress", "Complete")
		w.Header().Set("x-log-count", "10000")
		_, _ = w.Write([]byte(`{"progress":"Incomplete","count":2,"logs":[{"a":"1"},{"a":"2"}]}`))
		return true
	}}
	c := newTestClient(t, f)
	res, err := c.GetLogs(context.Background(), GetLogsRequest{Logstore: "ls", From: 1, To: 2})
	require.NoError(t, err)
	assert.True(t, res.Complete)
	assert.Equal(t, int64(10000), res.Count)
	assert.Len(t, res.Logs, 2)
	assert.Equal(t, 1, res.Calls)
}

func TestPagingFetchesEveryLineOnceInOrder(t *testing.T) {
	f := &fakeSLS{lines: 10_000}
	c := newTestClient(t, f)
	res, err := c.GetLogsPaged(context.Background(), GetLogsRequest{Logstore: "ls", From: 1, To: 2}, 10_000, 4)
	require.NoError(t, err)
	require.Len(t, res.Logs, 10_000)
	for i, l := range res.Logs {
		v, _ := l.Get("n")
		require.Equal(t, strconv.Itoa(i), v)
	}
	assert.True(t, res.Complete)
	assert.LessOrEqual(t, f.maxSeen.Load(), int64(4), "concurrency bound")
	assert.Equal(t, 100, res.Pages)
}

func TestPagingStopsAtEmptyCompletePageNotAtShortPage(t *testing.T) {
	f := &fakeSLS{lines: 250}
	c := newTestClient(t, f)
	res, err := c.GetLogsPaged(context.Background(), GetLogsRequest{Logstore: "ls", From: 1, To: 2, Offset: 20}, 1000, 1)
	require.NoError(t, err)
	require.Len(t, res.Logs, 230)
	v, _ := res.Logs[0].Get("n")
	assert.Equal(t, "20", v)
	assert.Equal(t, int64(5), f.calls.Load(), "the count (this stand-in gives none), pages at 20, 120, 220 and the empty one at 320")
}

func TestPagingIgnoresUnreliableCount(t *testing.T) {
	f := &fakeSLS{lines: 300}
	inner := f
	f.handle = func(w http.ResponseWriter, r *http.Request, call int64) bool {
		w.Header().Set("x-log-count", "0") // lies
		return false
	}
	c := newTestClient(t, inner)
	res, err := c.GetLogsPaged(context.Background(), GetLogsRequest{Logstore: "ls", From: 1, To: 2}, 1000, 2)
	require.NoError(t, err)
	assert.Len(t, res.Logs, 300)
}

func TestPagingFailsWholeQueryWhenAPageFails(t *testing.T) {
	f := &fakeSLS{lines: 1000}
	f.handle = func(w http.ResponseWriter, r *http.Request, call int64) bool {
		if r.URL.Query().Get("offset") == "300" {
			writeSLSError(w, 500, "InternalServerError", "page lost")
			return true
		}
		return false
	}
	c := newTestClient(t, f)
	_, err := c.GetLogsPaged(context.Background(), GetLogsRequest{Logstore: "ls", From: 1, To: 2}, 1000, 3)
	assert.ErrorContains(t, err, "page lost")
}

func TestPagingLastPageAsksOnlyForWhatIsLeft(t *testing.T) {
	f := &fakeSLS{lines: 10_000}
	var lines []string
	var mu sync.Mutex
	f.handle = func(w http.ResponseWriter, r *http.Request, call int64) bool {
		if r.URL.Query().Get("type") != "log" {
			return false
		}
		mu.Lock()
		lines = append(lines, r.URL.Query().Get("offset")+":"+r.URL.Query().Get("line"))
		mu.Unlock()
		return false
	}
	c := newTestClient(t, f)
	res, err := c.GetLogsPaged(context.Background(), GetLogsRequest{Logstore: "ls", From: 1, To: 2}, 250, 1)
	require.NoError(t, err)
	assert.Len(t, res.Logs, 250)
	assert.Equal(t, []string{"0:100", "100:100", "200:50"}, lines)
}

func TestHistograms(t *testing.T) {
	f := &fakeSLS{handle: func(w http.ResponseWriter, r *http.Request, call int64) bool {
		assert.Equal(t, "histogram", r.URL.Query().Get("type"))
		w.Header().Set("x-log-progress", "Complete")
		_, _ = w.Write([]byte(`[{"from":100,"to":160,"count":3,"progress":"Complete"},{"from":"160","to":"220","count":"0","progress":"Complete"}]`))
		return true
	}}
	c := newTestClient(t, f)
	res, err := c.GetHistograms(context.Background(), HistogramsRequest{Logstore: "ls", From: 100, To: 220, Query: "*"})
	require.NoError(t, err)
	assert.Equal(t, []Bucket{{100, 160, 3, true}, {160, 220, 0, true}}, res.Buckets)
	assert.True(t, res.Complete)
	assert.Equal(t, int64(3), res.Count)
}

func TestListAllLogStoresPages(t *testing.T) {
	names := make([]string, 1200)
	for i := range names {
		names[i] = fmt.Sprintf("store-%04d", i)
	}
	f := &fakeSLS{handle: func(w http.ResponseWriter, r *http.Request, call int64) bool {
		off, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		size, _ := strconv.Atoi(r.URL.Query().Get("size"))
		end := min(off+size, len(names))
		_ = json.NewEncoder(w).Encode(LogStoresPage{Count: end - off, Total: len(names), LogStores: names[off:end]})
		return true
	}}
	c := newTestClient(t, f)
	all, err := c.ListAllLogStores(context.Background())
	require.NoError(t, err)
	assert.Equal(t, names, all)
	assert.Equal(t, int64(3), f.calls.Load())
}

func TestContextLogsAndIndex(t *testing.T) {
	f := &fakeSLS{handle: func(w http.ResponseWriter, r *http.Request, call int64) bool {
		if r.URL.Path == "/logstores/app-log/index" {
			_, _ = w.Write([]byte(`{"line":{"token":[" "]},"keys":{"status":{"type":"long"},"host":{"type":"text"}}}`))
			return true
		}
		q := r.URL.Query()
		assert.Equal(t, "context_log", q.Get("type"))
		assert.Equal(t, "P1", q.Get("pack_id"))
		assert.Equal(t, "M1", q.Get("pack_meta"))
		assert.Equal(t, "5", q.Get("back_lines"))
		_, _ = w.Write([]byte(`{"progress":"Complete","total_lines":2,"back_lines":1,"forward_lines":0,"logs":[{"__time__":"1","m":"a"},{"__time__":"2","m":"b"}]}`))
		return true
	}}
	c := newTestClient(t, f)
	res, err := c.GetContextLogs(context.Background(), ContextRequest{Logstore: "app-log", PackID: "P1", PackMeta: "M1", BackLines: 5, ForwardLines: 5})
	require.NoError(t, err)
	require.Len(t, res.Logs, 2)
	assert.Equal(t, 1, res.BackLines)
	idx, err := c.GetIndex(context.Background(), "app-log")
	require.NoError(t, err)
	assert.Equal(t, []IndexField{{"host", "text"}, {"status", "long"}}, idx)
}

func TestSecurityTokenIsSentAndSigned(t *testing.T) {
	var got string
	f := &fakeSLS{handle: func(w http.ResponseWriter, r *http.Request, call int64) bool {
		got = r.Header.Get("x-acs-security-token")
		_, _ = w.Write([]byte(`{"count":0,"total":0,"logstores":[]}`))
		return true
	}}
	c := newTestClient(t, f)
	c.creds = credentials.Static{KeyID: testKeyID, Secret: testSecret, Token: "sts-token"}
	_, err := c.ListLogStores(context.Background(), 0, 1)
	require.NoError(t, err)
	assert.Equal(t, "sts-token", got)
}

func TestPagingOutOfTimeReturnsOrderedPartialPrefix(t *testing.T) {
	f := &fakeSLS{lines: 1000}
	f.handle = func(w http.ResponseWriter, r *http.Request, call int64) bool {
		// Every page stays Incomplete; later pages are also slow.
		if r.URL.Query().Get("offset") != "0" {
			time.Sleep(150 * time.Millisecond)
		}
		w.Header().Set("x-log-progress", "Incomplete")
		_, _ = w.Write([]byte(`[{"__time__":"1","n":"` + r.URL.Query().Get("offset") + `"}]`))
		return true
	}
	c := newTestClient(t, f).WithProgress(ProgressPolicy{Initial: 20 * time.Millisecond, Max: 40 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 600*time.Millisecond)
	defer cancel()
	res, err := c.GetLogsPaged(ctx, GetLogsRequest{Logstore: "ls", From: 1, To: 2}, 1000, 2)
	require.NoError(t, err)
	assert.False(t, res.Complete)
	require.NotEmpty(t, res.Logs)
	for i, l := range res.Logs {
		v, _ := l.Get("n")
		assert.Equal(t, strconv.Itoa(i*100), v, "pages in order, none skipped")
	}
	assert.Less(t, len(res.Logs), 10)
	assert.True(t, res.TimedOut, "later pages did not answer in time")
	assert.True(t, res.Incomplete, "the pages that answered were Incomplete")
}

// Pages that answer Complete but too slowly: the cause is the deadline, not
// SLS's progress.
func TestPagingOutOfTimeWithCompletePagesIsTimedOutNotIncomplete(t *testing.T) {
	f := &fakeSLS{lines: 1000}
	f.handle = func(w http.ResponseWriter, r *http.Request, call int64) bool {
		if r.URL.Query().Get("type") == "histogram" {
			_, _ = w.Write([]byte(`[{"from":1,"to":2,"count":1000,"progress":"Complete"}]`))
			return true
		}
		if r.URL.Query().Get("offset") != "0" {
			select {
			case <-time.After(2 * time.Second):
			case <-r.Context().Done():
			}
		}
		w.Header().Set("x-log-progress", "Complete")
		_, _ = w.Write([]byte(`[{"__time__":"1","n":"` + r.URL.Query().Get("offset") + `"}]`))
		return true
	}
	c := newTestClient(t, f)
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	res, err := c.GetLogsPaged(ctx, GetLogsRequest{Logstore: "ls", From: 1, To: 2}, 1000, 2)
	require.NoError(t, err)
	assert.False(t, res.Complete)
	assert.True(t, res.TimedOut)
	assert.False(t, res.Incomplete, "every page that answered was Complete")
	assert.Equal(t, 1, res.Pages)
	require.Len(t, res.Logs, 1)
}

func TestLogstoreNamesAreChecked(t *testing.T) {
	f := &fakeSLS{lines: 1}
	c := newTestClient(t, f)
	for _, bad := range []string{"", "a", "../logs", "app log", "App", "a?type=histogram"} {
		_, err := c.GetLogs(context.Background(), GetLogsRequest{Logstore: bad, From: 1, To: 2})
		assert.ErrorIs(t, err, ErrInvalidRequest, bad)
		_, err = c.GetIndex(context.Background(), bad)
		assert.ErrorIs(t, err, ErrInvalidRequest, bad)
	}
	assert.Equal(t, int64(0), f.calls.Load(), "nothing was sent")
	_, err := c.GetLogs(context.Background(), GetLogsRequest{Logstore: "app_log-2", From: 1, To: 2, Line: 1})
	assert.NoError(t, err)
}
