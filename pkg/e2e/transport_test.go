package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An STS-style temporary token, with the characters every encoder treats
// differently ("+/=", and "&<>" that Go's JSON escapes).
const echoedToken = "STS.Tok+en/with=signs&<more>+/=="

var upperHex = regexp.MustCompile(`%[0-9A-F]{2}`)

// tokenForms is every spelling of secret an echo may hold: as sent, URL
// encoded for a query or a path (either hex case, "%20" for a space), and
// JSON-escaped by Go (HTML-safe), by PHP ("\/") and as \u00XX (either case).
func tokenForms(secret string) map[string]string {
	lower := func(s string) string { return upperHex.ReplaceAllStringFunc(s, strings.ToLower) }
	goJSON, _ := json.Marshal(secret)
	var u, U strings.Builder
	for _, r := range secret {
		if r < 128 && !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.~", r)) {
			fmt.Fprintf(&u, `\u%04x`, r)
			fmt.Fprintf(&U, `\u%04X`, r)
		} else {
			u.WriteRune(r)
			U.WriteRune(r)
		}
	}
	return map[string]string{
		"raw": secret, "query escape": url.QueryEscape(secret), "query escape a-f": lower(url.QueryEscape(secret)),
		"path escape": url.PathEscape(secret), "path escape a-f": lower(url.PathEscape(secret)),
		"component escape": strings.ReplaceAll(url.QueryEscape(secret), "+", "%20"),
		"Go JSON":          strings.Trim(string(goJSON), `"`), "PHP JSON": strings.ReplaceAll(secret, "/", `\/`),
		`\u00xx JSON`: u.String(), `\u00XX JSON`: U.String(),
	}
}

// echoGateway stands where the vendor's endpoint is and answers every call
// with an error that echoes the request back: the token it received in one
// of its spellings (style), the URL and the start of the body. kind "vendor"
// wraps the echo in the vendor's error shape, kind "page" is a gateway's own
// page, which the clients quote as is.
type echoGateway struct {
	srv   *httptest.Server
	mu    sync.Mutex
	style string
	kind  string
	calls atomic.Int64
}

func startEchoGateway(t *testing.T) *echoGateway {
	g := &echoGateway{style: "raw", kind: "vendor"}
	g.srv = httptest.NewServer(g)
	t.Cleanup(g.srv.Close)
	return g
}

func (g *echoGateway) set(style, kind string) {
	g.mu.Lock()
	g.style, g.kind = style, kind
	g.mu.Unlock()
}

func (g *echoGateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.calls.Add(1)
	g.mu.Lock()
	style, kind := g.style, g.kind
	g.mu.Unlock()
	body, _ := io.ReadAll(r.Body)
	form, _ := url.ParseQuery(string(body))
	token := r.Header.Get("x-acs-security-token") + r.Header.Get("X-TC-Token") + form.Get("Token") + r.URL.Query().Get("Token")
	msg := fmt.Sprintf("gateway echo token=%s url=%s body=%.80s", tokenForms(token)[style], r.URL.String(), body)
	if kind == "page" {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte(msg))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	var answer any
	switch {
	case r.URL.Path == "/v2/index.php":
		answer = map[string]any{"code": 4000, "codeDesc": "GatewayEcho", "message": msg}
	case r.Header.Get("X-TC-Action") != "":
		answer = map[string]any{"Response": map[string]any{"Error": map[string]any{"Code": "FailedOperation.Gateway", "Message": msg}, "RequestId": "gw"}}
	default:
		w.WriteHeader(http.StatusBadRequest)
		answer = map[string]any{"errorCode": "GatewayEcho", "errorMessage": msg}
	}
	_ = json.NewEncoder(w).Encode(answer)
}

