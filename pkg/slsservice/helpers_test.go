package slsservice

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/service/servicetest"
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
	return backend.DataSourceInstanceSettings{ID: 1, UID: "sls-test", Name: "SLS", Type: "logbridge-cloudlogs-datasource", JSONData: b,
		DecryptedSecureJSONData: map[string]string{"accessKeySecret": secret}}
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

// newSLSDatasource builds a real instance (settings, HTTP client, SLS
// client) pointed at the emulator.
func newSLSDatasource(t testing.TB, e *emulator.Emulator, overrides map[string]any) *servicetest.Instance {
	t.Helper()
	return newSLSDatasourceWithSecret(t, e, overrides, emulator.DemoKeySecret)
}

func newSLSDatasourceWithSecret(t testing.TB, e *emulator.Emulator, overrides map[string]any, secret string) *servicetest.Instance {
	t.Helper()
	ds := servicetest.New(t, Registration, slsInstanceSettings(e, overrides, secret))
	// Retries in tests stay fast; the policy itself is tested in pkg/sls.
	svc := servicetest.State[*Service](ds)
	svc.client = svc.client.WithProgress(fastProgress).WithRetry(fastRetry)
	return ds
}

// slsRange is the last hour of demo data.
func slsRange() backend.TimeRange {
	return backend.TimeRange{From: slsTestNow.Add(-time.Hour), To: slsTestNow}
}

func runSLS(t testing.TB, ds *servicetest.Instance, tr backend.TimeRange, queryType string, model map[string]any) backend.DataResponse {
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

func callResource(t testing.TB, ds *servicetest.Instance, path string) (int, []byte) {
	t.Helper()
	return ds.Resource(t, path)
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
