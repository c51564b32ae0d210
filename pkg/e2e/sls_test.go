package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
)

// slsE2ENow freezes the emulator's data clock so counts are repeatable.
var slsE2ENow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

func startSLSE2E(t *testing.T) (*emulator.Emulator, backend.DataSourceInstanceSettings, backend.TimeRange) {
	e := startEmulator(t, emulator.Config{SLSLogs: 20_000, SCFInvocations: 10, Days: 2, Now: func() time.Time { return slsE2ENow }})
	return e, slsSettings(e, nil), backend.TimeRange{From: slsE2ENow.Add(-time.Hour), To: slsE2ENow}
}

func frameOf(t *testing.T, resp *backend.QueryDataResponse, refID string) *data.Frame {
	t.Helper()
	r, ok := resp.Responses[refID]
	require.True(t, ok, "response %s", refID)
	require.NoError(t, r.Error, "query %s", refID)
	require.Len(t, r.Frames, 1, "query %s", refID)
	return r.Frames[0]
}

func sumField(f *data.Field) float64 {
	total := 0.0
	for i := 0; i < f.Len(); i++ {
		if v, err := f.NullableFloatAt(i); err == nil && v != nil {
			total += *v
		}
	}
	return total
}

// TestSLSEveryQueryTypeOverGRPC runs one query of each SLS type through the
// real executable and checks the numbers agree with each other.
func TestSLSEveryQueryTypeOverGRPC(t *testing.T) {
	_, s, tr := startSLSE2E(t)
	p := plugin(t)
	resp := p.query(t, s, tr,
		dataQuery("count", "slsSql", tr, map[string]any{"logstore": "app-log", "query": "* | select count(*) as c"}),
		dataQuery("logs", "slsLogs", tr, map[string]any{"logstore": "app-log", "limit": 5000}),
		dataQuery("series", "slsSql", tr, map[string]any{"logstore": "app-log", "query": "* | select __time__ - __time__ % 60 as t, level, count(*) as c group by t, level order by t limit 10000"}),
		dataQuery("project", "slsProjectSql", tr, map[string]any{"query": `select count(*) as c from "app-log" where $__timeFilter`}),
		dataQuery("histogram", "slsHistogram", tr, map[string]any{"logstore": "app-log"}),
		dataQuery("volume", "slsHistogram", tr, map[string]any{"logstore": "app-log", "logVolume": true}),
		dataQuery("inferred", "", tr, map[string]any{"logstore": "app-log", "query": "level: ERROR | select count(*) as errors"}),
	)

	countField := frameOf(t, resp, "count").Fields[0]
	v, ok := countField.ConcreteAt(0)
	require.True(t, ok)
	count := v.(int64)
	require.Greater(t, count, int64(20), "the demo hour has logs")

	logs := frameOf(t, resp, "logs")
	assert.Equal(t, data.FrameTypeLogLines, logs.Meta.Type)
	assert.Equal(t, int(count), logs.Rows(), "every line of the hour, paged, none twice")
	ids := map[string]bool{}
	for i := 0; i < logs.Rows(); i++ {
		ids[logs.Fields[3].At(i).(string)] = true
	}
	assert.Len(t, ids, logs.Rows())

	series := frameOf(t, resp, "series")
	assert.Equal(t, data.FrameTypeTimeSeriesWide, series.Meta.Type)
	total := 0.0
	for _, f := range series.Fields[1:] {
		assert.NotEmpty(t, f.Labels["level"])
		total += sumField(f)
	}
	assert.Equal(t, float64(count), total)

	pv, _ := frameOf(t, resp, "project").Fields[0].ConcreteAt(0)
	assert.Equal(t, count, pv.(int64))
	assert.Contains(t, frameOf(t, resp, "project").Meta.ExecutedQueryString,
		fmt.Sprintf("__time__ >= %d AND __time__ < %d", tr.From.Unix(), tr.To.Unix()))

	hist := frameOf(t, resp, "histogram")
	assert.Equal(t, "count", hist.Fields[1].Name)
	assert.Equal(t, float64(count), sumField(hist.Fields[1]))

	vol := frameOf(t, resp, "volume")
	volTotal := 0.0
	var errorsSeen float64
	for _, f := range vol.Fields[1:] {
		assert.Equal(t, f.Name, f.Labels["level"])
		volTotal += sumField(f)
		if f.Name == "error" {
			errorsSeen = sumField(f)
		}
	}
	assert.Equal(t, float64(count), volTotal)

	inferred := frameOf(t, resp, "inferred")
	ev, _ := inferred.Fields[0].ConcreteAt(0)
	assert.Equal(t, "errors", inferred.Fields[0].Name)
	assert.Equal(t, errorsSeen, float64(ev.(int64)), "log volume's error series counts the ERROR lines")

	// Context of the newest line, from its pack labels.
	var labels map[string]string
	require.NoError(t, json.Unmarshal(logs.Fields[4].At(0).(json.RawMessage), &labels))
	ctxResp := p.query(t, s, tr, dataQuery("ctx", "slsContext", tr, map[string]any{
		"logstore": "app-log", "packId": labels["__pack_id__"], "packMeta": labels["__pack_meta__"], "backLines": 3, "forwardLines": 3,
	}))
	ctxFrame := frameOf(t, ctxResp, "ctx")
	assert.Equal(t, data.FrameTypeLogLines, ctxFrame.Meta.Type)
	found := false
	for i := 0; i < ctxFrame.Rows(); i++ {
		found = found || ctxFrame.Fields[3].At(i) == logs.Fields[3].At(0)
	}
	assert.True(t, found, "the line is in its own context")
}

