package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorder is a server that notes every request it gets and answers what an
// empty success looks like to each API, so that a followed redirect would
// read as a query with no rows.
type recorder struct {
	srv  *httptest.Server
	mu   sync.Mutex
	hits []string
}

func startRecorder(t *testing.T, host string) *recorder {
	t.Helper()
	rec := &recorder{}
	l, err := net.Listen("tcp", host+":0")
	require.NoError(t, err)
	rec.srv = &httptest.Server{Listener: l, Config: &http.Server{Handler: rec}}
	rec.srv.Start()
	t.Cleanup(rec.srv.Close)
	return rec
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	rec.mu.Lock()
	rec.hits = append(rec.hits, fmt.Sprintf("%s %s token=%q%q%q%q auth=%q", r.Method, r.URL.Path,
		r.Header.Get("x-acs-security-token"), r.Header.Get("X-TC-Token"), r.Form.Get("Token"), r.Form.Get("Signature"), r.Header.Get("Authorization")))
	rec.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"Response":{"RequestId":"r","Functions":[],"Data":[],"Results":[],"TotalCount":0},"code":0,"data":[],"logstores":[],"count":0,"total":0}`))
}

func (rec *recorder) requests() []string {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]string(nil), rec.hits...)
}

// redirector answers every request but those to /elsewhere with status and
// a Location; requests to /elsewhere (the same host and port) are recorded.
func startRedirector(t *testing.T, status int, location func(self string) string) (*httptest.Server, *recorder) {
	t.Helper()
	same := &recorder{}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/elsewhere" {
			same.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Location", location(srv.URL))
		w.WriteHeader(status)
	}))
	t.Cleanup(srv.Close)
	return srv, same
}

const stsToken = "STS.tok+en/with=signs+/=="

// redirectCase is one service's instance settings, a query, a look-up path.
type redirectCase struct {
	name     string
	jsonData map[string]any
	secure   map[string]string
	query    map[string]any
	resource string
}

func redirectCases(endpoint string) []redirectCase {
	tencent := map[string]string{"secretKey": "tencent-secret-key-0001", "sessionToken": stsToken}
	return []redirectCase{
		{"SLS", map[string]any{"service": "sls", "endpoint": endpoint, "project": "demo", "accessKeyId": "ak-id-0001"},
			map[string]string{"accessKeySecret": "sls-secret-0001", "securityToken": stsToken},
			map[string]any{"queryType": "slsLogs", "logstore": "app-log", "limit": 5}, "logstores"},
		{"SCF v3", map[string]any{"service": "scf", "endpoint": endpoint, "region": "ap-guangzhou", "secretId": "AKID0001", "apiVersion": "v3", "logSource": "getFunctionLogs"},
			tencent, map[string]any{"queryType": "scfLogs", "functionName": "hello-node"}, "functions"},
		{"SCF v2", map[string]any{"service": "scf", "endpoint": endpoint, "region": "ap-guangzhou", "secretId": "AKID0001", "apiVersion": "v2"},
			tencent, map[string]any{"queryType": "scfLogs", "functionName": "hello-node"}, "functions"},
		{"CLS", map[string]any{"service": "cls", "endpoint": endpoint, "region": "ap-guangzhou", "secretId": "AKID0001"},
			tencent, map[string]any{"queryType": "clsLogs", "topicId": "topic-1"}, "logsets"},
	}
}

// callResource is a look-up through the instance, as Grafana sends it.
func callResource(t *testing.T, ds *Datasource, path string) (int, string) {
	t.Helper()
	var got *backend.CallResourceResponse
	err := ds.CallResource(context.Background(), &backend.CallResourceRequest{Method: http.MethodGet, Path: path, URL: path},
		backend.CallResourceResponseSenderFunc(func(r *backend.CallResourceResponse) error { got = r; return nil }))
	require.NoError(t, err)
	require.NotNil(t, got)
	return got.Status, string(got.Body)
}

// A redirect is never followed, by any client, for queries, look-ups and
// the health check: the target receives nothing (so no credential), and
// the answer is an error naming where the redirect pointed.
func TestRedirectsAreNotFollowedAndNameTheirLocation(t *testing.T) {
	other := startRecorder(t, "127.0.0.2")
	otherPort := startRecorder(t, "127.0.0.1")
	targets := []struct {
		name     string
		status   int
		location func(self string) string
		want     func(self string) string
		rec      func(same *recorder) *recorder
	}{
		{"another host", http.StatusFound,
			func(string) string { return other.srv.URL + "/collect?Token=leak" },
			func(string) string { return other.srv.URL + "/collect" },
			func(*recorder) *recorder { return other }},
		{"same host, another port", http.StatusTemporaryRedirect,
			func(string) string { return otherPort.srv.URL + "/v2/index.php" },
			func(string) string { return otherPort.srv.URL + "/v2/index.php" },
			func(*recorder) *recorder { return otherPort }},
		{"same host and port, another path", http.StatusMovedPermanently,
			func(string) string { return "/elsewhere" },
			func(self string) string { return self + "/elsewhere" },
			func(same *recorder) *recorder { return same }},
	}
	for _, target := range targets {
		for _, c := range redirectCases("") {
			t.Run(target.name+"/"+c.name, func(t *testing.T) {
				srv, same := startRedirector(t, target.status, target.location)
				c := redirectCases(srv.URL)[indexOfCase(c.name)]
				b, _ := json.Marshal(c.jsonData)
				inst, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{ID: 1, UID: "r", JSONData: b, DecryptedSecureJSONData: c.secure})
				require.NoError(t, err)
				ds := inst.(*Datasource)
				require.NoError(t, ds.settingsErr)
				want := target.want(srv.URL)

				qj, _ := json.Marshal(c.query)
				resp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{{
					RefID: "A", QueryType: c.query["queryType"].(string), JSON: qj,
					TimeRange: backend.TimeRange{From: time.Now().Add(-time.Hour), To: time.Now()}, Interval: time.Minute,
				}}})
				require.NoError(t, err)
				r := resp.Responses["A"]
				require.Error(t, r.Error, "a redirect must not read as a success")
				assert.Contains(t, r.Error.Error(), "redirecting to "+want)
				assert.NotContains(t, r.Error.Error(), "leak")
				assert.Equal(t, backend.ErrorSourceDownstream, r.ErrorSource)
				assert.Empty(t, r.Frames)

				health, err := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
				require.NoError(t, err)
				assert.Equal(t, backend.HealthStatusError, health.Status)
				assert.Contains(t, health.Message, "redirecting to "+want)

				status, body := callResource(t, ds, c.resource)
				assert.GreaterOrEqual(t, status, 400)
				assert.Contains(t, body, "redirecting to "+strings.ReplaceAll(want, "/", `/`))

				assert.Empty(t, target.rec(same).requests(), "nothing may reach the redirect's target")
			})
		}
	}
}

func indexOfCase(name string) int {
	for i, c := range redirectCases("") {
		if c.name == name {
			return i
		}
	}
	panic(name)
}
