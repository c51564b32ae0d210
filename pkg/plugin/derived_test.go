package plugin

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/clsemu"
)

// Every service's logs frames, through the whole instance against the
// emulator: the default links of today's editor, now made by the backend,
// and a configured regex field linking to a tracing data source.
func TestDerivedFieldsOnEveryServicesLogsFrames(t *testing.T) {
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	e, err := emulator.Start(emulator.Config{SLSLogs: 500, SCFInvocations: 200, CLSLogs: -1, Days: 1, SCFRequestsPerSecond: -1, Now: func() time.Time { return now }})
	require.NoError(t, err)
	t.Cleanup(e.Close)
	tr := backend.TimeRange{From: now.Add(-24 * time.Hour), To: now}

	logsOf := func(jsonData map[string]any, secure map[string]string, query map[string]any) *data.Frame {
		t.Helper()
		b, _ := json.Marshal(jsonData)
		inst, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{ID: 1, UID: "self-uid", Name: "Logs here", JSONData: b, DecryptedSecureJSONData: secure})
		require.NoError(t, err)
		ds := inst.(*Datasource)
		require.NoError(t, ds.settingsErr)
		qb, _ := json.Marshal(query)
		resp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{
			{RefID: "A", QueryType: query["queryType"].(string), JSON: qb, TimeRange: tr, Interval: time.Minute}}})
		require.NoError(t, err)
		r := resp.Responses["A"]
		require.NoError(t, r.Error)
		require.NotEmpty(t, r.Frames)
		return r.Frames[0]
	}
	internalQuery := func(f *data.Field) (string, map[string]any) {
		t.Helper()
		require.NotNil(t, f.Config)
		require.Len(t, f.Config.Links, 1)
		in := f.Config.Links[0].Internal
		require.NotNil(t, in)
		b, _ := json.Marshal(in.Query)
		var q map[string]any
		require.NoError(t, json.Unmarshal(b, &q))
		return in.DatasourceUID, q
	}
	nonEmpty := func(f *data.Field) int {
		n := 0
		for i := 0; i < f.Len(); i++ {
			if f.At(i).(string) != "" {
				n++
			}
		}
		return n
	}

	slsSettings := map[string]any{"service": "sls", "endpoint": e.SLSURL, "project": emulator.DemoProject, "accessKeyId": emulator.DemoKeyID}
	slsSecret := map[string]string{"accessKeySecret": emulator.DemoKeySecret}
	f := logsOf(slsSettings, slsSecret, map[string]any{"queryType": "slsLogs", "logstore": "app-log", "limit": 100})
	trace, _ := f.FieldByName("trace_id")
	require.NotNil(t, trace, "the default SLS link field")
	assert.Positive(t, nonEmpty(trace))
	uid, q := internalQuery(trace)
	assert.Equal(t, "self-uid", uid)
	assert.Equal(t, map[string]any{"refId": "A", "queryType": "slsLogs", "logstore": "app-log", "query": `trace_id: "${__value.raw}"`}, q)

	// Configured fields replace the defaults: a regex on the body linking to Tempo.
	slsSettings["derivedFields"] = []map[string]any{{"name": "TraceID", "matcherType": "regex", "matcherRegex": `\b(\d{3,})\b`,
		"url": "${__value.raw}", "datasourceUid": "tempo-uid", "urlDisplayLabel": "Trace"}, {"name": "traceFromLabel", "matcherType": "label", "matcherRegex": "trace_id"}}
	f = logsOf(slsSettings, slsSecret, map[string]any{"queryType": "slsLogs", "logstore": "app-log", "limit": 100})
	_, fieldIndex := f.FieldByName("trace_id")
	assert.Equal(t, -1, fieldIndex, "the defaults are replaced")
	byRegex, _ := f.FieldByName("TraceID")
	require.NotNil(t, byRegex, "a regex capture from the body")
	assert.Positive(t, nonEmpty(byRegex))
	uid, q = internalQuery(byRegex)
	assert.Equal(t, "tempo-uid", uid)
	assert.Equal(t, map[string]any{"refId": "A", "query": "${__value.raw}"}, q)
	assert.Equal(t, "Trace", byRegex.Config.Links[0].Title)
	byLabel, _ := f.FieldByName("traceFromLabel")
	require.NotNil(t, byLabel)
	assert.Nil(t, byLabel.Config, "no url: no link")
	assert.Positive(t, nonEmpty(byLabel))

	scfSettings := map[string]any{"service": "scf", "endpoint": e.SCFURL, "region": "ap-guangzhou", "secretId": e.Config.KeyID,
		"timezone": e.Config.Timezone.String(), "logSource": "getFunctionLogs"}
	f = logsOf(scfSettings, map[string]string{"secretKey": e.Config.KeySecret},
		map[string]any{"queryType": "scfLogs", "functionName": "order-api", "namespace": "default", "limit": 20})
	reqID, _ := f.FieldByName("requestId")
	require.NotNil(t, reqID, "the default SCF link field")
	assert.Equal(t, f.Rows(), nonEmpty(reqID), "every SCF line has its request id")
	_, q = internalQuery(reqID)
	assert.Equal(t, map[string]any{"refId": "A", "queryType": "scfLogs", "functionName": "order-api", "namespace": "default", "requestId": "${__value.raw}"}, q)

	clsSettings := map[string]any{"service": "cls", "endpoint": e.CLSURL, "region": "ap-guangzhou", "secretId": e.Config.KeyID}
	f = logsOf(clsSettings, map[string]string{"secretKey": e.Config.KeySecret},
		map[string]any{"queryType": "clsLogs", "topicId": clsemu.DemoSCFTopicID, "syntax": "lucene", "limit": 20})
	scfID, _ := f.FieldByName("SCF_RequestId")
	require.NotNil(t, scfID, "the default CLS link field")
	assert.Positive(t, nonEmpty(scfID))
	_, q = internalQuery(scfID)
	assert.Equal(t, map[string]any{"refId": "A", "queryType": "clsLogs", "topicId": clsemu.DemoSCFTopicID, "syntax": "lucene", "query": `SCF_RequestId:"${__value.raw}"`}, q)
}

func TestBadDerivedFieldFailsTheInstanceWithTheRow(t *testing.T) {
	b, _ := json.Marshal(map[string]any{"service": "sls", "endpoint": "http://127.0.0.1:1", "project": emulator.DemoProject, "accessKeyId": "id",
		"derivedFields": []map[string]any{{"name": "trace", "matcherRegex": "trace=(\\w+"}}})
	inst, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{UID: "u", JSONData: b, DecryptedSecureJSONData: map[string]string{"accessKeySecret": "s"}})
	require.NoError(t, err)
	h, err := inst.(*Datasource).CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	require.NoError(t, err)
	assert.Equal(t, backend.HealthStatusError, h.Status)
	assert.Contains(t, h.Message, `settings: derivedFields[0] ("trace"): matcherRegex "trace=(\\w+" is not a valid regular expression`)
}
