package e2e

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/slsemu"
	cloudlogs "github.com/logbridge/cloudlogs/pkg/plugin"
)

// The executable sends frames of 100 rows or more through its own codec
// (pkg/grpcanswer: the frame's text written into the message as it is);
// every decoded frame must be the one the SDK's encoding gives for the
// same query run in this process, which never installs that codec.
func TestLargeAnswersOverGRPCAreTheSDKsFrames(t *testing.T) {
	e := startEmulator(t, emulator.Config{SLSLogs: 20_000, SCFInvocations: 10, Days: 2, SLSDenseLogs: 3000,
		Now: func() time.Time { return slsE2ENow }})
	s, tr := slsSettings(e, nil), backend.TimeRange{From: slsE2ENow.Add(-time.Hour), To: slsE2ENow}
	queries := []backend.DataQuery{
		dataQuery("logs", "slsLogs", tr, map[string]any{"logstore": slsemu.DenseLogstore, "limit": 5000}),
		dataQuery("search", "slsLogs", tr, map[string]any{"logstore": "app-log", "query": "level: ERROR", "limit": 300}),
		dataQuery("series", "slsSql", tr, map[string]any{"logstore": "app-log",
			"query": "* | select __time__ - __time__ % 60 as t, level, count(*) as c group by t, level order by t limit 10000"}),
		dataQuery("small", "slsLogs", tr, map[string]any{"logstore": "app-log", "limit": 20}),
	}
	overGRPC := plugin(t).query(t, s, tr, queries...)

	inst, err := cloudlogs.NewDatasource(t.Context(), s)
	require.NoError(t, err)
	ds := inst.(*cloudlogs.Datasource)
	defer ds.Dispose()
	inProcess, err := ds.QueryData(t.Context(), &backend.QueryDataRequest{PluginContext: pluginContext(s), Queries: queries})
	require.NoError(t, err)

	for _, q := range queries {
		got, want := overGRPC.Responses[q.RefID], inProcess.Responses[q.RefID]
		require.NoError(t, got.Error, q.RefID)
		require.NoError(t, want.Error, q.RefID)
		require.Len(t, got.Frames, len(want.Frames), q.RefID)
		for i := range want.Frames {
			assert.JSONEq(t, sdkRoundTrip(t, want.Frames[i]), frameJSON(t, got.Frames[i]), "query %s, frame %d", q.RefID, i)
		}
	}
	assert.Equal(t, 3000, frameOf(t, overGRPC, "logs").Rows(), "the logs answer is large enough to be handed over")
	assert.Less(t, frameOf(t, overGRPC, "small").Rows(), 100, "and the small one is not")
}

// sdkRoundTrip is frame as Grafana decodes it from the SDK's encoding.
func sdkRoundTrip(t *testing.T, f *data.Frame) string {
	t.Helper()
	b, err := f.MarshalArrow()
	require.NoError(t, err)
	decoded, err := data.UnmarshalArrowFrame(b)
	require.NoError(t, err)
	return frameJSON(t, decoded)
}

func frameJSON(t *testing.T, f *data.Frame) string {
	t.Helper()
	b, err := json.Marshal(f)
	require.NoError(t, err)
	return string(b)
}