// Every query type, the health check and the look-ups of every service,
// against a gateway echoing the STS token in each spelling, in the vendor's
// error shape and as a page of its own: no answer and no log line of the
// executable holds the token in any spelling.
func TestEchoedTokenNeverLeaksOverGRPC(t *testing.T) {
	p := plugin(t)
	g := startEchoGateway(t)
	now := time.Now()
	tr := backend.TimeRange{From: now.Add(-time.Hour), To: now}
	tencent := map[string]string{"secretKey": "echo-test-secret-key-1", "sessionToken": echoedToken}
	model := map[string]any{"logstore": "app-log", "topicId": "topic-1", "functionName": "hello-node", "query": "* | select count(*) as c",
		"packId": "A-1", "packMeta": "0|M|1|0", "pkgId": "P-1", "pkgLogId": 1, "time": now.UnixMilli()}
	services := []struct {
		name      string
		settings  backend.DataSourceInstanceSettings
		types     []string
		resources []string
	}{
		{"SLS", newInstanceSettings("echo SLS", map[string]any{"service": "sls", "endpoint": g.srv.URL, "project": "demo", "accessKeyId": "ak-echo"},
			map[string]string{"accessKeySecret": "echo-test-sls-secret", "securityToken": echoedToken}),
			[]string{"slsLogs", "slsSql", "slsProjectSql", "slsHistogram", "slsContext"}, []string{"logstores", "fields?logstore=app-log", "values?logstore=app-log&field=status"}},
		{"SCF v3", newInstanceSettings("echo SCF v3", map[string]any{"service": "scf", "apiVersion": "v3", "endpoint": g.srv.URL, "clsEndpoint": g.srv.URL,
			"region": "ap-guangzhou", "secretId": "AKIDecho", "requestsPerSecond": 1000}, tencent),
			[]string{"scfLogs", "scfInvocations", "scfMetrics"}, []string{"functions", "namespaces"}},
		{"SCF v2", newInstanceSettings("echo SCF v2", map[string]any{"service": "scf", "apiVersion": "v2", "endpoint": g.srv.URL,
			"region": "ap-guangzhou", "secretId": "AKIDecho", "requestsPerSecond": 1000}, tencent),
			[]string{"scfLogs", "scfInvocations", "scfMetrics"}, []string{"functions", "namespaces"}},
		{"CLS", newInstanceSettings("echo CLS", map[string]any{"service": "cls", "endpoint": g.srv.URL, "region": "ap-guangzhou", "secretId": "AKIDecho"}, tencent),
			[]string{"clsLogs", "clsSql", "clsHistogram", "clsContext"}, []string{"logsets", "topics", "fields?topicId=topic-1", "values?topicId=topic-1&field=status"}},
	}
	styles := make([]string, 0)
	for s := range tokenForms(echoedToken) {
		styles = append(styles, s)
	}
	sort.Strings(styles)

	var answers []string
	errorsSeen := 0
	for _, kind := range []string{"vendor", "page"} {
		for _, style := range styles {
			g.set(style, kind)
			for _, svc := range services {
				var queries []backend.DataQuery
				for i, qt := range svc.types {
					queries = append(queries, dataQuery(fmt.Sprintf("%s%d", qt, i), qt, tr, model))
				}
				resp := p.query(t, svc.settings, tr, queries...)
				for _, r := range resp.Responses {
					if r.Error != nil {
						errorsSeen++
						answers = append(answers, r.Error.Error())
					}
					b, err := json.Marshal(r.Frames)
					require.NoError(t, err)
					answers = append(answers, string(b))
				}
				h := p.health(t, svc.settings)
				answers = append(answers, h.Message, string(h.JSONDetails))
				for _, path := range svc.resources {
					_, body := p.resource(t, svc.settings, path)
					answers = append(answers, string(body))
				}
			}
		}
	}
	// The gateway's echo did reach the plugin and come back as errors.
	require.Greater(t, g.calls.Load(), int64(100))
	require.Greater(t, errorsSeen, 100)
	echoes := 0
	for _, a := range answers {
		if strings.Contains(a, "gateway echo token=") {
			echoes++
		}
	}
	require.Greater(t, echoes, 100, "the echo is shown to the user (scrubbed)")

	lines := strings.Split(p.logs.String(), "\n")
	leaks := 0
	for _, text := range append(append([]string{}, answers...), lines...) {
		for name, form := range tokenForms(echoedToken) {
			if strings.Contains(text, form) {
				leaks++
				t.Errorf("token (%s) leaked in: %.400s", name, text)
			}
		}
	}
	t.Logf("scanned %d answers (%d errors, %d with the echo) and %d log lines for %d spellings of the token: %d hits; gateway calls %d",
		len(answers), errorsSeen, echoes, len(lines), len(styles), leaks, g.calls.Load())
	assert.Zero(t, leaks)
}

// A redirect through the real executable: the other host receives nothing,
// and the query, the health check and a look-up each name the Location.
func TestRedirectIsRefusedOverGRPC(t *testing.T) {
	p := plugin(t)
	var reached atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		_, _ = w.Write([]byte(`[]`))
	}))
	t.Cleanup(other.Close)
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/collect?from=redirect", http.StatusFound)
	}))
	t.Cleanup(redirector.Close)
	s := newInstanceSettings("redirect SLS", map[string]any{"service": "sls", "endpoint": redirector.URL, "project": "demo", "accessKeyId": "ak-redirect"},
		map[string]string{"accessKeySecret": "redirect-test-secret", "securityToken": echoedToken})
	now := time.Now()
	tr := backend.TimeRange{From: now.Add(-time.Hour), To: now}
	want := "redirecting to " + other.URL + "/collect"

	resp := p.query(t, s, tr, dataQuery("A", "slsLogs", tr, map[string]any{"logstore": "app-log"}))
	r := resp.Responses["A"]
	require.Error(t, r.Error, "a redirect is not an empty success")
	assert.Contains(t, r.Error.Error(), want)
	assert.Equal(t, backend.ErrorSourceDownstream, r.ErrorSource)
	h := p.health(t, s)
	assert.Equal(t, backend.HealthStatusError, h.Status)
	assert.Contains(t, h.Message, want)
	status, body := p.resource(t, s, "logstores")
	assert.GreaterOrEqual(t, status, 400)
	assert.Contains(t, string(body), want)
	assert.Zero(t, reached.Load(), "no request, so no credential, reached the redirect's target")
}
