package slsemu

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// vectorRequest builds a request with the headers the SLS SDKs send.
func vectorRequest(t *testing.T, method, target, date string, extra map[string]string) *http.Request {
	r, err := http.NewRequest(method, "http://demo.example.com"+target, nil)
	require.NoError(t, err)
	r.Header.Set("Date", date)
	r.Header.Set("x-log-apiversion", "0.6.0")
	r.Header.Set("x-log-bodyrawsize", "0")
	r.Header.Set("x-log-signaturemethod", "hmac-sha1")
	for k, v := range extra {
		r.Header.Set(k, v)
	}
	return r
}

// TestSignV1Vectors checks the verifier's signing against known answers.
//
// Official: aliyun/aliyun-log-go-sdk signature_test.go @210ae4b0 (id
// mockAccessKeyID, secret mockAccessKeySecret, Date "Mon, 3 Jan 2010 08:33:47 GMT").
// Derived: VENDOR-APIS.md C.1, produced by running aliyun-log-go-sdk
// SignerV1.Sign and aliyun-log-python-sdk AuthV1.sign_request (which agree)
// with Date "Mon, 03 Jan 2022 08:33:47 GMT".
func TestSignV1Vectors(t *testing.T) {
	const secret = "mockAccessKeySecret"
	const date2022 = "Mon, 03 Jan 2022 08:33:47 GMT"
	getLogs := "/logstores/app-log?" + url.Values{"type": {"log"}, "from": {"1641196800"}, "to": {"1641200400"}, "topic": {""},
		"line": {"100"}, "offset": {"0"}, "reverse": {"false"}, "query": {"status:500 and request_uri:/api/* | select count(1) as c"}}.Encode()
	cases := []struct {
		name, method, target, date string
		extra                      map[string]string
		want                       string
	}{
		{"official ListLogStores (go sdk signature_test.go)", "GET", "/logstores", "Mon, 3 Jan 2010 08:33:47 GMT", nil, "Rwm6cTKzoti4HWoe+GKcb6Kv07E="},
		{"derived GetLogs", "GET", getLogs, date2022, nil, "NvZY2zkpWbNZ2NK5ddJHx0fBjKo="},
		{"derived GetLogs with STS token", "GET", getLogs, date2022, map[string]string{"x-acs-security-token": "CAIS-sts-token=="}, "so/mWAA867HKUZaBTpfEDcqYzoE="},
		{"derived GetHistograms", "GET", "/logstores/app-log?type=histogram&from=1641196800&to=1641200400&topic=&query=error", date2022, nil, "ShZvXYsmCNn0V+6jr2xBJ8uAvW0="},
		{"derived ListLogStores", "GET", "/logstores?offset=0&size=100", date2022, nil, "cEVfOQ6rmZlQd6xvfwfoOaOQtFg="},
		{"derived GetLogsV2 POST with body MD5", "POST", "/logstores/app-log/logs", date2022, map[string]string{
			"x-log-bodyrawsize": "120", "Content-MD5": "A2D7523D7657F38F2F9E691FAD874210", "Content-Type": "application/json"}, "lqCs4bip68Vcyg+7RBBdSRYbRDg="},
		{"derived GetProjectLogs", "GET", "/logs?" + url.Values{"query": {"select count(1) from app-log where __date__ > '2022-01-03 00:00:00'"}}.Encode(), date2022, nil, "W49DKdkBHyLUf/xo0j2qPaLlYE0="},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := vectorRequest(t, c.method, c.target, c.date, c.extra)
			assert.Equal(t, c.want, signV1(secret, stringToSignV1(r, false)))
			// The test client's own signer agrees (it signs the query values raw).
			assert.Equal(t, c.want, signV1ForTest(secret, c.method, r.URL.Path, r.URL.Query(), r.Header))
		})
	}
}

func TestAuthenticateAcceptsTheVectorRequest(t *testing.T) {
	date := "Mon, 03 Jan 2022 08:33:47 GMT"
	at, _ := time.Parse(http.TimeFormat, date)
	s := &Server{cfg: Config{KeyID: "mockAccessKeyID", KeySecret: "mockAccessKeySecret", WallClock: func() time.Time { return at.Add(time.Minute) }}}
	r := vectorRequest(t, "GET", "/logstores?offset=0&size=100", date, map[string]string{"Authorization": "LOG mockAccessKeyID:cEVfOQ6rmZlQd6xvfwfoOaOQtFg="})
	assert.Nil(t, s.authenticate(r))

	// The python SDK adds an unsigned x-log-date after signing.
	r.Header.Set("x-log-date", date)
	assert.Nil(t, s.authenticate(r))

	// An unpadded day (the doc's own example form) is a valid RFC 822 date.
	r = vectorRequest(t, "GET", "/logstores", "Mon, 3 Jan 2022 08:33:47 GMT", nil)
	r.Header.Set("Authorization", "LOG mockAccessKeyID:"+signV1("mockAccessKeySecret", stringToSignV1(r, false)))
	assert.Nil(t, s.authenticate(r))
}

