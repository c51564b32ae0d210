package slsservice

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/sls"
)

func log(kv ...string) sls.Log {
	var l sls.Log
	for i := 0; i+1 < len(kv); i += 2 {
		l = append(l, sls.Field{Key: kv[i], Value: kv[i+1]})
	}
	return l
}

func TestSLSLogRowUsesContentAndLabels(t *testing.T) {
	row := LogRowOf(log(
		"__time__", "1700000000", "__time_ns_part__", "123456789",
		"__source__", "10.0.0.1", "__topic__", "web",
		"__tag__:__pack_id__", "PACK-1", "__tag__:__pack_meta__", "0|MTY=|3|2",
		"level", "WARN", "host", "a", "content", "disk almost full",
	))
	assert.Equal(t, time.Unix(1700000000, 123456789).UTC(), row.Time)
	assert.Equal(t, "disk almost full", row.Body)
	assert.Equal(t, frames.SeverityWarning, row.Severity)
	assert.Equal(t, map[string]string{
		"__source__": "10.0.0.1", "__topic__": "web", "__pack_id__": "PACK-1", "__pack_meta__": "0|MTY=|3|2",
		"level": "WARN", "host": "a",
	}, row.Labels)
	assert.Len(t, row.ID, 20)
}

func TestSLSLogRowBodyFromSortedPairs(t *testing.T) {
	row := LogRowOf(log("__time__", "5", "__source__", "s", "status", "500", "method", "GET", "msg", "ERROR boom"))
	assert.Equal(t, "method=GET msg=ERROR boom status=500", row.Body)
	assert.Equal(t, frames.SeverityError, row.Severity, "detected from the text")
	assert.Equal(t, time.Unix(5, 0).UTC(), row.Time)
}

func TestSLSLogRowMessageField(t *testing.T) {
	row := LogRowOf(log("__time__", "5", "message", "level=debug started", "x", "1"))
	assert.Equal(t, "level=debug started", row.Body)
	assert.Equal(t, frames.SeverityDebug, row.Severity)
	assert.Equal(t, map[string]string{"x": "1"}, row.Labels)
}

func TestSLSLogsFrameIDsAreUniqueAndStable(t *testing.T) {
	a := log("__time__", "1", "content", "same")
	b := log("__time__", "1", "content", "same")
	c := log("__time__", "1", "content", "other")
	f := NewLogsFrame("x", []sls.Log{a, b, c})
	ids := f.Fields[3]
	require.Equal(t, 3, ids.Len())
	id0, id1, id2 := ids.At(0).(string), ids.At(1).(string), ids.At(2).(string)
	assert.Equal(t, id0+"_1", id1)
	assert.NotEqual(t, id0, id2)
	again := NewLogsFrame("x", []sls.Log{a, b, c})
	assert.Equal(t, id0, again.Fields[3].At(0))

	var labels map[string]string
	require.NoError(t, json.Unmarshal(f.Fields[4].At(0).(json.RawMessage), &labels))
	assert.Equal(t, map[string]string{}, labels)
}

func TestSLSLogIDSameInGetLogsAndContext(t *testing.T) {
	fromGetLogs := log("__time__", "9", "__source__", "s", "__topic__", "t", "__tag__:__pack_id__", "P-1", "__pack_meta__", "0|MQ==|10|3", "content", "x")
	fromContext := append(append(sls.Log{}, fromGetLogs...), sls.Field{Key: "__index_number__", Value: "-2"})
	a, b := LogRowOf(fromGetLogs), LogRowOf(fromContext)
	assert.Equal(t, a.ID, b.ID)
	assert.Equal(t, a.Labels, b.Labels, "__index_number__ is not a label")
	assert.Equal(t, "0|MQ==|10|3", a.Labels[LabelPackMeta])
	assert.Equal(t, "P-1", a.Labels[LabelPackID])
	other := LogRowOf(log("__time__", "9", "__source__", "s2", "__topic__", "t", "__tag__:__pack_id__", "P-1", "__pack_meta__", "0|MQ==|10|3", "content", "x"))
	assert.NotEqual(t, a.ID, other.ID, "the source is part of the identity")
}
