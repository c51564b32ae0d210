package scfservice

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/experimental"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/service/servicetest"
)

const scfGoldenDir = "testdata"

// TestSCFSeedExampleThroughTheHandler feeds the seed's exact example
// response (seeds/scf-GetFunctionLogs.md) through an httptest server to a
// v2 data source and checks each query type's whole answer.
func TestSCFSeedExampleThroughTheHandler(t *testing.T) {
	body, err := os.ReadFile(scfGoldenDir + "/scf_seed_example_response.json")
	require.NoError(t, err)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	j, _ := json.Marshal(map[string]any{"service": "scf", "apiVersion": "v2", "endpoint": srv.URL, "region": "gz",
		"secretId": "AKIDutrojKl3CKQZNAr763UXks05898Lmciu", "timezone": "Asia/Shanghai", "concurrency": 1})
	ds := servicetest.New(t, Registration, backend.DataSourceInstanceSettings{JSONData: j,
		DecryptedSecureJSONData: map[string]string{"secretKey": "seed-example-secret"}})
	from, to := time.Date(2017, 9, 18, 9, 0, 0, 0, time.UTC), time.Date(2017, 9, 18, 10, 0, 0, 0, time.UTC)
	for _, qt := range []string{"scfLogs", "scfInvocations", "scfMetrics"} {
		r := scfQuery(ds, qt, from, to, map[string]any{"functionName": "testnode", "metrics": []string{"invocations", "durationMax"}})
		require.NoError(t, r.Error, qt)
		experimental.CheckGoldenJSONResponse(t, scfGoldenDir, "scf_seed_plugin_"+qt, &r, *updateGolden)
	}
}
