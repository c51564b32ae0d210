package clsemu

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
)

const (
	testKeyID     = "AKIDclsemutest"
	testKeySecret = "clsemu-test-secret"
)

// testNow is the data clock: 2026-11-22 20:00:00 in Beijing.
var testNow = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type testEnv struct {
	srv  *Server
	http *httptest.Server
	ctl  *knobs.Controller
	data *clock
}

func newEnv(t testing.TB, mutate func(*Config)) *testEnv {
	t.Helper()
	data := &clock{t: testNow}
	cfg := Config{KeyID: testKeyID, KeySecret: testKeySecret, Seed: 7, Logs: 5000, Days: 2, Now: data.Now}
	if mutate != nil {
		mutate(&cfg)
	}
	ctl := knobs.NewController(knobs.Settings{}, 1)
	srv, err := New(cfg, ctl)
	require.NoError(t, err)
	hs := httptest.NewServer(srv)
	t.Cleanup(func() { hs.Close(); _ = srv.Close() })
	return &testEnv{srv: srv, http: hs, ctl: ctl, data: data}
}

// req is one API call; zero fields get working defaults.
type req struct {
	Action, Version, Region, Token, Service string
	SecretKey                               string
	Params                                  any
	Method                                  string // POST (default) or GET
	Query                                   string // GET: sent and signed as is
	Gzip                                    bool
}

// sign is the test's own TC3-HMAC-SHA256 signer (doc 213/30654), apart
// from the server's verifier so one can catch the other.
func sign(secretKey, service, method, host, query, contentType string, body []byte, ts int64) string {
	h := func(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }
	mac := func(key []byte, msg string) []byte {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(msg))
		return m.Sum(nil)
	}
	date := time.Unix(ts, 0).UTC().Format("2006-01-02")
	canonical := method + "\n/\n" + query + "\ncontent-type:" + contentType + "\nhost:" + host + "\n\ncontent-type;host\n" + h(body)
	scope := date + "/" + service + "/tc3_request"
	toSign := "TC3-HMAC-SHA256\n" + strconv.FormatInt(ts, 10) + "\n" + scope + "\n" + h([]byte(canonical))
	key := mac(mac(mac([]byte("TC3"+secretKey), date), service), "tc3_request")
	return fmt.Sprintf("TC3-HMAC-SHA256 Credential=%s/%s, SignedHeaders=content-type;host, Signature=%s", testKeyID, scope, hex.EncodeToString(mac(key, toSign)))
}

func (e *testEnv) do(t testing.TB, r req) *http.Response {
	t.Helper()
	if r.Method == "" {
		r.Method = http.MethodPost
	}
	if r.Version == "" {
		r.Version = "2020-10-16"
	}
	if r.Region == "" {
		r.Region = "ap-guangzhou"
	}
	if r.Service == "" {
		r.Service = "cls"
	}
	if r.SecretKey == "" {
		r.SecretKey = testKeySecret
	}
	var body []byte
	ct := "application/x-www-form-urlencoded"
	if r.Method == http.MethodPost {
		if r.Params == nil {
			r.Params = map[string]any{}
		}
		var err error
		body, err = json.Marshal(r.Params)
		require.NoError(t, err)
		ct = "application/json"
	}
	target := e.http.URL + "/"
	if r.Query != "" {
		target += "?" + r.Query
	}
	hr, err := http.NewRequest(r.Method, target, bytes.NewReader(body))
	require.NoError(t, err)
	ts := time.Now().Unix()
	hr.Header.Set("Content-Type", ct)
	hr.Header.Set("X-TC-Action", r.Action)
	hr.Header.Set("X-TC-Version", r.Version)
	hr.Header.Set("X-TC-Timestamp", strconv.FormatInt(ts, 10))
	if r.Region != "-" {
		hr.Header.Set("X-TC-Region", r.Region)
	}
	if r.Token != "" {
		hr.Header.Set("X-TC-Token", r.Token)
	}
	if r.Gzip {
		hr.Header.Set("Accept-Encoding", "gzip")
	}
	hr.Header.Set("Authorization", sign(r.SecretKey, r.Service, r.Method, strings.TrimPrefix(e.http.URL, "http://"), r.Query, ct, body, ts))
	resp, err := http.DefaultTransport.RoundTrip(hr)
	require.NoError(t, err)
	return resp
}

// call returns the raw Response object.
func (e *testEnv) call(t testing.TB, r req) json.RawMessage {
	t.Helper()
	resp := e.do(t, r)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var env struct{ Response json.RawMessage }
	require.NoError(t, json.Unmarshal(raw, &env), string(raw))
	return env.Response
}

// ok decodes a success answer into out, failing on an error answer.
func (e *testEnv) ok(t testing.TB, action string, params any, out any) {
	t.Helper()
	raw := e.call(t, req{Action: action, Params: params})
	var probe struct {
		Error *struct{ Code, Message string }
	}
	require.NoError(t, json.Unmarshal(raw, &probe))
	require.Nil(t, probe.Error, "%s failed: %s", action, raw)
	if out != nil {
		require.NoError(t, json.Unmarshal(raw, out))
	}
}

// fail returns the error code and message of an error answer.
func (e *testEnv) fail(t testing.TB, r req) (string, string) {
	t.Helper()
	raw := e.call(t, r)
	var probe struct {
		Error     *struct{ Code, Message string }
		RequestId string
	}
	require.NoError(t, json.Unmarshal(raw, &probe))
	require.NotNil(t, probe.Error, "expected an error, got %s", raw)
	require.NotEmpty(t, probe.RequestId)
	return probe.Error.Code, probe.Error.Message
}

type searchOut struct {
	Context  string
	ListOver bool
	Analysis bool
	ColNames []string
	Results  []struct {
		Time                                           int64
		TopicId, TopicName, Source, FileName, HostName string
		PkgId, PkgLogId, LogJson                       string
	}
	AnalysisResults []struct{ Data []struct{ Key, Value string } }
	AnalysisRecords []string
	Columns         []struct{ Name, Type string }
	Topics          *struct {
		Errors []struct{ TopicId, ErrorCodeStr string }
		Infos  []struct {
			TopicId, Context string
			Period           int64
		}
	}
}

func (e *testEnv) search(t testing.TB, params map[string]any) searchOut {
	t.Helper()
	var out searchOut
	e.ok(t, "SearchLog", params, &out)
	return out
}

func (e *testEnv) searchErr(t testing.TB, params map[string]any) (string, string) {
	t.Helper()
	return e.fail(t, req{Action: "SearchLog", Params: params})
}

func fields(kv ...string) []Field {
	out := make([]Field, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, Field{kv[i], kv[i+1]})
	}
	return out
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func logJSON(t testing.TB, s string) map[string]string {
	t.Helper()
	var m map[string]string
	require.NoError(t, json.Unmarshal([]byte(s), &m), "LogJson values must all be strings: %s", s)
	return m
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
