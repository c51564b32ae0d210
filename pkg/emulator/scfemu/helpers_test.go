package scfemu

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
)

const (
	testKeyID     = "AKIDscfemutest"
	testKeySecret = "scfemu-test-secret"
)

// testNow is the data clock of most tests: 2026-11-22 20:00:00 in Shanghai.
var testNow = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// wallClock is a settable clock for the timestamp and rate-limit checks.
type wallClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *wallClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *wallClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type testEnv struct {
	srv   *Server
	http  *httptest.Server
	ctl   *knobs.Controller
	clock *wallClock
	nonce atomic.Int64
}

// newEnv serves an emulator on 127.0.0.1 with the rate limit off unless the
// mutator sets one.
func newEnv(t testing.TB, mutate func(*Config)) *testEnv {
	t.Helper()
	clock := &wallClock{t: time.Now()}
	cfg := Config{
		KeyID: testKeyID, KeySecret: testKeySecret, Seed: 7, Invocations: 6000, Days: 3,
		Location: shanghai, Now: func() time.Time { return testNow }, RequestsPerSecond: -1,
		WallClock: clock.Now,
	}
	if mutate != nil {
		mutate(&cfg)
	}
	ctl := knobs.NewController(knobs.Settings{}, 1)
	srv, err := New(cfg, ctl)
	require.NoError(t, err)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return &testEnv{srv: srv, http: hs, ctl: ctl, clock: clock}
}

// v3Request is one API 3.0 call; zero fields get working defaults.
type v3Request struct {
	Action, Version, Region, Language, Token string
	SecretID, SecretKey                      string
	Timestamp                                int64
	Params                                   any    // marshalled as the JSON body (POST)
	Body                                     []byte // raw body, overrides Params
	Method                                   string // POST (default) or GET
	Query                                    string // GET query string, sent and signed as is
	ContentType                              string
	SignedContentType                        string // signs this instead of ContentType
}

// signTC3 is the test's own TC3-HMAC-SHA256 signer (doc 213/30654), kept
// apart from the server's verifier so one can catch the other.
func signTC3(secretID, secretKey, method, host, query, contentType string, body []byte, ts int64) string {
	h := func(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }
	mac := func(key []byte, msg string) []byte {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(msg))
		return m.Sum(nil)
	}
	date := time.Unix(ts, 0).UTC().Format("2006-01-02")
	canonical := method + "\n/\n" + query + "\ncontent-type:" + contentType + "\nhost:" + host + "\n\ncontent-type;host\n" + h(body)
	toSign := "TC3-HMAC-SHA256\n" + strconv.FormatInt(ts, 10) + "\n" + date + "/scf/tc3_request\n" + h([]byte(canonical))
	key := mac(mac(mac([]byte("TC3"+secretKey), date), "scf"), "tc3_request")
	sig := hex.EncodeToString(mac(key, toSign))
	return fmt.Sprintf("TC3-HMAC-SHA256 Credential=%s/%s/scf/tc3_request, SignedHeaders=content-type;host, Signature=%s", secretID, date, sig)
}

func (e *testEnv) v3Do(t testing.TB, rq v3Request) *http.Response {
	t.Helper()
	resp, err := http.DefaultClient.Do(e.v3NewRequest(t, rq))
	require.NoError(t, err)
	return resp
}

// v3NewRequest builds the signed request v3Do sends.
func (e *testEnv) v3NewRequest(t testing.TB, rq v3Request) *http.Request {
	t.Helper()
	if rq.Method == "" {
		rq.Method = http.MethodPost
	}
	if rq.Version == "" {
		rq.Version = "2018-04-16"
	}
	if rq.Region == "" {
		rq.Region = "ap-guangzhou"
	}
	if rq.SecretID == "" {
		rq.SecretID = testKeyID
	}
	if rq.SecretKey == "" {
		rq.SecretKey = testKeySecret
	}
	if rq.Timestamp == 0 {
		rq.Timestamp = e.clock.Now().Unix()
	}
	body := rq.Body
	if body == nil && rq.Method == http.MethodPost {
		if rq.Params == nil {
			rq.Params = map[string]any{}
		}
		var err error
		body, err = json.Marshal(rq.Params)
		require.NoError(t, err)
	}
	if rq.ContentType == "" {
		rq.ContentType = "application/json"
		if rq.Method == http.MethodGet {
			rq.ContentType = "application/x-www-form-urlencoded"
		}
	}
	if rq.SignedContentType == "" {
		rq.SignedContentType = rq.ContentType
	}
	target := e.http.URL + "/"
	if rq.Query != "" {
		target += "?" + rq.Query
	}
	req, err := http.NewRequest(rq.Method, target, bytes.NewReader(body))
	require.NoError(t, err)
	host := strings.TrimPrefix(e.http.URL, "http://")
	req.Header.Set("Content-Type", rq.ContentType)
	req.Header.Set("X-TC-Action", rq.Action)
	req.Header.Set("X-TC-Version", rq.Version)
	req.Header.Set("X-TC-Timestamp", strconv.FormatInt(rq.Timestamp, 10))
	if rq.Region != "-" {
		req.Header.Set("X-TC-Region", rq.Region)
	}
	if rq.Language != "" {
		req.Header.Set("X-TC-Language", rq.Language)
	}
	if rq.Token != "" {
		req.Header.Set("X-TC-Token", rq.Token)
	}
	req.Header.Set("Authorization", signTC3(rq.SecretID, rq.SecretKey, rq.Method, host, rq.Query, rq.SignedContentType, body, rq.Timestamp))
	return req
}

