package scf

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/tc3"
)

// decodeSlow is how every GetFunctionLogs answer was read before
// decodeLogsPage: the envelope and then the page by encoding/json. It is
// the reference the fast path must agree with.
func decodeSlow(status int, body []byte, namespace string, loc *time.Location) (LogsPage, error) {
	c := &Client{cfg: Config{Location: loc}}
	var out v3LogsResponse
	if err := c.decodeV3(&tc3.Reply{Status: status, Body: body}, "GetFunctionLogs", &out, errorContext{Namespace: namespace}); err != nil {
		return LogsPage{}, err
	}
	return out.page(namespace, loc)
}

// decodeBoth decodes body both ways and fails t when they disagree: the
// fast path, when it reads a body, gives what encoding/json gives, and the
// client (fast path, else encoding/json) gives the same page or error.
func decodeBoth(t testing.TB, status int, body string) (fast bool) {
	t.Helper()
	loc := time.FixedZone("CST", 8*3600)
	want, wantErr := decodeSlow(status, []byte(body), "ns", loc)
	got, ok := decodeLogsPage(status, []byte(body), "ns", loc)
	if ok {
		require.NoError(t, wantErr, "the fast path read a body encoding/json refuses: %q", body)
		require.Equal(t, want, got, "body %q", body)
	}
	c := &Client{cfg: Config{Location: loc}}
	page, err := c.decodeLogsReply(&tc3.Reply{Status: status, Body: []byte(body)}, "ns", errorContext{Namespace: "ns"})
	if wantErr != nil {
		require.Error(t, err, "body %q", body)
		require.Equal(t, wantErr.Error(), err.Error())
	} else {
		require.NoError(t, err, "body %q", body)
		require.Equal(t, want, page)
	}
	return ok
}

// entry is one Data entry with the given fields in front of the usual ones.
func entry(extra string) string {
	return `{` + extra + `"FunctionName":"f","RetMsg":"","RequestId":"r1","StartTime":"2026-11-20 10:00:00","RetCode":0,` +
		`"InvokeFinished":1,"Duration":1.5,"BillDuration":100,"MemUsage":1024,"Log":"START\nline\n","Level":"","RetryNum":0}`
}

func page(entries ...string) string {
	return `{"Response":{"TotalCount":` + "7" + `,"Data":[` + strings.Join(entries, ",") + `],"RequestId":"q"}}`
}

func TestDecodeLogsPageReadsTheRecordedPage(t *testing.T) {
	body, err := os.ReadFile("testdata/logs-page-00.json")
	require.NoError(t, err)
	assert.True(t, decodeBoth(t, 200, string(body)), "the usual answer takes the fast path")
	p, ok := decodeLogsPage(200, body, "default", time.FixedZone("CST", 8*3600))
	require.True(t, ok)
	assert.Equal(t, 1000, p.Total)
	require.Len(t, p.Invocations, 100)
	inv := p.Invocations[0]
	assert.Equal(t, "bench-00999", inv.RequestID)
	assert.Equal(t, "default", inv.Namespace)
	assert.Equal(t, time.Date(2026, 11, 19, 5, 59, 56, 0, time.UTC), inv.StartTime.UTC())
	assert.Equal(t, 12.0, inv.DurationMs)
	assert.Equal(t, int64(100), inv.BillDurationMs)
	assert.Equal(t, int64(32<<20), inv.MemUsageBytes)
	assert.True(t, inv.InvokeFinished)
	assert.Equal(t, "START RequestId: bench-00999\n2026-11-19T05:59:56.400Z\tbench-00999\tINFO\thandled order 999\n"+
		"END RequestId: bench-00999\nReport RequestId: bench-00999 Duration: 12 ms Memory: 128 MB MaxMemoryUsed: 32 MB\n", inv.Log)
}

// fastBodies are answers the fast path reads itself.
var fastBodies = map[string]string{
	"usual":                       page(entry(""), entry(`"Source":{"a":[1,2,{"b":null}]},`)),
	"empty":                       `{"Response":{"TotalCount":0,"Data":[],"RequestId":"q"}}`,
	"spaces":                      " \n{ \"Response\" :\t{ \"Data\" : [ " + entry("") + " ] , \"TotalCount\" : 3 } } \r\n",
	"escapes":                     page(entry(`"x":"\"",`), `{"StartTime":"2026-11-20 10:00:00","Log":"caf\u00e9 \ud83d\ude00 \ud800 \/ \\ \"q\"\t\b\f\r","RetMsg":"\u0000"}`),
	"raw UTF-8 and invalid bytes": page(`{"StartTime":"2026-11-20 10:00:00","Log":"日本語 ` + "\xff\xfe" + ` end","FunctionName":"é"}`),
	"lenient numbers": page(`{"StartTime":"2026-11-20 10:00:00","RetCode":"433","Duration":" 12.5 ","MemUsage":null,"BillDuration":"",`+
		`"InvokeFinished":"1","Log":""}`, `{"StartTime":"2026-11-20 10:00:00","RetCode":-1,"Duration":1e3,"MemUsage":1.9,"BillDuration":-0}`),
	"null strings":   page(`{"StartTime":"2026-11-20 10:00:00","FunctionName":null,"Log":null}`),
	"padded time":    page(`{"StartTime":" 2026-11-20 10:00:00 "}`),
	"other top keys": `{"x":[1,{"y":"z"}],"Response":{"Data":[],"TotalCount":1},"z":true}`,
}

