package slsemu

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
)

const (
	testKeyID  = "AKIDtest"
	testSecret = "test-secret"
)

// testNow is the frozen data clock of the tests: 2024-01-02 03:04:05 UTC.
var testNow = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

// signV1ForTest is an independent implementation of SLS's v1 signing, written
// from the spec (VENDOR-APIS C.1) rather than calling the server's code, so
// the two check each other.
func signV1ForTest(secret, method, path string, query url.Values, headers http.Header) string {
	var hk []string
	for k := range headers {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "x-log-") || strings.HasPrefix(lk, "x-acs-") {
			hk = append(hk, lk)
		}
	}
	sort.Strings(hk)
	var canon []string
	for _, k := range hk {
		canon = append(canon, k+":"+strings.TrimSpace(headers.Get(k)))
	}
	res := path
	if len(query) > 0 {
		var qk []string
		for k := range query {
			qk = append(qk, k)
		}
		sort.Strings(qk)
		var parts []string
		for _, k := range qk {
			parts = append(parts, k+"="+query.Get(k))
		}
		res += "?" + strings.Join(parts, "&")
	}
	sts := method + "\n" + headers.Get("Content-MD5") + "\n" + headers.Get("Content-Type") + "\n" + headers.Get("Date") + "\n" + strings.Join(canon, "\n") + "\n" + res
	mac := hmac.New(sha1.New, []byte(secret))
	mac.Write([]byte(sts))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// testEnv is a server on a loopback port with a signing client.
type testEnv struct {
	t      *testing.T
	srv    *Server
	ctl    *knobs.Controller
	http   *httptest.Server
	host   string // the Host header: demo.127.0.0.1:<port>
	secret string
	keyID  string
}

func newEnv(t testing.TB, cfg Config) *testEnv {
	if cfg.KeyID == "" {
		cfg.KeyID, cfg.KeySecret = testKeyID, testSecret
	}
	if cfg.Now == nil {
		cfg.Now = func() time.Time { return testNow }
	}
	if cfg.Logs == 0 {
		cfg.Logs = 20_000
	}
	ctl := knobs.NewController(knobs.Settings{}, 1)
	srv, err := New(cfg, ctl)
	require.NoError(t, err)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	u, _ := url.Parse(hs.URL)
	tt, _ := t.(*testing.T)
	return &testEnv{t: tt, srv: srv, ctl: ctl, http: hs, host: "demo." + u.Host, secret: cfg.KeySecret, keyID: cfg.KeyID}
}

type reqOpt func(r *http.Request)

func withHost(h string) reqOpt { return func(r *http.Request) { r.Host = h } }

func withHeader(k, v string) reqOpt { return func(r *http.Request) { r.Header.Set(k, v) } }

func withoutHeader(k string) reqOpt { return func(r *http.Request) { r.Header.Del(k) } }

// request builds a signed GET; opts run after signing (to break things).
func (e *testEnv) request(t testing.TB, path string, q url.Values, opts ...reqOpt) *http.Request {
	u := e.http.URL + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	r, err := http.NewRequest(http.MethodGet, u, nil)
	require.NoError(t, err)
	r.Host = e.host
	r.Header.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	r.Header.Set("x-log-apiversion", "0.6.0")
	r.Header.Set("x-log-bodyrawsize", "0")
	r.Header.Set("x-log-signaturemethod", "hmac-sha1")
	r.Header.Set("Accept", "application/json")
	r.Header.Set("Authorization", "LOG "+e.keyID+":"+signV1ForTest(e.secret, http.MethodGet, path, q, r.Header))
	for _, o := range opts {
		o(r)
	}
	return r
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

func (e *testEnv) do(t testing.TB, path string, q url.Values, opts ...reqOpt) answer {
	resp, err := http.DefaultClient.Do(e.request(t, path, q, opts...))
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return answer{status: resp.StatusCode, header: resp.Header, body: body}
}

// ok asserts a 200 and decodes the body into v.
func (a answer) ok(t testing.TB, v any) {
	t.Helper()
	require.Equal(t, http.StatusOK, a.status, string(a.body))
	// Zero the target first: json reuses the maps of a slice it decodes into.
	rv := reflect.ValueOf(v).Elem()
	rv.Set(reflect.Zero(rv.Type()))
	require.NoError(t, json.Unmarshal(a.body, v), string(a.body))
}

// fails asserts an SLS error answer.
func (a answer) fails(t testing.TB, status int, code string) string {
	t.Helper()
	require.Equal(t, status, a.status, string(a.body))
	var e struct{ ErrorCode, ErrorMessage, RequestID string }
	require.NoError(t, json.Unmarshal(a.body, &e), string(a.body))
	require.Equal(t, code, e.ErrorCode, e.ErrorMessage)
	require.NotEmpty(t, e.ErrorMessage)
	require.NotEmpty(t, a.header.Get("x-log-requestid"))
	return e.ErrorMessage
}

func logsQuery(from, to int64, query string, kv ...string) url.Values {
	q := url.Values{"type": {"log"}, "from": {itoa(from)}, "to": {itoa(to)}, "query": {query}}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Set(kv[i], kv[i+1])
	}
	return q
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func timeUnix(sec int64) time.Time { return time.Unix(sec, 0).UTC() }

func atoiT(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("not an integer: %q", s)
	}
	return n
}