func TestSLSAlertRuleRawJSONOverGRPC(t *testing.T) {
	_, s, tr := startSLSE2E(t)
	p := plugin(t)
	q := backend.DataQuery{RefID: "A", QueryType: "slsSql", TimeRange: tr,
		JSON: json.RawMessage(`{"queryType":"slsSql","logstore":"nginx-access","query":"* | select __time__ - __time__ % 60 as t, count(*) as c group by t order by t limit 1000"}`)}
	resp := p.query(t, s, tr, q)
	f := frameOf(t, resp, "A")
	assert.Equal(t, data.TimeSeriesTypeWide, f.TimeSeriesSchema().Type)
	require.Len(t, f.Fields, 2)
	assert.Equal(t, 60, f.Rows())
	assert.True(t, f.Fields[1].Type().Numeric())
}

func TestSLSHealthResourcesAndErrorsOverGRPC(t *testing.T) {
	e, s, tr := startSLSE2E(t)
	p := plugin(t)

	h := p.health(t, s)
	assert.Equal(t, backend.HealthStatusOk, h.Status)
	assert.Equal(t, "Connected to SLS project demo (3 logstores)", h.Message)

	status, body := p.resource(t, s, "logstores")
	require.Equal(t, http.StatusOK, status, string(body))
	assert.JSONEq(t, `["app-log","audit-log","nginx-access"]`, string(body))

	status, body = p.resource(t, s, "fields?logstore=nginx-access")
	require.Equal(t, http.StatusOK, status, string(body))
	assert.Contains(t, string(body), `{"name":"status","type":"long"}`)

	status, body = p.resource(t, s, fmt.Sprintf("values?logstore=nginx-access&field=status&from=%d&to=%d&limit=2", tr.From.UnixMilli(), tr.To.UnixMilli()))
	require.Equal(t, http.StatusOK, status, string(body))
	var values []struct {
		Value string
		Count int64
	}
	require.NoError(t, json.Unmarshal(body, &values))
	require.Len(t, values, 2)
	assert.Equal(t, "200", values[0].Value)

	resp := p.query(t, s, tr, dataQuery("missing", "slsLogs", tr, map[string]any{"logstore": "nope"}),
		dataQuery("ok", "slsLogs", tr, map[string]any{"logstore": "app-log", "limit": 1}))
	assert.NoError(t, resp.Responses["ok"].Error)
	require.Error(t, resp.Responses["missing"].Error)
	assert.Contains(t, resp.Responses["missing"].Error.Error(), "LogStoreNotExist")
	assert.Contains(t, resp.Responses["missing"].Error.Error(), "pick an existing logstore in the query editor")
	assert.Equal(t, backend.ErrorSourceDownstream, resp.Responses["missing"].ErrorSource)

	bad := slsSettings(e, nil)
	bad.DecryptedSecureJSONData = map[string]string{"accessKeySecret": "definitely-wrong-secret"}
	h = p.health(t, bad)
	assert.Equal(t, backend.HealthStatusError, h.Status)
	assert.Contains(t, h.Message, "SignatureNotMatch")
	assert.NotContains(t, h.Message, "definitely-wrong-secret")
}