// slowBodies are answers the fast path leaves to encoding/json, which
// must then give what it always gave (a page or an error).
var slowBodies = map[string]string{
	"error":              `{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"slow down"},"RequestId":"q"}}`,
	"null error":         `{"Response":{"Error":null,"TotalCount":1,"Data":[]}}`,
	"folded key":         page(`{"StartTime":"2026-11-20 10:00:00","requestid":"lower"}`),
	"folded top key":     `{"response":{"Data":[],"TotalCount":1}}`,
	"Kelvin key":         page(`{"StartTime":"2026-11-20 10:00:00","` + "\u212A" + `ey":1}`),
	"escaped key":        page(`{"StartTime":"2026-11-20 10:00:00","Request\u0049d":"x"}`),
	"repeated key":       page(`{"StartTime":"2026-11-20 10:00:00","Log":"a","Log":"b"}`),
	"repeated Response":  `{"Response":{"Data":[]},"Response":{"TotalCount":2}}`,
	"string for string":  page(`{"StartTime":"2026-11-20 10:00:00","Log":5}`),
	"object for number":  page(`{"StartTime":"2026-11-20 10:00:00","Duration":{}}`),
	"bool for number":    page(`{"StartTime":"2026-11-20 10:00:00","Duration":true}`),
	"text for number":    page(`{"StartTime":"2026-11-20 10:00:00","Duration":"fast"}`),
	"infinite number":    page(`{"StartTime":"2026-11-20 10:00:00","Duration":1e999}`),
	"total as string":    `{"Response":{"TotalCount":"3","Data":[]}}`,
	"total as float":     `{"Response":{"TotalCount":3.0,"Data":[]}}`,
	"total null":         `{"Response":{"TotalCount":null,"Data":[]}}`,
	"data null":          `{"Response":{"TotalCount":1,"Data":null}}`,
	"entry null":         page(`null`),
	"bad start time":     page(`{"StartTime":"20-11-2026"}`),
	"no start time":      page(`{"Log":"x"}`),
	"response null":      `{"Response":null}`,
	"no response":        `{"RequestId":"q"}`,
	"trailing data":      `{"Response":{"Data":[]}} x`,
	"cut off":            page(entry(""))[:120],
	"bad escape":         page(`{"StartTime":"2026-11-20 10:00:00","Log":"\x"}`),
	"control character":  page(`{"StartTime":"2026-11-20 10:00:00","Log":"a` + "\n" + `b"}`),
	"leading zero":       page(`{"StartTime":"2026-11-20 10:00:00","Duration":01}`),
	"bad skipped value":  page(`{"StartTime":"2026-11-20 10:00:00","Source":[1,]}`),
	"not JSON":           `<html>bad gateway</html>`,
	"legacy error shape": `{"code":4000,"message":"(100004) bad","codeDesc":"InvalidParameter"}`,
	"empty":              ``,
}

func TestDecodeLogsPageAgreesWithEncodingJSON(t *testing.T) {
	for name, body := range fastBodies {
		t.Run(name, func(t *testing.T) {
			assert.True(t, decodeBoth(t, 200, body), "read by the fast path")
		})
	}
	for name, body := range slowBodies {
		t.Run(name, func(t *testing.T) {
			assert.False(t, decodeBoth(t, 200, body), "left to encoding/json")
		})
	}
	t.Run("status 500", func(t *testing.T) {
		assert.False(t, decodeBoth(t, 500, fastBodies["usual"]), "an answer that is not 200 is the old path's to judge")
	})
}

func TestDecodeLogsPageValues(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	p, ok := decodeLogsPage(200, []byte(fastBodies["escapes"]), "ns", loc)
	require.True(t, ok)
	assert.Equal(t, "café 😀 \ufffd / \\ \"q\"\t\b\f\r", p.Invocations[1].Log)
	assert.Equal(t, "\x00", p.Invocations[1].RetMsg)
	p, ok = decodeLogsPage(200, []byte(fastBodies["lenient numbers"]), "ns", loc)
	require.True(t, ok)
	assert.Equal(t, int64(433), p.Invocations[0].RetCode)
	assert.Equal(t, 12.5, p.Invocations[0].DurationMs)
	assert.True(t, p.Invocations[0].InvokeFinished)
	assert.Equal(t, 1000.0, p.Invocations[1].DurationMs)
	assert.Equal(t, int64(1), p.Invocations[1].MemUsageBytes, "a fraction is cut, as before")
	p, ok = decodeLogsPage(200, []byte(fastBodies["raw UTF-8 and invalid bytes"]), "ns", loc)
	require.True(t, ok)
	assert.Equal(t, "日本語 \ufffd\ufffd end", p.Invocations[0].Log)
}

// FuzzDecodeLogsPage: for any answer, the fast path either leaves it to
// encoding/json or reads exactly what encoding/json reads, and the client
// gives the page or the error it always gave.
func FuzzDecodeLogsPage(f *testing.F) {
	for _, b := range fastBodies {
		f.Add(b)
	}
	for _, b := range slowBodies {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body string) {
		decodeBoth(t, 200, body)
	})
}
