package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator/clsemu"
	"github.com/logbridge/cloudlogs/pkg/emulator/scfemu"
	"github.com/logbridge/cloudlogs/pkg/emulator/tc3verify"
)

var testNow = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

// clsSearch calls the CLS emulator's SearchLog, signed with the emulator's
// own TC3 code (the signature itself is tested in clsemu and tc3verify).
func clsSearch(t *testing.T, e *Emulator, params map[string]any) (results []map[string]string, records []string) {
	t.Helper()
	body, err := json.Marshal(params)
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, e.CLSURL+"/", bytes.NewReader(body))
	require.NoError(t, err)
	ts := time.Now().Unix()
	host := strings.TrimPrefix(e.CLSURL, "http://")
	headers := map[string]string{"content-type": "application/json", "host": host}
	sig := tc3verify.Signature(tc3verify.Input{Method: "POST", Headers: headers, Payload: body, Timestamp: ts, Service: "cls",
		SecretKey: DemoKeySecret, SignedNames: []string{"content-type", "host"}})
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-TC-Action", "SearchLog")
	req.Header.Set("X-TC-Version", "2020-10-16")
	req.Header.Set("X-TC-Region", "ap-guangzhou")
	req.Header.Set("X-TC-Timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("Authorization", fmt.Sprintf("TC3-HMAC-SHA256 Credential=%s/%s/cls/tc3_request, SignedHeaders=content-type;host, Signature=%s",
		DemoKeyID, tc3verify.Date(ts), sig))
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var env struct {
		Response struct {
			Error           *struct{ Code, Message string }
			Results         []struct{ LogJson string }
			AnalysisRecords []string
		}
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&env))
	require.Nil(t, env.Response.Error)
	for _, r := range env.Response.Results {
		var m map[string]string
		require.NoError(t, json.Unmarshal([]byte(r.LogJson), &m))
		results = append(results, m)
	}
	return results, env.Response.AnalysisRecords
}

func TestInvocationsReachCLS(t *testing.T) {
	e, err := Start(Config{SLSLogs: 1000, SCFInvocations: 300, CLSLogs: 500, Days: 1, Now: func() time.Time { return testNow }})
	require.NoError(t, err)
	t.Cleanup(e.Close)
	start := testNow.Add(-5 * time.Minute)
	log := "START RequestId: run-1\n2026-11-22T11:55:00.001Z\trun-1\tHello World\n2026-11-22T11:55:00.002Z\trun-1\t{ a: 1,\n  b: 2 }\nEND RequestId: run-1\nReport RequestId: run-1 Duration: 2.74 ms\n"
	require.NoError(t, e.SCF.AddInvocations(
		scfemu.Invocation{FunctionName: "hello-node", RequestID: "run-1", Start: start, Duration: 2.735, MemUsage: 12 << 20, Log: log},
		scfemu.Invocation{FunctionName: scfemu.SimplifiedLogFunction, RequestID: "run-2", Start: start, Duration: 90, MemUsage: 50 << 20, RetCode: scfemu.RetCodeUserError,
			Log: "START RequestId: run-2\n2026/11/22 11:55:00 decode failed\nEND RequestId: run-2\nReport RequestId: run-2 Duration: 90.00 ms\n"},
		scfemu.Invocation{Namespace: scfemu.NoTopicNamespace, FunctionName: scfemu.NoTopicFunction, RequestID: "run-3", Start: start, Duration: 5,
			Log: "START RequestId: run-3\nEND RequestId: run-3\n"},
	))
	window := map[string]any{"TopicId": clsemu.DemoSCFTopicID, "From": testNow.Add(-time.Hour).UnixMilli(), "To": testNow.UnixMilli(), "SyntaxRule": 1, "Sort": "asc"}
	q := func(query string) map[string]any {
		p := map[string]any{"Query": query}
		for k, v := range window {
			p[k] = v
		}
		return p
	}

	recs, _ := clsSearch(t, e, q(`SCF_RequestId:"run-1"`))
	require.Len(t, recs, 5, "one record per entry of the log text")
	assert.Equal(t, "START RequestId: run-1", recs[0]["SCF_Message"])
	assert.Equal(t, "2026-11-22T11:55:00.002Z\trun-1\t{ a: 1,\n  b: 2 }", recs[2]["SCF_Message"])
	assert.Equal(t, "Custom", recs[1]["SCF_Type"])
	assert.Equal(t, "Platform", recs[4]["SCF_Type"])
	for _, r := range recs {
		assert.Len(t, r, 14)
		assert.Equal(t, "2.735", r["SCF_Duration"])
		assert.Equal(t, "200", r["SCF_StatusCode"])
		assert.Equal(t, strconv.FormatInt(start.UnixMilli(), 10), r["SCF_StartTime"])
	}

	recs, _ = clsSearch(t, e, q(`SCF_RequestId:"run-2"`))
	require.Len(t, recs, 4)
	assert.Len(t, recs[1], 9, "simplified user line")
	assert.Equal(t, "430", recs[3]["SCF_StatusCode"], "the Report line carries the status")

	recs, _ = clsSearch(t, e, q(`SCF_RequestId:"run-3"`))
	assert.Empty(t, recs, "a function without a topic delivers nothing")

	_, rows := clsSearch(t, e, map[string]any{"TopicId": clsemu.DemoSCFTopicID, "From": testNow.Add(-24 * time.Hour).UnixMilli(), "To": testNow.UnixMilli(),
		"Query": `* | select count(distinct SCF_RequestId) as runs, count_if(SCF_FunctionName = 'cron-cleanup') as none`, "SyntaxRule": 1, "UseNewAnalysis": true})
	require.Len(t, rows, 1)
	var agg struct{ Runs, None int }
	require.NoError(t, json.Unmarshal([]byte(rows[0]), &agg))
	assert.Greater(t, agg.Runs, 200, "the demo runs are delivered too")
	assert.Zero(t, agg.None)
}
