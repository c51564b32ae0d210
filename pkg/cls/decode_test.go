package cls

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/tc3"
)

// decodeBoth decodes a SearchLog answer both ways and fails t when they
// disagree: when the fast path reads a body, encoding/json (tc3's Decode,
// the reference) reads the same from it.
func decodeBoth(t testing.TB, status int, body string) (fast bool) {
	t.Helper()
	var want searchLogResponse
	wantErr := (&tc3.Reply{Status: status, Body: []byte(body)}).Decode(&want)
	got, ok := decodeSearchPage(status, []byte(body))
	if ok {
		require.NoError(t, wantErr, "the fast path read a body encoding/json refuses: %q", body)
		require.Equal(t, want, got, "body %q", body)
	}
	return ok
}

// result is one Results entry with the given members in front of the usual.
func result(extra string) string {
	return `{` + extra + `"Time":1795175996400,"TopicId":"t1","TopicName":"nginx","Source":"10.0.1.11","FileName":"/f","PkgId":"P-0",` +
		`"PkgLogId":"999","HighLights":[],"LogJson":"{\"a\":\"b\",\"n\":1}","HostName":"web-1","RawLog":"","IndexStatus":""}`
}

func answer(results ...string) string {
	return `{"Response":{"Context":"ctx","ListOver":false,"Analysis":false,"ColNames":[],"Results":[` + strings.Join(results, ",") +
		`],"AnalysisResults":[],"AnalysisRecords":[],"Columns":[],"SamplingRate":1,"RequestId":"q"}}`
}

func TestDecodeSearchPageReadsTheRecordedPage(t *testing.T) {
	body, err := os.ReadFile("testdata/search-page-1000.json")
	require.NoError(t, err)
	require.True(t, decodeBoth(t, 200, string(body)), "the usual answer takes the fast path")
	out, _ := decodeSearchPage(200, body)
	require.Len(t, out.Results, 1000)
	assert.True(t, out.ListOver)
	li := out.Results[0]
	assert.Equal(t, int64(1795175996400), li.Time)
	assert.Equal(t, idText("999"), li.PkgLogID)
	assert.Equal(t, "web-1", li.HostName)
	assert.True(t, strings.HasPrefix(li.LogJSON, `{"remote_addr":"42.5.7.41","method":"PUT"`), li.LogJSON)
}

// fastAnswers are answers the fast path reads itself.
var fastAnswers = map[string]string{
	"usual":          answer(result(""), result(`"Extra":{"x":[1,{"y":null}]},`)),
	"empty":          answer(),
	"nulls":          `{"Response":{"Context":null,"ListOver":null,"Results":null,"AnalysisRecords":null,"Columns":null,"Topics":null,"RequestId":"q"}}`,
	"number ids":     answer(`{"Time":1,"PkgLogId":65536,"LogJson":"{}"}`, `{"Time":null,"PkgLogId":-1.5e3}`, `{"PkgLogId":null}`),
	"escapes":        answer(`{"LogJson":"{\"k\":\"caf\u00e9 \ud83d\ude00 \ud800\"}","PkgId":"\"q\"\n","Source":"` + "\xff" + `"}`),
	"spaces":         " { \"Response\" : { \"Results\" : [ " + result("") + " ] , \"ListOver\" : true } } \n",
	"other top keys": `{"x":1,"Response":{"Results":[]},"y":[null]}`,
}

