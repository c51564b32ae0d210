package plugin

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
)

// The endpoint's certificate is verified unless the data source turns
// Grafana's standard tlsSkipVerify on (a JSON bool or, from provisioning
// files, a string); while it is off the health check says so.
func TestTLSVerificationStaysOnUnlessTheDataSourceTurnsItOff(t *testing.T) {
	e, err := emulator.Start(emulator.Config{SLSLogs: 10, SCFInvocations: 1, Days: 1})
	require.NoError(t, err)
	t.Cleanup(e.Close)
	target, err := url.Parse(e.SLSURL)
	require.NoError(t, err)
	// A self-signed TLS front for the emulator.
	front := httptest.NewTLSServer(httputil.NewSingleHostReverseProxy(target))
	t.Cleanup(front.Close)

	health := func(skip any) *backend.CheckHealthResult {
		j := map[string]any{"service": "sls", "endpoint": front.URL, "project": emulator.DemoProject, "accessKeyId": emulator.DemoKeyID}
		if skip != nil {
			j["tlsSkipVerify"] = skip
		}
		b, _ := json.Marshal(j)
		inst, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{JSONData: b,
			DecryptedSecureJSONData: map[string]string{"accessKeySecret": emulator.DemoKeySecret}})
		require.NoError(t, err)
		res, err := inst.(*Datasource).CheckHealth(context.Background(), &backend.CheckHealthRequest{})
		require.NoError(t, err)
		return res
	}

	verified := health(nil)
	assert.Equal(t, backend.HealthStatusError, verified.Status)
	assert.Contains(t, verified.Message, "certificate")
	assert.NotContains(t, verified.Message, tlsSkipVerifyWarning)
	assert.Equal(t, backend.HealthStatusError, health(false).Status)

	for _, skip := range []any{true, "true"} {
		res := health(skip)
		assert.Equal(t, backend.HealthStatusOk, res.Status, res.Message)
		assert.Contains(t, res.Message, tlsSkipVerifyWarning)
	}
}

// A TLS endpoint that offers HTTP/2 is spoken to in HTTP/2 (one connection
// carries the instance's requests in flight); one that offers only
// HTTP/1.1 still works.
func TestHTTP2WhereTheEndpointOffersIt(t *testing.T) {
	e, err := emulator.Start(emulator.Config{SLSLogs: 10, SCFInvocations: 1, Days: 1})
	require.NoError(t, err)
	t.Cleanup(e.Close)
	target, err := url.Parse(e.SLSURL)
	require.NoError(t, err)
	proxy := httputil.NewSingleHostReverseProxy(target)

	for _, offersHTTP2 := range []bool{true, false} {
		var mu sync.Mutex
		protos := map[string]int{}
		front := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			protos[r.Proto]++
			mu.Unlock()
			proxy.ServeHTTP(w, r)
		}))
		front.EnableHTTP2 = offersHTTP2
		front.StartTLS()
		t.Cleanup(front.Close)

		b, _ := json.Marshal(map[string]any{"service": "sls", "endpoint": front.URL, "project": emulator.DemoProject,
			"accessKeyId": emulator.DemoKeyID, "tlsSkipVerify": true})
		inst, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{JSONData: b,
			DecryptedSecureJSONData: map[string]string{"accessKeySecret": emulator.DemoKeySecret}})
		require.NoError(t, err)
		res, err := inst.(*Datasource).CheckHealth(context.Background(), &backend.CheckHealthRequest{})
		require.NoError(t, err)
		assert.Equal(t, backend.HealthStatusOk, res.Status, res.Message)
		inst.(*Datasource).Dispose()

		mu.Lock()
		want := map[string]int{"HTTP/1.1": protos["HTTP/1.1"]}
		if offersHTTP2 {
			want = map[string]int{"HTTP/2.0": protos["HTTP/2.0"]}
		}
		assert.Equal(t, want, protos, "endpoint offers HTTP/2: %v", offersHTTP2)
		assert.NotZero(t, protos["HTTP/2.0"]+protos["HTTP/1.1"])
		mu.Unlock()
	}
}
