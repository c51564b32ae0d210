package e2e

import (
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/clsemu"
)

// An alert rule's query with ad-hoc filters in its JSON, through the real
// executable: the backend narrows the rows exactly as the same condition
// written by hand, for SLS and CLS, and refuses an operator it cannot write.
func TestAdhocFiltersInAlertRulesOverGRPC(t *testing.T) {
	e := startEmulator(t, emulator.Config{SLSLogs: 20_000, SCFInvocations: 10, CLSLogs: 5000, Days: 1, Now: func() time.Time { return slsE2ENow }})
	p := plugin(t)
	tr := backend.TimeRange{From: slsE2ENow.Add(-time.Hour), To: slsE2ENow}
	filters := func(op, value string) []map[string]string {
		return []map[string]string{{"key": "level", "operator": op, "value": value}}
	}
	count := func(s backend.DataSourceInstanceSettings, queryType string, model map[string]any) float64 {
		t.Helper()
		r := p.queryFromAlert(t, s, dataQuery("A", queryType, tr, model))
		require.NoError(t, r.Error)
		require.Len(t, r.Frames, 1)
		return sumField(r.Frames[0].Fields[0])
	}

	sls := slsSettings(e, nil)
	byHand := count(sls, "slsSql", map[string]any{"logstore": "app-log", "query": `level: "ERROR" not level: "WARN" | select count(*) as c`, "format": "table"})
	require.Greater(t, byHand, 0.0)
	filtered := count(sls, "slsSql", map[string]any{"logstore": "app-log", "query": "* | select count(*) as c", "format": "table",
		"adhocFilters": append(filters("=~", "ERROR"), filters("!=", "WARN")...)})
	assert.Equal(t, byHand, filtered)
	all := count(sls, "slsSql", map[string]any{"logstore": "app-log", "query": "* | select count(*) as c", "format": "table"})
	assert.Less(t, filtered, all)

	cls := newInstanceSettings("CLS e2e", map[string]any{"service": "cls", "endpoint": e.CLSURL, "region": "ap-guangzhou", "secretId": e.Config.KeyID},
		map[string]string{"secretKey": e.Config.KeySecret})
	clsByHand := count(cls, "clsSql", map[string]any{"topicId": clsemu.DemoAppTopicID, "query": `method:"POST" | select count(*) as c`, "format": "table"})
	require.Greater(t, clsByHand, 0.0)
	clsFiltered := count(cls, "clsSql", map[string]any{"topicId": clsemu.DemoAppTopicID, "query": "* | select count(*) as c", "format": "table",
		"adhocFilters": []map[string]string{{"key": "method", "operator": "=", "value": "POST"}}})
	assert.Equal(t, clsByHand, clsFiltered)

	r := p.queryFromAlert(t, sls, dataQuery("A", "slsSql", tr, map[string]any{"logstore": "app-log", "query": "* | select count(*) as c",
		"adhocFilters": filters(">", "1")}))
	require.Error(t, r.Error)
	assert.Contains(t, r.Error.Error(), `the operator ">" is not supported; use =, !=, =~ or !~`)
	assert.Equal(t, backend.StatusBadRequest, r.Status, "a bad filter is the user's to fix")
}
