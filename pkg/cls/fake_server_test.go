package cls

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/logbridge/cloudlogs/pkg/tc3"
)

const (
	testID     = "AKIDtest"
	testSecret = "test-secret-key"
)

// fakeLog is one log a fake topic holds.
type fakeLog struct {
	topic  string
	ms     int64
	pkg    string
	pkgLog int
	json   string
	// result is the log as SearchLog's LogInfo, encoded once.
	result json.RawMessage
}

// fakeCLS is a small CLS API 3.0 for the client's unit tests. It checks
// the TC3 signature (service "cls"), serves SearchLog with [From, To)
// ranges, Sort, Limit, Context cursors that refuse changed parameters and
// stop at the 10,000-log cap, several topics (one merged cursor echoed per
// topic), DescribeLogHistogram (buckets rounded down to the interval),
// DescribeLogContext and canned look-ups. It counts calls in flight per
// topic, and fails requests on demand.
type fakeCLS struct {
	t  *testing.T
	mu sync.Mutex
	// logs per topic, ascending by time.
	logs map[string][]fakeLog
	// minInterval makes histogram buckets at least this wide (ms), like a
	// backend with a coarsest granularity.
	minInterval int64
	// toInclusive serves [From, To] instead of [From, To).
	toInclusive bool
	gzip        bool
	delay       time.Duration
	failures    []fakeFailure
	// expireAfterPages makes a cursor older than this many pages expire.
	expireAfterPages int
	// expireAll refuses every cursor.
	expireAll bool
	// contextCap is the most logs one cursor chain serves (ContextCap).
	contextCap int
	// groupByTopic answers a several-topic page topic by topic rather
	// than in one time order.
	groupByTopic bool
	cursors      map[string]fakeCursor
	nextCursor   int
	requests     []fakeRequest
	inflight     map[string]int
	maxInflight  map[string]int
	analysis     func(body map[string]any) map[string]any
	canned       map[string]any // look-up answers by action
}

type fakeFailure struct {
	action string // "" for any
	code   string // an API code, "500" or "truncate"
}

type fakeCursor struct {
	params string // the request without Context
	offset int
	served int
	pages  int
}

type fakeRequest struct {
	action string
	body   map[string]any
	header http.Header
}

func newFakeCLS(t *testing.T) *fakeCLS {
	return &fakeCLS{t: t, contextCap: ContextCap, logs: map[string][]fakeLog{}, cursors: map[string]fakeCursor{}, inflight: map[string]int{}, maxInflight: map[string]int{}, canned: map[string]any{}}
}

// add puts n logs into topic, the i-th at msOf(i).
func (f *fakeCLS) add(topic string, n int, msOf func(i int) int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	base := len(f.logs[topic])
	for i := 0; i < n; i++ {
		j := base + i
		l := fakeLog{topic: topic, ms: msOf(i), pkg: fmt.Sprintf("PKG%d", j/100), pkgLog: j % 100,
			json: fmt.Sprintf(`{"SCF_Message":"line %s-%d","SCF_Level":"INFO","n":%d}`, topic, j, j)}
		l.result, _ = json.Marshal(map[string]any{"Time": l.ms, "TopicId": l.topic, "TopicName": "name-" + l.topic, "Source": "10.0.0.1",
			"FileName": "/var/log/app.log", "PkgId": l.pkg, "PkgLogId": strconv.Itoa(l.pkgLog), "LogJson": l.json, "HostName": "host-1"})
		f.logs[topic] = append(f.logs[topic], l)
	}
	slices.SortStableFunc(f.logs[topic], func(a, b fakeLog) int { return cmp.Compare(a.ms, b.ms) })
}

func (f *fakeCLS) client(mutate func(*Config)) *Client {
	s := httptest.NewServer(f)
	f.t.Cleanup(s.Close)
	u, _ := url.Parse(s.URL)
	cfg := Config{HTTPClient: s.Client(), Endpoint: u, Region: "ap-guangzhou", SecretID: testID, SecretKey: testSecret, Backoff: time.Millisecond}
	if mutate != nil {
		mutate(&cfg)
	}
	c := New(cfg)
	f.t.Cleanup(c.Close) // its share of the key's topic slots (pkg/limits)
	c.contextCap = f.contextCap
	return c
}

func (f *fakeCLS) actions(action string) []fakeRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []fakeRequest
	for _, r := range f.requests {
		if r.action == action {
			out = append(out, r)
		}
	}
	return out
}

