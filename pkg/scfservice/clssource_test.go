package scfservice

import (
	"encoding/json"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/experimental"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/scfemu"
	"github.com/logbridge/cloudlogs/pkg/settings"
)

// seedRuns are the seed's two invocations (seeds/scf-GetFunctionLogs.md,
// 响应示例) as hello-node runs, so the emulator serves them through both
// GetFunctionLogs and CLS.
func seedRuns(t *testing.T) []scfemu.Invocation {
	b, err := os.ReadFile("testdata/scf_seed_example_response.json")
	require.NoError(t, err)
	var body struct {
		Data []struct {
			RequestID string  `json:"requestId"`
			StartTime string  `json:"startTime"`
			Duration  float64 `json:"duration"`
			MemUsage  int64   `json:"memUsage"`
			Log       string  `json:"log"`
		} `json:"data"`
	}
	require.NoError(t, json.Unmarshal(b, &body))
	shanghai := time.FixedZone("UTC+8", 8*3600)
	var runs []scfemu.Invocation
	for _, d := range body.Data {
		start, err := time.ParseInLocation(time.DateTime, d.StartTime, shanghai)
		require.NoError(t, err)
		runs = append(runs, scfemu.Invocation{FunctionName: "hello-node", RequestID: d.RequestID, Start: start.UTC(),
			Duration: d.Duration, MemUsage: d.MemUsage, Log: d.Log, RetMsg: `"ok"`, InvokeFinished: 1})
	}
	return runs
}

// The seed's invocations read through CLS give the rows and values they give
// through GetFunctionLogs, and another function writing to the same topic
// in the same minutes never leaks in.
func TestSCFSeedThroughCLSMatchesGetFunctionLogs(t *testing.T) {
	e := startSCFEmulator(t, emulator.Config{SCFInvocations: 20, Days: 1})
	runs := seedRuns(t)
	require.NoError(t, e.SCF.AddInvocations(runs...))
	neighbour := runs[0]
	neighbour.FunctionName, neighbour.RequestID = "order-api", "neighbour-0001"
	require.NoError(t, e.SCF.AddInvocations(neighbour))

	legacy := scfDatasource(t, e, settings.SCFAPIv3, nil, "")
	viaCLS := scfDatasource(t, e, settings.SCFAPIv3, map[string]any{"logSource": "cls"}, "")
	from, to := time.Date(2017, 9, 18, 9, 0, 0, 0, time.UTC), time.Date(2017, 9, 18, 10, 0, 0, 0, time.UTC)
	model := map[string]any{"functionName": "hello-node", "metrics": []string{"invocations", "errors", "durationAvg", "durationMax", "memoryMax"}}
	for _, qt := range []string{QueryTypeLogs, QueryTypeInvocations, QueryTypeMetrics} {
		want := scfQuery(legacy, qt, from, to, model)
		got := scfQuery(viaCLS, qt, from, to, model)
		require.NoError(t, want.Error, qt)
		require.NoError(t, got.Error, qt)
		require.Len(t, got.Frames, 1, qt)
		w, g := want.Frames[0], got.Frames[0]
		require.Equal(t, w.Rows(), g.Rows(), qt)
		require.Equal(t, len(w.Fields), len(g.Fields), qt)
		for i := range w.Fields {
			if qt == QueryTypeInvocations && w.Fields[i].Name == "retMsg" {
				continue // CLS has no field for it (and the seed's log no Response line)
			}
			for r := 0; r < w.Rows(); r++ {
				assert.Equal(t, w.Fields[i].At(r), g.Fields[i].At(r), "%s: field %s row %d", qt, w.Fields[i].Name, r)
			}
		}
		assert.Contains(t, g.Meta.ExecutedQueryString, "CLS topic", qt)
		g.Meta.ExecutedQueryString = "" // holds the emulator's port
		experimental.CheckGoldenJSONResponse(t, "testdata", "scf_seed_cls_"+qt, &backend.DataResponse{Frames: data.Frames{g}}, *updateGolden)
	}
	inv := scfQuery(viaCLS, QueryTypeInvocations, from, to, map[string]any{"functionName": "order-api"})
	require.NoError(t, inv.Error)
	assert.Equal(t, []string{"neighbour-0001"}, strColumn(t, inv.Frames[0], "requestId"), "each function sees only its own runs")
}

