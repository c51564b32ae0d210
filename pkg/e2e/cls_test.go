package e2e

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/clsemu"
)

var clsE2ENow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

func clsSettings(e *emulator.Emulator) backend.DataSourceInstanceSettings {
	return newInstanceSettings("CLS e2e", map[string]any{"service": "cls", "endpoint": e.CLSURL, "region": "ap-guangzhou", "secretId": e.Config.KeyID},
		map[string]string{"secretKey": e.Config.KeySecret})
}

// Every CLS query type through the real executable; the numbers agree with
// each other.
func TestCLSEveryQueryTypeOverGRPC(t *testing.T) {
	e := startEmulator(t, emulator.Config{SLSLogs: 10, SCFInvocations: 200, CLSLogs: 20_000, Days: 2, Now: func() time.Time { return clsE2ENow }})
	s := clsSettings(e)
	p := plugin(t)
	tr := backend.TimeRange{From: clsE2ENow.Add(-time.Hour), To: clsE2ENow}
	topic := clsemu.DemoAppTopicID
	resp := p.query(t, s, tr,
		dataQuery("count", "clsSql", tr, map[string]any{"topicId": topic, "query": "* | select count(*) as c"}),
		dataQuery("logs", "clsLogs", tr, map[string]any{"topicId": topic, "limit": 3000}),
		dataQuery("volume", "clsHistogram", tr, map[string]any{"topicId": topic, "logVolume": true}),
		dataQuery("inferred", "", tr, map[string]any{"topicId": topic, "query": "status>=500 | select count(*) as errors"}),
	)
	count := frameOf(t, resp, "count").Fields[0]
	total := sumField(count)
	require.Greater(t, total, 0.0)

	logs := frameOf(t, resp, "logs")
	assert.Equal(t, data.FrameTypeLogLines, logs.Meta.Type)
	assert.Equal(t, int(min(total, 3000)), logs.Rows(), "all lines of the hour, or the limit")

	vol := frameOf(t, resp, "volume")
	var inVolume float64
	for _, f := range vol.Fields[1:] {
		assert.NotEmpty(t, f.Labels["level"])
		inVolume += sumField(f)
	}
	assert.Equal(t, total, inVolume, "the volume counts every line once")
	assert.Less(t, sumField(frameOf(t, resp, "inferred").Fields[0]), total, "a query with SQL and no type is clsSql")

	// Explore's context for one of the lines, from its labels.
	var labels map[string]string
	require.NoError(t, json.Unmarshal(logs.Fields[4].At(5).(json.RawMessage), &labels))
	ctx := p.query(t, s, tr, dataQuery("ctx", "clsContext", tr, map[string]any{"topicId": labels["__topic_id__"], "pkgId": labels["__pkg_id__"],
		"pkgLogId": labels["__pkg_log_id__"], "time": logs.Fields[0].At(5).(time.Time).UnixMilli(), "prevLogs": 2, "nextLogs": 2}))
	assert.Greater(t, frameOf(t, ctx, "ctx").Rows(), 1)

	status, body := p.resource(t, s, "topics?search=nginx")
	assert.Equal(t, http.StatusOK, status)
	assert.Contains(t, string(body), topic)
	h := p.health(t, s)
	assert.Equal(t, backend.HealthStatusOk, h.Status, h.Message)
}

// An alert rule's raw JSON on an SCF data source reading CLS: one CLS SQL
// call gives the series.
func TestSCFThroughCLSAlertRuleOverGRPC(t *testing.T) {
	e := startEmulator(t, emulator.Config{SLSLogs: 10, SCFInvocations: 2000, CLSLogs: -1, Days: 1, SCFRequestsPerSecond: -1, Now: func() time.Time { return clsE2ENow }})
	s := scfSettings(e, "v3", map[string]any{"logSource": "auto"})
	p := plugin(t)
	tr := backend.TimeRange{From: clsE2ENow.Add(-24 * time.Hour), To: clsE2ENow}
	e.CLS.ResetCounters()
	resp := p.query(t, s, tr, dataQuery("alert", "scfMetrics", tr, map[string]any{"functionName": "order-api"}))
	f := frameOf(t, resp, "alert")
	assert.Equal(t, data.FrameTypeTimeSeriesWide, f.Meta.Type)
	assert.Contains(t, f.Meta.ExecutedQueryString, "CLS topic")
	invocations, _ := f.FieldByName("invocations")
	require.NotNil(t, invocations)
	assert.Greater(t, sumField(invocations), 0.0)
	assert.Equal(t, 1, e.CLS.Calls("SearchLog"), "one call for the day, not a scan")
}
