package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/scfemu"
)

// scfE2ENow freezes the emulator's data clock; the runs the test adds sit
// a day before the demo data starts, so their numbers are exact.
var scfE2ENow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

const scfE2ERuns = 30

// startSCFE2E starts the emulator with 30 known hello-node runs, one every
// two minutes, every third one failed, and returns their time range.
func startSCFE2E(t *testing.T) (*emulator.Emulator, backend.TimeRange, []string) {
	e := startEmulator(t, emulator.Config{SLSLogs: 10, SCFInvocations: 500, Days: 1, SCFRequestsPerSecond: -1,
		Now: func() time.Time { return scfE2ENow }})
	newest := scfE2ENow.Add(-30 * time.Hour)
	ids := make([]string, scfE2ERuns)
	runs := make([]scfemu.Invocation, scfE2ERuns)
	for i := range runs {
		ids[i] = fmt.Sprintf("e2e-run-%02d", i)
		start := newest.Add(-time.Duration(i) * 2 * time.Minute)
		run := scfemu.Invocation{FunctionName: "hello-node", RequestID: ids[i], Start: start, Duration: float64(10 + i), MemUsage: int64(i+1) << 20,
			Log: "START RequestId: " + ids[i] + "\n" + start.UTC().Format("2006-01-02T15:04:05.000Z") + "\t" + ids[i] + "\t{ step: 1,\n  ok: true }\n" +
				"END RequestId: " + ids[i] + "\nReport RequestId: " + ids[i] + " Duration: 1 ms\n"}
		if i%3 == 0 {
			run.RetCode = scfemu.RetCodeUserError
			run.Log = strings.Replace(run.Log, "{ step: 1,\n  ok: true }", "TypeError: boom\n    at handler (index.js:1:1)", 1)
		}
		runs[i] = run
	}
	require.NoError(t, e.SCF.AddInvocations(runs...))
	return e, backend.TimeRange{From: newest.Add(-scfE2ERuns * 2 * time.Minute), To: newest.Add(time.Second)}, ids
}

func scfFrame(t *testing.T, resp *backend.QueryDataResponse, refID string) *data.Frame {
	t.Helper()
	r, ok := resp.Responses[refID]
	require.True(t, ok, "response %s", refID)
	require.NoError(t, r.Error, "query %s", refID)
	require.NotEmpty(t, r.Frames, "query %s", refID)
	return r.Frames[0]
}

func scfFloatSum(t *testing.T, f *data.Frame, name string) float64 {
	t.Helper()
	fld, _ := f.FieldByName(name)
	require.NotNil(t, fld, name)
	var s float64
	for i := 0; i < fld.Len(); i++ {
		v, err := fld.FloatAt(i)
		require.NoError(t, err)
		s += v
	}
	return s
}

// TestSCFEveryQueryTypeOverGRPC runs each SCF query type through the real
// executable against the emulator, for both API versions, and checks the
// values against the runs the test put there.
func TestSCFEveryQueryTypeOverGRPC(t *testing.T) {
	e, tr, ids := startSCFE2E(t)
	p := plugin(t)
	for _, version := range []string{"v3", "v2"} {
		t.Run(version, func(t *testing.T) {
			s := scfSettings(e, version, nil)
			fn := map[string]any{"functionName": "hello-node"}
			alert := backend.DataQuery{RefID: "alert", JSON: []byte(`{"queryType":"scfMetrics","functionName":"hello-node"}`), TimeRange: tr}
			resp := p.query(t, s, tr,
				dataQuery("logs", "scfLogs", tr, fn),
				dataQuery("inferred", "", tr, fn),
				dataQuery("invocations", "scfInvocations", tr, fn),
				dataQuery("errors", "scfInvocations", tr, map[string]any{"functionName": "hello-node", "filter": map[string]any{"retCode": "not0"}}),
				dataQuery("byDuration", "scfInvocations", tr, map[string]any{"functionName": "hello-node", "orderBy": "duration", "order": "acs", "limit": 5}),
				dataQuery("metrics", "scfMetrics", tr, fn),
				dataQuery("volume", "scfLogs", tr, map[string]any{"functionName": "hello-node", "logVolume": true}),
				alert,
			)

			logs := scfFrame(t, resp, "logs")
			require.Equal(t, scfE2ERuns*4, logs.Rows(), "START, one runtime entry, END, Report per run")
			assert.Equal(t, data.FrameTypeLogLines, logs.Meta.Type)
			body, _ := logs.FieldByName("body")
			sev, _ := logs.FieldByName("severity")
			id, _ := logs.FieldByName("id")
			assert.Equal(t, "START RequestId: e2e-run-00", body.At(0))
			assert.Equal(t, "TypeError: boom\n    at handler (index.js:1:1)", strings.SplitN(body.At(1).(string), "\t", 3)[2])
			assert.Equal(t, "error", sev.At(1))
			assert.Equal(t, "error", sev.At(3), "a failed run's Report line")
			assert.Equal(t, "{ step: 1,\n  ok: true }", strings.SplitN(body.At(5).(string), "\t", 3)[2], "the multi-line object is one entry")
			assert.Equal(t, "info", sev.At(5))
			assert.Equal(t, "e2e-run-01_1", id.At(5))
			assert.Equal(t, logs.Rows(), scfFrame(t, resp, "inferred").Rows(), "no queryType means scfLogs")

			inv := scfFrame(t, resp, "invocations")
			reqIDs, _ := inv.FieldByName("requestId")
			require.Equal(t, scfE2ERuns, reqIDs.Len())
			for i, want := range ids {
				assert.Equal(t, want, reqIDs.At(i))
			}
			dur, _ := inv.FieldByName("duration")
			assert.Equal(t, 10.0, dur.At(0))
			assert.Equal(t, "ms", dur.Config.Unit)
			mem, _ := inv.FieldByName("memUsage")
			assert.Equal(t, int64(1<<20), mem.At(0))
			assert.Equal(t, "decbytes", mem.Config.Unit)
			start, _ := inv.FieldByName("startTime")
			assert.True(t, tr.To.Add(-time.Second).Equal(start.At(0).(time.Time)), "zone rule: %v", start.At(0))

			assert.Equal(t, scfE2ERuns/3, scfFrame(t, resp, "errors").Rows())
			byDur, _ := scfFrame(t, resp, "byDuration").FieldByName("requestId")
			require.Equal(t, 5, byDur.Len())
			assert.Equal(t, "e2e-run-00", byDur.At(0), "shortest first")
			assert.Equal(t, "e2e-run-04", byDur.At(4))

			metrics := scfFrame(t, resp, "metrics")
			assert.Len(t, metrics.Fields, 11)
			assert.Equal(t, float64(scfE2ERuns), scfFloatSum(t, metrics, "invocations"))
			assert.Equal(t, float64(scfE2ERuns/3), scfFloatSum(t, metrics, "errors"))
			assert.Equal(t, float64(scfE2ERuns*100), scfFloatSum(t, metrics, "billDuration"))

			alertFrame := scfFrame(t, resp, "alert")
			assert.Equal(t, data.FrameTypeTimeSeriesWide, alertFrame.Meta.Type)
			for _, f := range alertFrame.Fields[1:] {
				assert.Equal(t, data.FieldTypeFloat64, f.Type(), f.Name)
			}
			assert.Equal(t, float64(scfE2ERuns), scfFloatSum(t, alertFrame, "invocations"))

			vol := resp.Responses["volume"]
			require.NoError(t, vol.Error)
			require.Len(t, vol.Frames, 1, "one wide frame: the log-volume shape of every service")
			info, _ := vol.Frames[0].FieldByName("info")
			require.NotNil(t, info)
			assert.Equal(t, data.Labels{"level": "info"}, info.Labels)
			assert.Equal(t, float64(scfE2ERuns*2/3), scfFloatSum(t, vol.Frames[0], "info"))
			assert.Equal(t, float64(scfE2ERuns/3), scfFloatSum(t, vol.Frames[0], "error"))
		})
	}
}