func TestAuthErrorsOverHTTP(t *testing.T) {
	e := newEnv(t, Config{NoDemo: true, SecurityToken: "good-token"})
	require.NoError(t, e.srv.CreateLogstore("app-log", nil))
	q := url.Values{"offset": {"0"}, "size": {"10"}}
	cases := []struct {
		name   string
		opts   []reqOpt
		status int
		code   string
	}{
		{"missing Date", []reqOpt{withoutHeader("Date")}, 400, "MissingDate"},
		{"bad Date", []reqOpt{withHeader("Date", "2024-01-02T03:04:05Z")}, 400, "InvalidDateFormat"},
		{"UTC instead of GMT", []reqOpt{withHeader("Date", time.Now().UTC().Format(time.RFC1123))}, 400, "InvalidDateFormat"},
		{"skewed Date", []reqOpt{withHeader("Date", time.Now().Add(-16*time.Minute).UTC().Format(http.TimeFormat))}, 400, "RequestTimeExpired"},
		{"future Date", []reqOpt{withHeader("Date", time.Now().Add(16*time.Minute).UTC().Format(http.TimeFormat))}, 400, "RequestTimeExpired"},
		{"no api version", []reqOpt{withoutHeader("x-log-apiversion")}, 400, "MissingAPIVersion"},
		{"no body raw size", []reqOpt{withoutHeader("x-log-bodyrawsize")}, 400, "MissingBodyRawSize"},
		{"no Authorization", []reqOpt{withoutHeader("Authorization")}, 401, "Unauthorized"},
		{"unknown key id", []reqOpt{withHeader("Authorization", "LOG someoneElse:abc=")}, 401, "Unauthorized"},
		{"wrong signature", []reqOpt{withHeader("Authorization", "LOG "+testKeyID+":"+signV1("wrong-secret", "x"))}, 401, "SignatureNotMatch"},
		{"tampered query", []reqOpt{func(r *http.Request) { r.URL.RawQuery = "offset=1&size=10" }}, 401, "SignatureNotMatch"},
		{"unsigned x-log header", []reqOpt{withHeader("x-log-extra", "1")}, 401, "SignatureNotMatch"},
		{"bare IP host", []reqOpt{withHost("127.0.0.1:1234")}, 404, "ProjectNotExist"},
		{"another project", []reqOpt{withHost("other.cn-hangzhou.log.aliyuncs.com")}, 404, "ProjectNotExist"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			msg := e.do(t, "/logstores", q, c.opts...).fails(t, c.status, c.code)
			assert.NotContains(t, msg, testSecret)
		})
	}
	msg := e.do(t, "/logstores", q, withHost("other.127.0.0.1:80")).fails(t, 404, "ProjectNotExist")
	assert.Equal(t, "The Project does not exist : other", msg)
}

func TestHostForms(t *testing.T) {
	e := newEnv(t, Config{NoDemo: true})
	for _, host := range []string{"demo.127.0.0.1:8089", "demo.localhost:8089", "demo.cn-hangzhou.log.aliyuncs.com", "demo.localhost"} {
		var list struct{ Count, Total int }
		e.do(t, "/logstores", nil, withHost(host)).ok(t, &list)
		assert.Equal(t, 0, list.Total, host)
	}
	assert.Equal(t, "", projectFromHost("localhost:8089"))
	assert.Equal(t, "", projectFromHost("[::1]:8089"))
	assert.Equal(t, "demo", projectFromHost("demo.127.0.0.1"))
}

func TestSecurityToken(t *testing.T) {
	e := newEnv(t, Config{NoDemo: true, SecurityToken: "good-token"})
	signed := func(tok string) answer {
		r := e.request(t, "/logstores", nil)
		r.Header.Set("x-acs-security-token", tok)
		r.Header.Set("Authorization", "LOG "+testKeyID+":"+signV1ForTest(testSecret, "GET", "/logstores", nil, r.Header))
		resp, err := http.DefaultClient.Do(r)
		require.NoError(t, err)
		resp.Body.Close()
		return answer{status: resp.StatusCode}
	}
	assert.Equal(t, 200, signed("good-token").status)
	assert.Equal(t, 401, signed("stale-token").status)

	open := newEnv(t, Config{NoDemo: true})
	r := open.request(t, "/logstores", nil)
	r.Header.Set("x-acs-security-token", "anything")
	// The token is a signed header: sending it without re-signing fails.
	resp, err := http.DefaultClient.Do(r)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 401, resp.StatusCode)
	r.Header.Set("Authorization", "LOG "+testKeyID+":"+signV1ForTest(testSecret, "GET", "/logstores", nil, r.Header))
	resp, err = http.DefaultClient.Do(r)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode, "any token is accepted when Config.SecurityToken is empty")
}

func TestEveryAnswerHasARequestID(t *testing.T) {
	e := newEnv(t, Config{NoDemo: true})
	ok := e.do(t, "/logstores", nil)
	bad := e.do(t, "/logstores", nil, withoutHeader("Date"))
	assert.Len(t, ok.header.Get("x-log-requestid"), 24)
	assert.Len(t, bad.header.Get("x-log-requestid"), 24)
	assert.NotEqual(t, ok.header.Get("x-log-requestid"), bad.header.Get("x-log-requestid"))
	_, err := strconv.ParseUint(ok.header.Get("x-log-requestid")[8:], 16, 64)
	assert.NoError(t, err)
}
