package e2e

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
)

// TestDerivedFieldLinksOverGRPC: through the real executable, a logs frame
// carries the configured derived field with its link in the field config,
// and the default link when none is configured, as Grafana receives them
// (Arrow over gRPC), so alert rules and public dashboards see them too.
func TestDerivedFieldLinksOverGRPC(t *testing.T) {
	e := startEmulator(t, emulator.Config{SLSLogs: 2_000, SCFInvocations: 10, Days: 1, Now: func() time.Time { return slsE2ENow }})
	tr := backend.TimeRange{From: slsE2ENow.Add(-time.Hour), To: slsE2ENow}
	p := plugin(t)

	configured := slsSettings(e, map[string]any{"derivedFields": []map[string]any{
		{"name": "number", "matcherType": "regex", "matcherRegex": `\b(\d{3,})\b`, "url": "${__value.raw}",
			"datasourceUid": "tempo-uid", "urlDisplayLabel": "Open in Tempo"},
		{"name": "trace", "matcherType": "label", "matcherRegex": "trace_id", "url": "https://traces.example/t/${__value.raw}"},
	}})
	logs := frameOf(t, p.query(t, configured, tr, dataQuery("logs", "slsLogs", tr, map[string]any{"logstore": "app-log", "limit": 200})), "logs")
	number, _ := logs.FieldByName("number")
	require.NotNil(t, number, "the regex field")
	require.NotNil(t, number.Config)
	require.Len(t, number.Config.Links, 1)
	link := number.Config.Links[0]
	assert.Equal(t, "Open in Tempo", link.Title)
	require.NotNil(t, link.Internal)
	assert.Equal(t, "tempo-uid", link.Internal.DatasourceUID)
	q, _ := json.Marshal(link.Internal.Query)
	assert.JSONEq(t, `{"refId":"A","query":"${__value.raw}"}`, string(q))
	trace, _ := logs.FieldByName("trace")
	require.NotNil(t, trace, "the label field")
	assert.Equal(t, "https://traces.example/t/${__value.raw}", trace.Config.Links[0].URL)
	filled := 0
	for i := 0; i < trace.Len(); i++ {
		if trace.At(i).(string) != "" {
			filled++
		}
	}
	assert.Positive(t, filled)

	defaults := frameOf(t, p.query(t, slsSettings(e, nil), tr, dataQuery("logs", "slsLogs", tr, map[string]any{"logstore": "app-log", "limit": 200})), "logs")
	def, _ := defaults.FieldByName("trace_id")
	require.NotNil(t, def, "the default link of an SLS data source")
	q, _ = json.Marshal(def.Config.Links[0].Internal.Query)
	assert.JSONEq(t, `{"refId":"A","queryType":"slsLogs","logstore":"app-log","query":"trace_id: \"${__value.raw}\""}`, string(q))
}
