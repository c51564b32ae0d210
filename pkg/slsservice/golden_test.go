package slsservice

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/experimental"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/service/servicetest"
)

const slsGoldenDir = "testdata"

// seedExampleBodyFile holds the response example of seeds/sls-GetLogs.md,
// verbatim (shared with the frame goldens).
const seedExampleBodyFile = slsGoldenDir + "/sls_seed_getlogs_body.json"

func readSeedBody(t *testing.T) []byte {
	b, err := os.ReadFile(seedExampleBodyFile)
	require.NoError(t, err)
	return b
}

// seedDatasource points a real instance at a server that answers every call
// with the seed's example response and headers.
func seedDatasource(t *testing.T) *servicetest.Instance {
	url := fixedBodyServer(t, map[string]string{
		"Content-Type": "application/json", "x-log-requestid": "efag01234-12341-15432f",
		"x-log-progress": "Complete", "x-log-count": "10000", "x-log-processed-rows": "10000", "x-log-elapsed-millisecond": "5",
	}, string(readSeedBody(t)))
	jd, _ := json.Marshal(map[string]any{"service": "sls", "endpoint": url, "project": "big-game", "accessKeyId": "testAccessKeyId"})
	return servicetest.New(t, Registration, backend.DataSourceInstanceSettings{
		ID: 7, UID: "seed", Type: "logbridge-cloudlogs-datasource", JSONData: jd, DecryptedSecureJSONData: map[string]string{"accessKeySecret": "seed-secret-value"},
	})
}

// The seed's own request: app_log, topic groupA, 2014-09-01 00:00 to 22:00 (+08:00), "error".
var seedRange = backend.TimeRange{From: time.Unix(1409529600, 0), To: time.Unix(1409608800, 0)}

func seedQuery(t *testing.T, ds *servicetest.Instance, queryType string, model map[string]any) backend.DataResponse {
	b, _ := json.Marshal(model)
	resp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{
		{RefID: "A", QueryType: queryType, JSON: b, TimeRange: seedRange},
	}})
	require.NoError(t, err)
	return resp.Responses["A"]
}

func TestGoldenSeedExampleThroughSLSLogs(t *testing.T) {
	ds := seedDatasource(t)
	r := seedQuery(t, ds, QueryTypeLogs, map[string]any{"logstore": "app_log", "topic": "groupA", "query": "error", "limit": 2, "reverse": false})
	require.NoError(t, r.Error)
	f := r.Frames[0]
	assert.Equal(t, 2, f.Rows())
	assert.Equal(t, "GET /logstores/app_log?from=1409529600&line=2&offset=0&query=error&reverse=false&to=1409608800&topic=groupA&type=log", f.Meta.ExecutedQueryString)
	experimental.CheckGoldenJSONResponse(t, slsGoldenDir, "sls_seed_plugin_logs", &r, *updateGolden)
}

func TestGoldenSeedExampleThroughSLSSQLTable(t *testing.T) {
	ds := seedDatasource(t)
	r := seedQuery(t, ds, QueryTypeSQL, map[string]any{"logstore": "app_log", "query": "error | select *", "format": "table"})
	require.NoError(t, r.Error)
	experimental.CheckGoldenJSONResponse(t, slsGoldenDir, "sls_seed_plugin_table", &r, *updateGolden)
}
