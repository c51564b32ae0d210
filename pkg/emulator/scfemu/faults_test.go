package scfemu

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
)

func (e *testEnv) alwaysFault(kind knobs.Fault) {
	e.ctl.Set(knobs.Settings{FaultRate: 1, Faults: []knobs.Fault{kind}})
}

// rawV3 sends a signed ListNamespaces call and returns the raw outcome.
func (e *testEnv) rawV3(t *testing.T) (*http.Response, []byte, error) {
	t.Helper()
	resp := e.v3Do(t, v3Request{Action: "ListNamespaces"})
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp, body, err
}

func TestFaultServerErrorAlternates500JSONAnd502HTML(t *testing.T) {
	e := newEnv(t, nil)
	e.alwaysFault(knobs.FaultServerError)
	statuses := map[int]string{}
	for i := 0; i < 2; i++ {
		resp, body, err := e.rawV3(t)
		require.NoError(t, err)
		statuses[resp.StatusCode] = string(body)
	}
	require.Contains(t, statuses, http.StatusInternalServerError)
	require.Contains(t, statuses, http.StatusBadGateway)
	assert.Contains(t, statuses[http.StatusInternalServerError], `"Code":"InternalError"`)
	assert.Contains(t, statuses[http.StatusBadGateway], "502 Bad Gateway")

	status, body := e.v2Do(t, e.v2Params("GetFunctionLogs", nil), v2Options{})
	assert.GreaterOrEqual(t, status, 500)
	assert.Contains(t, string(body), "<html>")
}

func TestFaultThrottleAndBusy(t *testing.T) {
	e := newEnv(t, nil)
	e.alwaysFault(knobs.FaultThrottle)
	code, _ := e.v3Error(t, v3Request{Action: "ListNamespaces"})
	assert.Equal(t, "RequestLimitExceeded", code)
	a := e.v2Call(t, "GetFunctionLogs", nil, v2Options{})
	assert.Equal(t, 4400, a.Code)
	assert.Equal(t, "RequestLimitExceeded", a.CodeDesc)

	e.alwaysFault(knobs.FaultBusy)
	code, _ = e.v3Error(t, v3Request{Action: "ListNamespaces"})
	assert.Equal(t, "InternalError", code)
	a = e.v2Call(t, "GetFunctionLogs", nil, v2Options{})
	assert.Equal(t, 5100, a.Code)
	assert.Equal(t, "SystemError", a.CodeDesc)
}

func TestFaultTruncateAndReset(t *testing.T) {
	e := newEnv(t, nil)
	e.alwaysFault(knobs.FaultTruncate)
	resp, body, err := e.rawV3(t)
	require.Error(t, err, "the body stops half way")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.False(t, json.Valid(body))

	e.alwaysFault(knobs.FaultReset)
	req, err := http.NewRequest(http.MethodPost, e.http.URL+"/", strings.NewReader("{}"))
	require.NoError(t, err)
	_, err = http.DefaultClient.Do(req)
	require.Error(t, err, "the connection closes without an answer")
	_, err = http.Get(e.http.URL + "/v2/index.php?Action=GetFunctionLogs")
	require.Error(t, err)
	log := e.ctl.Requests()
	last := log[len(log)-1]
	assert.Equal(t, knobs.FaultReset, last.Fault)
	assert.Equal(t, "GetFunctionLogs", last.Action)
	assert.Zero(t, last.Status, "no HTTP status was sent")

	e.ctl.Set(knobs.Settings{})
	_, body, err = e.rawV3(t)
	require.NoError(t, err)
	assert.Contains(t, string(body), `"Namespaces"`, "well-behaved again once the knob is off")
}

func TestKnobsLatencyAndRequestLog(t *testing.T) {
	e := newEnv(t, nil)
	e.ctl.Set(knobs.Settings{Latency: 80 * time.Millisecond})
	start := time.Now()
	e.v3Call(t, v3Request{Action: "GetFunctionLogs", Params: with(lastHour, "Limit", 1)})
	assert.GreaterOrEqual(t, time.Since(start), 80*time.Millisecond)

	e.ctl.Set(knobs.Settings{})
	e.ctl.ResetLog()
	e.v3Call(t, v3Request{Action: "GetFunctionLogs", Params: with(lastHour, "Limit", 1)})
	e.v2Call(t, "ListFunctions", nil, v2Options{})
	e.alwaysFault(knobs.FaultThrottle)
	e.v3Call(t, v3Request{Action: "ListNamespaces"})

	log := e.ctl.Requests()
	require.Len(t, log, 3)
	assert.Equal(t, "scf", log[0].Service)
	assert.Equal(t, "GetFunctionLogs", log[0].Action)
	assert.Equal(t, http.MethodPost, log[0].Method)
	assert.Equal(t, "/", log[0].Path)
	assert.Contains(t, log[0].Body, `"Limit":1`)
	assert.Equal(t, http.StatusOK, log[0].Status)
	assert.Equal(t, "ListFunctions", log[1].Action)
	assert.Equal(t, "/v2/index.php", log[1].Path)
	assert.Contains(t, log[1].Query, "Signature=")
	assert.Equal(t, "ListNamespaces", log[2].Action)
	assert.Equal(t, knobs.FaultThrottle, log[2].Fault)
}

func TestUnknownPathAndMethod(t *testing.T) {
	e := newEnv(t, nil)
	resp, err := http.Get(e.http.URL + "/v3/index.php")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)

	req, err := http.NewRequest(http.MethodDelete, e.http.URL+"/", nil)
	require.NoError(t, err)
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	var env struct {
		Response struct{ Error struct{ Code string } }
	}
	require.NoError(t, jsonDecode(resp, &env))
	assert.Equal(t, "InvalidParameter", env.Response.Error.Code)
}

func TestNewValidatesAndAddInvocations(t *testing.T) {
	_, err := New(Config{}, nil)
	assert.ErrorContains(t, err, "KeyID and KeySecret")
	e := newEnv(t, nil)
	assert.ErrorContains(t, e.srv.AddInvocations(Invocation{FunctionName: "ghost", Start: testNow}), "no function default/ghost")
	assert.ErrorContains(t, e.srv.AddInvocations(Invocation{FunctionName: "hello-node"}), "needs a Start")
	assert.Len(t, e.srv.Functions(), 7)
	assert.Len(t, e.srv.Namespaces(), 2)

	future := testNow.Add(time.Minute)
	require.NoError(t, e.srv.AddInvocations(Invocation{FunctionName: "hello-node", RequestID: "future", Start: future, Duration: 5}))
	page := e.logs(t, map[string]any{"FunctionRequestId": "future", "StartTime": "2026-11-22 19:30:00", "EndTime": "2026-11-22 20:30:00"})
	assert.Zero(t, page.TotalCount, "a run shows up only once it has ended")
}
