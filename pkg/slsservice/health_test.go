package slsservice

import (
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/service/servicetest"
)

func TestSLSHealth(t *testing.T) {
	e := startSLSEmulator(t)
	check := func(ds *servicetest.Instance) *backend.CheckHealthResult {
		h, err := ds.CheckHealth(t.Context(), &backend.CheckHealthRequest{})
		require.NoError(t, err)
		return h
	}
	h := check(newSLSDatasource(t, e, nil))
	assert.Equal(t, backend.HealthStatusOk, h.Status)
	assert.Equal(t, "Connected to SLS project demo (3 logstores)", h.Message)

	h = check(newSLSDatasourceWithSecret(t, e, nil, "wrong-secret-value"))
	assert.Equal(t, backend.HealthStatusError, h.Status)
	assert.Contains(t, h.Message, "SLS rejected the access key (SignatureNotMatch")
	assert.NotContains(t, h.Message, "wrong-secret-value")

	h = check(newSLSDatasource(t, e, map[string]any{"accessKeyId": "AKIDnobody"}))
	assert.Contains(t, h.Message, "SLS rejected the access key (Unauthorized")

	h = check(newSLSDatasource(t, e, map[string]any{"project": "missing-project"}))
	assert.Equal(t, backend.HealthStatusError, h.Status)
	assert.Contains(t, h.Message, "SLS project missing-project does not exist at "+e.SLSURL)
	assert.Contains(t, h.Message, "ProjectNotExist")
	_ = emulator.DemoProject
}