func (f *fakeCLS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	action := r.Header.Get("X-TC-Action")
	ts, _ := strconv.ParseInt(r.Header.Get("X-TC-Timestamp"), 10, 64)
	want := tc3.Sign(testID, testSecret, tc3.Request{Method: "POST", Host: r.Host, ContentType: "application/json", Payload: body, Service: "cls", Timestamp: ts})
	if r.Header.Get("Authorization") != want || r.Header.Get("X-TC-Version") != "2020-10-16" || r.Header.Get("Content-Type") != "application/json" {
		f.reply(w, r, errorBody("AuthFailure.SignatureFailure", "The provided credentials could not be validated."))
		return
	}
	var in map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&in); err != nil {
		f.reply(w, r, errorBody("InvalidParameter", "body is not JSON"))
		return
	}
	f.mu.Lock()
	f.requests = append(f.requests, fakeRequest{action: action, body: in, header: r.Header.Clone()})
	for i, fl := range f.failures {
		if fl.action == "" || fl.action == action {
			f.failures = slices.Delete(f.failures, i, i+1)
			f.mu.Unlock()
			f.fail(w, fl.code)
			return
		}
	}
	f.mu.Unlock()
	topics := requestTopics(in)
	if action == "SearchLog" || action == "DescribeLogHistogram" || action == "DescribeLogContext" {
		f.enter(topics)
		defer f.leave(topics)
	}
	var answer map[string]any
	switch action {
	case "SearchLog":
		answer = f.searchLog(in, topics)
	case "DescribeLogHistogram":
		answer = f.histogram(in, topics[0])
	case "DescribeLogContext":
		answer = f.logContext(in)
	default:
		canned, ok := f.canned[action]
		if !ok {
			answer = errorBody("InvalidAction", "no such action")
			break
		}
		if fn, ok := canned.(func(map[string]any) map[string]any); ok {
			answer = fn(in)
		} else {
			answer = map[string]any{"Response": canned}
		}
	}
	f.reply(w, r, answer)
}

func (f *fakeCLS) fail(w http.ResponseWriter, code string) {
	switch code {
	case "500":
		http.Error(w, "<html>busy</html>", http.StatusInternalServerError)
	case "truncate":
		w.Header().Set("Content-Length", "100")
		_, _ = w.Write([]byte(`{"Response":{"Results":`))
	default:
		writeJSON(w, errorBody(code, "injected "+code))
	}
}

func (f *fakeCLS) enter(topics []string) {
	f.mu.Lock()
	for _, t := range topics {
		f.inflight[t]++
		f.maxInflight[t] = max(f.maxInflight[t], f.inflight[t])
	}
	f.mu.Unlock()
	time.Sleep(f.delay)
}

func (f *fakeCLS) leave(topics []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, t := range topics {
		f.inflight[t]--
	}
}

func (f *fakeCLS) reply(w http.ResponseWriter, r *http.Request, v any) {
	b, _ := json.Marshal(v)
	if f.gzip && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		_, _ = zw.Write(b)
		_ = zw.Close()
		w.Header().Set("Content-Encoding", "gzip")
		b = buf.Bytes()
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func errorBody(code, msg string) map[string]any {
	return map[string]any{"Response": map[string]any{"Error": map[string]any{"Code": code, "Message": msg}, "RequestId": "req-" + code}}
}

func requestTopics(in map[string]any) []string {
	if id, ok := in["TopicId"].(string); ok && id != "" {
		return []string{id}
	}
	var out []string
	ts, _ := in["Topics"].([]any)
	for _, t := range ts {
		m, _ := t.(map[string]any)
		id, _ := m["TopicId"].(string)
		out = append(out, id)
	}
	return out
}

func num(v any) int64 {
	n, _ := v.(json.Number)
	i, _ := n.Int64()
	return i
}

// selected is the logs of topics matching the query in [from, to) (or
// [from, to] when toInclusive), ascending.
func (f *fakeCLS) selected(topics []string, query string, from, to int64) []fakeLog {
	var sel []fakeLog
	for _, t := range topics {
		logs := f.logs[t]
		lo, _ := slices.BinarySearchFunc(logs, from, func(l fakeLog, ms int64) int { return cmp.Compare(l.ms, ms) })
		end := to
		if f.toInclusive {
			end++
		}
		hi, _ := slices.BinarySearchFunc(logs, end, func(l fakeLog, ms int64) int { return cmp.Compare(l.ms, ms) })
		for _, l := range logs[lo:hi] {
			if query == "*" || strings.Contains(l.json, strings.Trim(query, `"`)) {
				sel = append(sel, l)
			}
		}
	}
	if len(topics) > 1 {
		slices.SortStableFunc(sel, func(a, b fakeLog) int { return cmp.Compare(a.ms, b.ms) })
	}
	return sel
}

// rawJSON is a canned answer given as JSON text.
func rawJSON(s string) map[string]any {
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		panic(err)
	}
	return m
}
