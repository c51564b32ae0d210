package clsservice

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/cls"
	"github.com/logbridge/cloudlogs/pkg/frames/framestest"
)

// sameFrame fails t unless NewLogsFrame and the reference build the same
// frame, to the byte: the JSON Grafana reads and the Arrow it is sent in.
func sameFrame(t testing.TB, logs []cls.Log) *data.Frame {
	t.Helper()
	got := NewLogsFrame("topic", logs)
	framestest.RequireSame(t, refLogsFrame("topic", logs), got)
	return got
}

var logTime = time.Date(2026, 11, 20, 8, 0, 0, 123_000_000, time.FixedZone("CST", 8*3600))

func fields(kv ...string) []cls.Field {
	var out []cls.Field
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, cls.Field{Key: kv[i], Value: kv[i+1]})
	}
	return out
}

// trickyLogs have what the columns must write as LogRowOf did: a body key
// given twice, a label key repeated or also a metadata name, keys whose
// pairs sort otherwise than the keys do, escapes, a raw log, no fields.
var trickyLogs = []cls.Log{
	{Time: logTime, TopicID: "t1", TopicName: "nginx", PkgID: "P", PkgLogID: "1", Source: "10.0.0.1", HostName: "web-1",
		Fields: fields("method", "GET", "status", "500", "uri", "/a", "level", "warn")},
	{Time: logTime, TopicID: "t1", PkgID: "P", PkgLogID: "2",
		Fields: fields("content", "first", "SCF_Level", "ERROR", "content", "second", "msg", "a msg", "k", "1", "k", "2", "__source__", "field")},
	{Time: logTime, TopicID: "t1", PkgID: "P", PkgLogID: "3", Source: "meta",
		Fields: fields("a", "x", "a_b", "y", "a", "", "ab", "z", "", "empty key", "a=", "b", "__source__", "overridden")},
	{Time: logTime, TopicID: `t"<&>`, PkgID: "P\n", PkgLogID: "4", Fields: fields("k\u2028", "v\x01\xff", "日本", "語")},
	{Time: logTime, RawLog: "a raw line with ERROR in it", PkgID: "P", PkgLogID: "5"},
	{Time: logTime, RawLog: "raw", Fields: fields("x", "1")},
	{Time: logTime},
	{Time: logTime, Fields: fields("log", "Traceback (most recent call last):", "log", "")},
}

func TestLogsFrameColumnsMatchRows(t *testing.T) {
	f := sameFrame(t, trickyLogs)
	require.Equal(t, 8, f.Rows())
	assert.Equal(t, "__source__=overridden a= a==b a=x a_b=y ab=z", f.Fields[1].At(2), "pairs sort as key=value strings; the empty key is dropped, as ever")
	assert.Equal(t, "second", f.Fields[1].At(1), "the body key's last value")
	assert.Equal(t, "P/2", f.Fields[3].At(1))
	assert.Equal(t, json.RawMessage(`{"SCF_Level":"ERROR","__pkg_id__":"P","__pkg_log_id__":"2","__source__":"field","__topic_id__":"t1","k":"2","msg":"a msg"}`),
		f.Fields[4].At(1))
	sameFrame(t, nil)
}

func TestComparePairsIsTheConcatenationsOrder(t *testing.T) {
	keys := []string{"", "a", "a=", "a_b", "ab", "=", "b", "a=b", "日本"}
	for _, k1 := range keys {
		for _, v1 := range keys {
			for _, k2 := range keys {
				for _, v2 := range keys {
					want := strings.Compare(k1+"="+v1, k2+"="+v2)
					require.Equal(t, want, comparePairs(cls.Field{Key: k1, Value: v1}, cls.Field{Key: k2, Value: v2}), "%q=%q vs %q=%q", k1, v1, k2, v2)
				}
			}
		}
	}
	pairs := []string{"b=1", "a_b=2", "a=3", "ab=4"}
	sort.Strings(pairs)
	assert.Equal(t, []string{"a=3", "a_b=2", "ab=4", "b=1"}, pairs)
}

// FuzzLogsFrame: whatever a log's fields hold, the frame's columns are
// what LogRowOf and its labels map made.
func FuzzLogsFrame(f *testing.F) {
	f.Add("msg", "hello", "level", "info", "raw", int64(1))
	f.Add("a", "x", "a_b", "y", "", int64(0))
	f.Add("__source__", "f", "k", "\xff<", "r", int64(-5))
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2, raw string, ms int64) {
		l := cls.Log{Time: time.UnixMilli(ms), TopicID: k1, PkgID: v1, PkgLogID: k2, Source: v2,
			Fields: fields(k1, v1, k2, v2, k1, v2)}
		noFields := cls.Log{Time: time.UnixMilli(ms), RawLog: raw, Fields: fields(k2, v1)}
		sameFrame(t, []cls.Log{l, trickyLogs[0], noFields, l})
	})
}
