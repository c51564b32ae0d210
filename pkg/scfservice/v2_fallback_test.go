package scfservice

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/service/servicetest"
)

// A legacy endpoint without ListFunctions: the editor is told to type the
// function name (501) and the health check falls back to GetFunctionLogs.
func TestSCFv2WithoutListFunctions(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.FormValue("Action") == "ListFunctions" {
			_, _ = w.Write([]byte(`{"code":4000,"codeDesc":"InvalidAction","message":"(InvalidAction)接口不存在。"}`))
			return
		}
		_, _ = w.Write([]byte(`{"code":0,"message":"","codeDesc":"Success","total":0,"data":[]}`))
	}))
	defer srv.Close()
	b, _ := json.Marshal(map[string]any{"service": "scf", "apiVersion": "v2", "endpoint": srv.URL, "region": "gz", "secretId": "AKIDx"})
	ds := servicetest.New(t, Registration, backend.DataSourceInstanceSettings{JSONData: b, DecryptedSecureJSONData: map[string]string{"secretKey": "legacy-secret-key"}})

	status, body := scfResource(t, ds, "functions")
	assert.Equal(t, http.StatusNotImplemented, status)
	assert.JSONEq(t, `{"error":"the legacy v2 API cannot list functions here; type the function name in the query editor"}`, string(body))

	h, err := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	require.NoError(t, err)
	assert.Equal(t, backend.HealthStatusOk, h.Status)
	assert.Equal(t, "Connected to SCF gz (legacy v2 API), namespace default", h.Message)
}
