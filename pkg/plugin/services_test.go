package plugin

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
)

// The registered services, through the whole instance: each knows its query
// types, and a bad query fails alone, named by its RefID.
func TestRegisteredServicesAnswerThroughTheInstance(t *testing.T) {
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	e, err := emulator.Start(emulator.Config{SLSLogs: 500, SCFInvocations: 50, Days: 1, Now: func() time.Time { return now }})
	require.NoError(t, err)
	t.Cleanup(e.Close)

	r, ok := registrationOf("sls")
	require.True(t, ok)
	assert.Equal(t, []string{"slsLogs", "slsSql", "slsProjectSql", "slsHistogram", "slsContext"}, r.QueryTypes)
	r, ok = registrationOf("scf")
	require.True(t, ok)
	assert.Equal(t, []string{"scfLogs", "scfInvocations", "scfMetrics"}, r.QueryTypes)

	tr := backend.TimeRange{From: now.Add(-time.Hour), To: now}
	instance := func(jsonData map[string]any, secure map[string]string) *Datasource {
		b, _ := json.Marshal(jsonData)
		inst, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{ID: 1, UID: "x", JSONData: b, DecryptedSecureJSONData: secure})
		require.NoError(t, err)
		ds := inst.(*Datasource)
		require.NoError(t, ds.settingsErr)
		return ds
	}
	query := func(ds *Datasource, queries ...map[string]any) *backend.QueryDataResponse {
		req := &backend.QueryDataRequest{}
		for i, m := range queries {
			b, _ := json.Marshal(m)
			qt, _ := m["queryType"].(string)
			req.Queries = append(req.Queries, backend.DataQuery{RefID: string(rune('A' + i)), QueryType: qt, JSON: b, TimeRange: tr, Interval: time.Minute})
		}
		resp, err := ds.QueryData(context.Background(), req)
		require.NoError(t, err)
		return resp
	}

	sls := instance(map[string]any{"service": "sls", "endpoint": e.SLSURL, "project": emulator.DemoProject, "accessKeyId": emulator.DemoKeyID},
		map[string]string{"accessKeySecret": emulator.DemoKeySecret})
	resp := query(sls,
		map[string]any{"queryType": "slsLogs", "logstore": "app-log", "limit": 5},
		map[string]any{"queryType": "slsLogs", "limit": 5},
		map[string]any{"logstore": "app-log", "query": "* | select count(*) as c"},
	)
	require.NoError(t, resp.Responses["A"].Error)
	assert.Equal(t, 5, resp.Responses["A"].Frames[0].Rows())
	assert.Equal(t, "A", resp.Responses["A"].Frames[0].RefID)
	assert.EqualError(t, resp.Responses["B"].Error, `query B: slsLogs needs a logstore: choose one in the query editor or set "logstore" in the query JSON`)
	assert.Equal(t, backend.ErrorSourceDownstream, resp.Responses["B"].ErrorSource)
	require.NoError(t, resp.Responses["C"].Error, "a query without a type is inferred as slsSql")
	assert.Equal(t, []string{"c"}, []string{resp.Responses["C"].Frames[0].Fields[0].Name})

	scf := instance(map[string]any{"service": "scf", "endpoint": e.SCFURL, "region": "ap-guangzhou", "secretId": e.Config.KeyID,
		"timezone": e.Config.Timezone.String(), "requestsPerSecond": 1000}, map[string]string{"secretKey": e.Config.KeySecret})
	resp = query(scf,
		map[string]any{"queryType": "scfInvocations", "limit": 3},
		map[string]any{"queryType": "scfLogs", "order": "sideways"},
		map[string]any{"queryType": "slsLogs", "logstore": "app-log"},
	)
	require.NoError(t, resp.Responses["A"].Error)
	assert.EqualError(t, resp.Responses["B"].Error, `query B: order "sideways" is not valid; use "desc" or "asc"`)
	assert.EqualError(t, resp.Responses["C"].Error, `query C: query type "slsLogs" needs an Alibaba SLS data source; this data source is configured for SCF`)

	h, err := scf.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	require.NoError(t, err)
	assert.Equal(t, backend.HealthStatusOk, h.Status, h.Message)
}