// slowAnswers are answers the fast path leaves to encoding/json.
var slowAnswers = map[string]string{
	"error":             `{"Response":{"Error":{"Code":"LimitExceeded.LogSearch","Message":"busy"},"RequestId":"q"}}`,
	"analysis records":  `{"Response":{"Analysis":true,"AnalysisRecords":["{\"c\":\"1\"}"],"Columns":[{"Name":"c","Type":"long"}]}}`,
	"columns":           `{"Response":{"Columns":[{"Name":"c"}]}}`,
	"topics":            `{"Response":{"Results":[],"Topics":{"Infos":[{"TopicId":"t1","Context":"c1"}],"Errors":[]}}}`,
	"folded key":        answer(`{"time":5}`),
	"folded result key": answer(`{"logjson":"{}"}`),
	"escaped key":       answer(`{"Pkg\u0049d":"x"}`),
	"repeated key":      answer(`{"Time":1,"Time":2}`),
	"string time":       answer(`{"Time":"1"}`),
	"float time":        answer(`{"Time":1.5}`),
	"huge time":         answer(`{"Time":99999999999999999999}`),
	"bool id":           answer(`{"PkgLogId":true}`),
	"object id":         answer(`{"PkgLogId":{}}`),
	"number string":     answer(`{"TopicId":5}`),
	"string bool":       `{"Response":{"ListOver":"true"}}`,
	"result null":       answer(`null`),
	"results object":    `{"Response":{"Results":{}}}`,
	"response null":     `{"Response":null}`,
	"no response":       `{"RequestId":"q"}`,
	"trailing data":     answer() + "x",
	"cut off":           answer(result(""))[:200],
	"not JSON":          `<html>502</html>`,
	"empty":             ``,
}

func TestDecodeSearchPageAgreesWithEncodingJSON(t *testing.T) {
	for name, body := range fastAnswers {
		t.Run(name, func(t *testing.T) {
			assert.True(t, decodeBoth(t, 200, body), "read by the fast path")
		})
	}
	for name, body := range slowAnswers {
		t.Run(name, func(t *testing.T) {
			assert.False(t, decodeBoth(t, 200, body), "left to encoding/json")
		})
	}
	t.Run("status 500", func(t *testing.T) {
		assert.False(t, decodeBoth(t, 500, fastAnswers["usual"]))
	})
}

func TestDecodeSearchPageValues(t *testing.T) {
	out, ok := decodeSearchPage(200, []byte(fastAnswers["number ids"]))
	require.True(t, ok)
	assert.Equal(t, []idText{"65536", "-1.5e3", ""}, []idText{out.Results[0].PkgLogID, out.Results[1].PkgLogID, out.Results[2].PkgLogID})
	out, ok = decodeSearchPage(200, []byte(fastAnswers["escapes"]))
	require.True(t, ok)
	assert.Equal(t, `{"k":"café 😀 `+"\ufffd"+`"}`, out.Results[0].LogJSON)
	assert.Equal(t, "\"q\"\n", out.Results[0].PkgID)
	assert.Equal(t, "\ufffd", out.Results[0].Source)
}

// The logs of a page share the arrays of their Fields, each log's capped,
// and their flattened tag names.
func TestToLogFromSharesMemory(t *testing.T) {
	var m logMemory
	a := (&logInfo{LogJSON: `{"a":"1","__TAG__":{"pod":"p1"}}`}).toLogFrom(&m)
	b := (&logInfo{LogJSON: `{"c":"3","__TAG__":{"pod":"p2"}}`}).toLogFrom(&m)
	bad := (&logInfo{LogJSON: `{"d":`}).toLogFrom(&m)
	assert.Equal(t, []Field{{"a", "1"}, {"__TAG__.pod", "p1"}}, a.Fields)
	assert.Equal(t, []Field{{"c", "3"}, {"__TAG__.pod", "p2"}}, b.Fields)
	assert.Equal(t, `{"d":`, bad.RawLog)
	assert.Equal(t, 4, len(m.fields), "a log that does not parse takes no room")
	assert.Equal(t, len(a.Fields), cap(a.Fields))
	assert.Same(t, &m.fields[2], &b.Fields[0])
	assert.Equal(t, map[string]string{"pod": "__TAG__.pod"}, m.tagNames)
}

// FuzzDecodeSearchPage: for any answer, the fast path either leaves it to
// encoding/json or reads exactly what encoding/json reads.
func FuzzDecodeSearchPage(f *testing.F) {
	for _, b := range fastAnswers {
		f.Add(b)
	}
	for _, b := range slowAnswers {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body string) {
		decodeBoth(t, 200, body)
	})
}
