package scfemu

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSplitEntriesPerRuntime(t *testing.T) {
	start := time.Date(2017, 9, 18, 9, 14, 1, 200_000_000, time.UTC)
	inv := Invocation{RequestID: "req-1", Start: start, Duration: 2.735, Log: strings.Join([]string{
		"START RequestId: req-1",
		"2017-09-18T09:14:01.236Z\treq-1\t{ a: 1,",
		"  b: 2 }",
		"[ERROR]\t2017-09-18T09:14:01.237Z\treq-1\tTraceback (most recent call last):",
		"  File \"/var/user/index.py\", line 27",
		"2017/09/18 09:14:02 go line",
		"2017-09-18 09:14:03.001 WARN  [main] com.example.X - java line",
		"Response RequestId: req-1 RetMsg:\"ok\"",
		"END RequestId: req-1",
		"Report RequestId: req-1 Duration: 2.74 ms",
	}, "\n") + "\n"}
	es := splitEntries(inv)
	require.Len(t, es, 8)
	assert.Equal(t, "2017-09-18T09:14:01.236Z\treq-1\t{ a: 1,\n  b: 2 }", es[1].text, "continuation lines stay in their entry")
	assert.Equal(t, start, es[0].time)
	assert.Equal(t, time.Date(2017, 9, 18, 9, 14, 1, 236_000_000, time.UTC), es[1].time)
	assert.Equal(t, "ERROR", es[2].level)
	assert.Contains(t, es[2].text, "line 27")
	assert.Equal(t, time.Date(2017, 9, 18, 9, 14, 2, 0, time.UTC), es[3].time, "zone-less Go times are UTC")
	assert.Equal(t, "WARN", es[4].level)
	assert.Equal(t, es[4].time, es[5].time, "Response takes the previous entry's time")
	assert.True(t, es[5].platform)
	assert.Equal(t, start.Add(2735*time.Microsecond), es[7].time, "Report at start + duration")
	assert.Empty(t, splitEntries(Invocation{Start: start}))
}

func TestInvocationRecordsFormats(t *testing.T) {
	start := time.Date(2026, 11, 22, 11, 0, 0, 0, time.UTC)
	inv := Invocation{Namespace: "default", FunctionName: "image-resize", RequestID: "req-2", Start: start, Duration: 80.5,
		MemUsage: 41 << 20, RetCode: RetCodeMemoryLimit,
		Log: "START RequestId: req-2\n2026/11/22 11:00:00 decoding\nEND RequestId: req-2\nReport RequestId: req-2 Duration: 80.50 ms\n"}
	full := InvocationRecords(inv, false)
	require.Len(t, full, 4)
	for i, r := range full {
		assert.Len(t, r.Fields, 14)
		assert.EqualValues(t, i, r.PkgLogID)
		assert.Equal(t, full[0].PkgID, r.PkgID)
	}
	get := func(r LogRecord, k string) (string, bool) {
		for _, f := range r.Fields {
			if f.Key == k {
				return f.Value, true
			}
		}
		return "", false
	}
	v, _ := get(full[1], "SCF_StatusCode")
	assert.Equal(t, "434", v)
	v, _ = get(full[1], "SCF_Duration")
	assert.Equal(t, "80.5", v)
	v, _ = get(full[1], "SCF_LogTime")
	assert.Equal(t, "1795345200000000000", v, "ns")
	v, _ = get(full[1], "SCF_Type")
	assert.Equal(t, "Custom", v)

	simple := InvocationRecords(inv, true)
	assert.Len(t, simple[1].Fields, 9, "user line")
	assert.Len(t, simple[0].Fields, 10, "START: 9 + SCF_StartTime")
	assert.Len(t, simple[3].Fields, 14, "Report: all keys")
	_, has := get(simple[1], "SCF_Duration")
	assert.False(t, has)
}

func TestGetFunction(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.CLSLogsetID, c.CLSTopicID = "logset-1", "topic-1" })
	r := e.v3Call(t, v3Request{Action: "GetFunction", Params: map[string]any{"FunctionName": "hello-node", "ShowCode": "FALSE"}})
	assert.Equal(t, "hello-node", r["FunctionName"])
	assert.Equal(t, "default", r["Namespace"])
	assert.Equal(t, "$LATEST", r["Qualifier"])
	assert.Equal(t, "Active", r["Status"])
	assert.Equal(t, "Nodejs12.16", r["Runtime"])
	assert.EqualValues(t, 128, r["MemorySize"])
	assert.Equal(t, "Event", r["Type"])
	assert.Equal(t, "logset-1", r["ClsLogsetId"])
	assert.Equal(t, "topic-1", r["ClsTopicId"])
	assert.Regexp(t, `^lam-`, r["FunctionId"])

	r = e.v3Call(t, v3Request{Action: "GetFunction", Method: http.MethodGet, Query: "FunctionName=" + NoTopicFunction + "&Namespace=" + NoTopicNamespace})
	assert.Equal(t, "", r["ClsTopicId"])
	assert.Equal(t, "", r["ClsLogsetId"])

	code, _ := e.v3Error(t, v3Request{Action: "GetFunction", Params: map[string]any{"FunctionName": "ghost"}})
	assert.Equal(t, "ResourceNotFound.Function", code)
	code, _ = e.v3Error(t, v3Request{Action: "GetFunction", Params: map[string]any{"FunctionName": "hello-node", "Qualifier": "3"}})
	assert.Equal(t, "ResourceNotFound.FunctionVersion", code)

	a := e.v2Call(t, "GetFunction", map[string]string{"functionName": "hello-node"}, v2Options{})
	assert.Equal(t, "InvalidAction", a.CodeDesc, "the legacy API has no GetFunction")
}
