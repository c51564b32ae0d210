package plugin

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
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
