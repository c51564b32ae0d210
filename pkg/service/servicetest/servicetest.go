// Package servicetest builds one service instance the way the plugin does
// (settings read from Grafana's JSON, an HTTP client, the registered
// constructor, its look-ups) for the services' own integration tests. The
// plugin's shared rules (RefID, scrubbing, timeouts, unknown types) are not
// applied here: pkg/plugin tests them.
package servicetest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/service"
	"github.com/logbridge/cloudlogs/pkg/settings"
)

// Instance is one service instance under test.
type Instance struct {
	Service  service.Service
	Settings settings.Settings
	mux      *http.ServeMux
}

// New builds the instance of reg from the instance settings Grafana sends.
func New(t testing.TB, reg service.Registration, is backend.DataSourceInstanceSettings) *Instance {
	t.Helper()
	s, err := settings.LoadSettings(is)
	require.NoError(t, err)
	svc, err := reg.New(s, &http.Client{Timeout: s.Timeout()})
	require.NoError(t, err)
	// Released as Grafana releases a dropped instance: the limits it shares
	// with other instances of the same key (pkg/limits) must not outlive it.
	t.Cleanup(svc.Dispose)
	inst := &Instance{Service: svc, Settings: s, mux: http.NewServeMux()}
	svc.RegisterResources(inst.mux)
	return inst
}

// QueryData answers each query with the service, with the instance's timeout.
func (i *Instance) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	resp := backend.NewQueryDataResponse()
	for _, q := range req.Queries {
		qctx, cancel := context.WithTimeout(ctx, i.Settings.Timeout())
		resp.Responses[q.RefID] = i.Service.Query(qctx, q)
		cancel()
	}
	return resp, nil
}

// CheckHealth asks the service.
func (i *Instance) CheckHealth(ctx context.Context, _ *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	return i.Service.CheckHealth(ctx), nil
}

// Resource sends GET <path> (with its query string) to the look-ups.
func (i *Instance) Resource(t testing.TB, path string) (int, []byte) {
	t.Helper()
	rec := httptest.NewRecorder()
	i.mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/"+path, nil))
	return rec.Code, rec.Body.Bytes()
}

// State is the service's own state behind the Service (its *Service), for
// tests that adjust its client.
func State[S any](i *Instance) S {
	return i.Service.(interface{ State() any }).State().(S)
}