func TestSCFHealthResourcesAndErrorsOverGRPC(t *testing.T) {
	e, tr, _ := startSCFE2E(t)
	p := plugin(t)

	h := p.health(t, scfSettings(e, "v3", nil))
	assert.Equal(t, backend.HealthStatusOk, h.Status)
	assert.Equal(t, "Connected to SCF ap-guangzhou, namespace default (5 functions)", h.Message)
	h = p.health(t, scfSettings(e, "v2", nil))
	assert.Equal(t, backend.HealthStatusOk, h.Status, h.Message)

	status, body := p.resource(t, scfSettings(e, "v3", nil), "functions?namespace=default")
	require.Equal(t, http.StatusOK, status, string(body))
	var fns []map[string]string
	require.NoError(t, json.Unmarshal(body, &fns))
	assert.Contains(t, fns, map[string]string{"name": "hello-node", "namespace": "default", "runtime": "Nodejs12.16", "status": "Active", "description": "helloworld blank template"})
	status, body = p.resource(t, scfSettings(e, "v3", nil), "namespaces")
	require.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, `[{"name":"default","description":"默认命名空间"},{"name":"staging","description":"pre-release copies"}]`, string(body))
	status, body = p.resource(t, scfSettings(e, "v2", nil), "namespaces")
	require.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, `[{"name":"default","description":""}]`, string(body))

	const wrong = "scf-e2e-wrong-secret-9137"
	bad := scfSettings(e, "v3", nil)
	bad.DecryptedSecureJSONData = map[string]string{"secretKey": wrong}
	h = p.health(t, bad)
	assert.Equal(t, backend.HealthStatusError, h.Status)
	assert.Contains(t, h.Message, "SCF rejected the keys: SCF AuthFailure.SignatureFailure")
	resp := p.query(t, bad, tr,
		dataQuery("A", "scfLogs", tr, map[string]any{"functionName": "hello-node"}))
	require.Error(t, resp.Responses["A"].Error)
	assert.Equal(t, backend.ErrorSourceDownstream, resp.Responses["A"].ErrorSource)

	resp = p.query(t, scfSettings(e, "v3", nil), tr,
		dataQuery("missing", "scfInvocations", tr, map[string]any{"functionName": "no-such-fn"}),
		dataQuery("fine", "scfInvocations", tr, map[string]any{"functionName": "hello-node"}),
		dataQuery("badOrder", "scfLogs", tr, map[string]any{"order": "up"}))
	assert.Contains(t, resp.Responses["missing"].Error.Error(), "SCF ResourceNotFound.Function: function no-such-fn not found in namespace default — check the function name and namespace")
	assert.Equal(t, scfE2ERuns, scfFrame(t, resp, "fine").Rows(), "a bad query fails alone")
	assert.Contains(t, resp.Responses["badOrder"].Error.Error(), `order "up" is not valid`)

	resp = p.query(t, scfSettings(e, "v2", nil), tr, dataQuery("nofn", "scfLogs", tr, nil))
	assert.Contains(t, resp.Responses["nofn"].Error.Error(), "functionName is required with the legacy v2 API")

	assert.NotContains(t, p.logs.String(), wrong, "the secret never reaches the plugin's logs")
	assert.NotContains(t, p.logs.String(), e.Config.KeySecret)
}