// An alert rule's raw JSON on an auto data source: CLS SQL computes the
// series in one call, not a scan of the invocations.
func TestSCFAlertMetricsThroughCLSInOneCall(t *testing.T) {
	e := startSCFEmulator(t, emulator.Config{SCFInvocations: 3000, Days: 1})
	ds := scfDatasource(t, e, settings.SCFAPIv3, map[string]any{"logSource": "auto"}, "")
	e.CLS.ResetCounters()
	from, to := scfNow.Add(-24*time.Hour), scfNow
	b, _ := json.Marshal(map[string]any{"queryType": "scfMetrics", "functionName": "order-api"})
	resp, err := ds.QueryData(t.Context(), &backend.QueryDataRequest{Queries: []backend.DataQuery{
		{RefID: "alert", JSON: b, TimeRange: backend.TimeRange{From: from, To: to}, Interval: time.Minute, MaxDataPoints: 43200},
	}})
	require.NoError(t, err)
	r := resp.Responses["alert"]
	require.NoError(t, r.Error)
	f := r.Frames[0]
	assert.Equal(t, data.FrameTypeTimeSeriesWide, f.Meta.Type)
	assert.Equal(t, 1, e.CLS.Calls("SearchLog"), "one CLS call for a day")
	assert.Contains(t, f.Meta.ExecutedQueryString, "CLS topic")
	var invocations float64
	for _, v := range column(t, f, "invocations") {
		invocations += v.(float64)
	}
	legacy := scfQuery(scfDatasource(t, e, settings.SCFAPIv3, nil, ""), QueryTypeMetrics, from, to, map[string]any{"functionName": "order-api", "metrics": []string{"invocations"}})
	require.NoError(t, legacy.Error)
	var want float64
	for _, v := range column(t, legacy.Frames[0], "invocations") {
		want += v.(float64)
	}
	assert.Greater(t, invocations, 0.0)
	assert.Equal(t, want, invocations, "CLS counts the same invocations GetFunctionLogs lists")
}

func TestSCFLogSourceWithoutATopic(t *testing.T) {
	e := startSCFEmulator(t, emulator.Config{SCFInvocations: 500, Days: 1})
	from, to := scfNow.Add(-24*time.Hour), scfNow
	model := map[string]any{"functionName": scfemu.NoTopicFunction, "namespace": scfemu.NoTopicNamespace}

	auto := scfQuery(scfDatasource(t, e, settings.SCFAPIv3, map[string]any{"logSource": "auto"}, ""), QueryTypeInvocations, from, to, model)
	require.NoError(t, auto.Error, "auto falls back to GetFunctionLogs for a function without a topic")
	assert.Contains(t, auto.Frames[0].Meta.ExecutedQueryString, "GetFunctionLogs")

	strict := scfQuery(scfDatasource(t, e, settings.SCFAPIv3, map[string]any{"logSource": "cls"}, ""), QueryTypeInvocations, from, to, model)
	require.Error(t, strict.Error)
	assert.Contains(t, strict.Error.Error(), "delivers no logs to CLS")
	assert.Contains(t, strict.Error.Error(), "turn on log delivery")

	err := noTopicError(Query{FunctionName: "f", Namespace: "n"}, errors.New("SCF InvalidAction: offline"))
	assert.EqualError(t, err, "function f in namespace n delivers no logs to CLS (SCF GetFunction has no ClsTopicId), and GetFunctionLogs failed (SCF InvalidAction: offline): "+
		"turn on log delivery in the SCF console (the function's Log configuration: deliver to CLS, default or a topic of your own in the same region), then query again")
}

// The simplified log format carries duration, memory and status on Report
// lines only; the invocation still gets them.
func TestSCFSimplifiedFormatThroughCLS(t *testing.T) {
	e := startSCFEmulator(t, emulator.Config{SCFInvocations: 2000, Days: 1})
	from, to := scfNow.Add(-24*time.Hour), scfNow
	model := map[string]any{"functionName": scfemu.SimplifiedLogFunction, "limit": 20}
	viaCLS := scfQuery(scfDatasource(t, e, settings.SCFAPIv3, map[string]any{"logSource": "cls"}, ""), QueryTypeInvocations, from, to, model)
	legacy := scfQuery(scfDatasource(t, e, settings.SCFAPIv3, nil, ""), QueryTypeInvocations, from, to, model)
	require.NoError(t, viaCLS.Error)
	require.NoError(t, legacy.Error)
	require.Equal(t, legacy.Frames[0].Rows(), viaCLS.Frames[0].Rows())
	for _, col := range []string{"requestId", "duration", "memUsage", "retCode"} {
		assert.Equal(t, column(t, legacy.Frames[0], col), column(t, viaCLS.Frames[0], col), col)
	}
}