// v3Call returns the decoded Response object of an HTTP 200 answer.
func (e *testEnv) v3Call(t testing.TB, rq v3Request) map[string]any {
	t.Helper()
	resp := e.v3Do(t, rq)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var env struct{ Response map[string]any }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&env))
	require.NotNil(t, env.Response, "no Response object")
	require.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`, env.Response["RequestId"])
	return env.Response
}

// v3Error returns Response.Error.Code and .Message, failing if there is none.
func (e *testEnv) v3Error(t testing.TB, rq v3Request) (string, string) {
	t.Helper()
	r := e.v3Call(t, rq)
	errObj, ok := r["Error"].(map[string]any)
	require.True(t, ok, "expected Response.Error, got %v", r)
	return errObj["Code"].(string), errObj["Message"].(string)
}

type functionLog struct {
	FunctionName, RetMsg, RequestId, StartTime string
	RetCode, InvokeFinished, BillDuration      int64
	MemUsage                                   int64
	Duration                                   float64
	Log, Level, Source                         string
	RetryNum                                   uint64
}

type logsPage struct {
	TotalCount int
	Data       []functionLog
}

// logs calls GetFunctionLogs and decodes the success answer.
func (e *testEnv) logs(t testing.TB, params map[string]any) logsPage {
	t.Helper()
	resp := e.v3Do(t, v3Request{Action: "GetFunctionLogs", Params: params})
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var env struct {
		Response struct {
			logsPage
			Error *struct{ Code, Message string }
		}
	}
	require.NoError(t, json.Unmarshal(raw, &env))
	require.Nil(t, env.Response.Error, "GetFunctionLogs failed: %s", raw)
	return env.Response.logsPage
}

// signV2 is the test's own legacy signer (QD-sign): sorted raw params with
// "_" keys signed as ".", base64 HMAC.
func signV2(method, host, path, key string, params map[string]string, sortOnOriginal bool) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	dot := func(k string) string { return strings.ReplaceAll(k, "_", ".") }
	sort.Slice(keys, func(i, j int) bool {
		if sortOnOriginal {
			return keys[i] < keys[j]
		}
		return dot(keys[i]) < dot(keys[j])
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = dot(k) + "=" + params[k]
	}
	var m = hmac.New(sha1.New, []byte(key))
	if params["SignatureMethod"] == "HmacSHA256" {
		m = hmac.New(sha256.New, []byte(key))
	}
	m.Write([]byte(method + host + path + "?" + strings.Join(parts, "&")))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// v2Options tweak a legacy call.
type v2Options struct {
	Method         string // GET (default) or POST
	SecretKey      string
	SortOnOriginal bool
	Signature      string // overrides the computed one
	NoCommon       []string
}

// v2Params fills the common parameters around the interface ones.
func (e *testEnv) v2Params(action string, params map[string]string) map[string]string {
	all := map[string]string{
		"Action": action, "SecretId": testKeyID, "Region": "gz",
		"Timestamp": strconv.FormatInt(e.clock.Now().Unix(), 10),
		"Nonce":     strconv.FormatInt(1000+e.nonce.Add(1), 10),
	}
	for k, v := range params {
		all[k] = v
	}
	return all
}

func (e *testEnv) v2Do(t testing.TB, params map[string]string, o v2Options) (int, []byte) {
	t.Helper()
	if o.Method == "" {
		o.Method = http.MethodGet
	}
	if o.SecretKey == "" {
		o.SecretKey = testKeySecret
	}
	for _, k := range o.NoCommon {
		delete(params, k)
	}
	host := strings.TrimPrefix(e.http.URL, "http://")
	sig := signV2(o.Method, host, "/v2/index.php", o.SecretKey, params, o.SortOnOriginal)
	if o.Signature != "" {
		sig = o.Signature
	}
	values := url.Values{}
	for k, v := range params {
		values.Set(k, v)
	}
	values.Set("Signature", sig)
	var resp *http.Response
	var err error
	if o.Method == http.MethodPost {
		resp, err = http.PostForm(e.http.URL+"/v2/index.php", values)
	} else {
		resp, err = http.Get(e.http.URL + "/v2/index.php?" + values.Encode())
	}
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, body
}

type v2Answer struct {
	Code     int    `json:"code"`
	Message  string `json:"message"`
	CodeDesc string `json:"codeDesc"`
	Total    int    `json:"total"`
	Data     []struct {
		FunctionName   string  `json:"functionName"`
		RetMsg         string  `json:"retMsg"`
		RequestID      string  `json:"requestId"`
		StartTime      string  `json:"startTime"`
		RetCode        int64   `json:"retCode"`
		InvokeFinished int64   `json:"invokeFinished"`
		Duration       float64 `json:"duration"`
		BillDuration   int64   `json:"billDuration"`
		MemUsage       int64   `json:"memUsage"`
		Log            string  `json:"log"`
	} `json:"data"`
}

func (e *testEnv) v2Call(t testing.TB, action string, params map[string]string, o v2Options) v2Answer {
	t.Helper()
	status, body := e.v2Do(t, e.v2Params(action, params), o)
	require.Equal(t, http.StatusOK, status, string(body))
	var a v2Answer
	require.NoError(t, json.Unmarshal(body, &a), string(body))
	return a
}

func jsonDecode(resp *http.Response, into any) error {
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(into)
}

func itoa64(v int64) string { return strconv.FormatInt(v, 10) }
