package plugin

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
)

// slsTestNow is the emulator's frozen data clock: demo logs exist up to it.
var slsTestNow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

func startSLSEmulator(t testing.TB) *emulator.Emulator {
	t.Helper()
	e, err := emulator.Start(emulator.Config{SLSLogs: 20_000, SCFInvocations: 10, Days: 2, Now: func() time.Time { return slsTestNow }})
	require.NoError(t, err)
	t.Cleanup(e.Close)
	return e
}

func slsInstanceSettings(e *emulator.Emulator, json map[string]any, secret string) backend.DataSourceInstanceSettings {
	jd := map[string]any{"service": "sls", "endpoint": e.SLSURL, "project": emulator.DemoProject, "accessKeyId": emulator.DemoKeyID}
	for k, v := range json {
		jd[k] = v
	}
	b, _ := jsonMarshal(jd)
	return backend.DataSourceInstanceSettings{ID: 1, UID: "sls-test", Name: "SLS", Type: PluginID, JSONData: b,
		DecryptedSecureJSONData: map[string]string{"accessKeySecret": secret}}
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

// newSLSDatasource builds a real instance (settings, SDK HTTP client, SLS
// client) pointed at the emulator.
func newSLSDatasource(t testing.TB, e *emulator.Emulator, overrides map[string]any) *Datasource {
	t.Helper()
	return newSLSDatasourceWithSecret(t, e, overrides, emulator.DemoKeySecret)
}

func newSLSDatasourceWithSecret(t testing.TB, e *emulator.Emulator, overrides map[string]any, secret string) *Datasource {
	t.Helper()
	inst, err := NewDatasource(context.Background(), slsInstanceSettings(e, overrides, secret))
	require.NoError(t, err)
	ds := inst.(*Datasource)
	require.NoError(t, ds.settingsErr)
	// Retries in tests stay fast; the policy itself is tested in pkg/sls.
	svc := ds.service.(*slsService)
	svc.client = svc.client.WithProgress(fastProgress).WithRetry(fastRetry)
	ds.queries = ds.buildQueryMux()
	return ds
}

// slsRange is the last hour of demo data.
func slsRange() backend.TimeRange {
	return backend.TimeRange{From: slsTestNow.Add(-time.Hour), To: slsTestNow}
}

func runSLS(t testing.TB, ds *Datasource, tr backend.TimeRange, queryType string, model map[string]any) backend.DataResponse {
	t.Helper()
	if queryType != "" {
		model["queryType"] = queryType
	}
	b, _ := json.Marshal(model)
	q := backend.DataQuery{RefID: "A", QueryType: queryType, JSON: b, TimeRange: tr, Interval: time.Minute, MaxDataPoints: 1000}
	resp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{q}})
	require.NoError(t, err)
	return resp.Responses["A"]
}

func callResource(t testing.TB, ds *Datasource, path string) (int, []byte) {
	t.Helper()
	var status int
	var body []byte
	// Grafana sends the resource path alone and the query string in URL.
	resourcePath, _, _ := strings.Cut(path, "?")
	err := ds.CallResource(context.Background(), &backend.CallResourceRequest{Method: http.MethodGet, Path: resourcePath, URL: "/api/datasources/uid/sls-test/resources/" + path},
		backend.CallResourceResponseSenderFunc(func(r *backend.CallResourceResponse) error {
			status, body = r.Status, r.Body
			return nil
		}))
	require.NoError(t, err)
	return status, body
}

func onlyFrame(t testing.TB, r backend.DataResponse) *data.Frame {
	t.Helper()
	require.NoError(t, r.Error)
	require.Len(t, r.Frames, 1)
	return r.Frames[0]
}

// fieldByName returns the frame's fields of that name (wide frames repeat names).
func fieldsByName(f *data.Frame, name string) []*data.Field {
	var out []*data.Field
	for _, field := range f.Fields {
		if field.Name == name {
			out = append(out, field)
		}
	}
	return out
}

// fixedBodyServer answers every request with one body (for golden tests of
// bodies the emulator does not send).
func fixedBodyServer(t testing.TB, header map[string]string, body string) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		for k, v := range header {
			w.Header().Set(k, v)
		}
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

var (
	fastProgress = slsProgress(20*time.Millisecond, 200*time.Millisecond)
	fastRetry    = slsRetry(3, 5*time.Millisecond, 20*time.Millisecond)
)
