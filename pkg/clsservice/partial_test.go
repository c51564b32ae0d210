package clsservice

import (
	"strconv"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/clsemu"
	"github.com/logbridge/cloudlogs/pkg/service"
)

// More logs inside one millisecond than a CLS cursor chain lists: CLS's
// cursor cap leaves the rest unread, a partial answer with its cause.
func TestCLSCursorCapInsideOneMillisecondIsPartial(t *testing.T) {
	e := startEmulator(t, emulator.Config{CLSLogs: -1})
	const topic = clsemu.DemoAppTopicID
	at := testNow.Add(-30 * time.Minute)
	recs := make([]clsemu.Record, 10_050)
	for i := range recs {
		recs[i] = clsemu.Record{Time: at, Fields: []clsemu.Field{{Key: "n", Value: strconv.Itoa(i)}}}
	}
	require.NoError(t, e.CLS.AddRecords(topic, recs...))
	ds := newDatasource(t, e, map[string]any{"maxRows": 50_000}, "")
	r := run(t, ds, lastHour(), QueryTypeLogs, map[string]any{"topicId": topic, "limit": 20_000})
	f := onlyFrame(t, r)
	assert.Less(t, f.Rows(), 10_050)
	partial := service.PartialOf(r)
	require.Len(t, partial, 1)
	assert.Equal(t, service.PartialCursorCap, partial[0].Cause)
	require.Len(t, f.Meta.Notices, 1)
	assert.Equal(t, data.NoticeSeverityWarning, f.Meta.Notices[0].Severity)
	assert.Contains(t, f.Meta.Notices[0].Text, "its 10,000-log cursor cap inside one millisecond")
}

// The query's own limit is not partial: the answer is the first N asked for.
func TestCLSLimitReachedIsNotPartial(t *testing.T) {
	e := startEmulator(t, emulator.Config{})
	ds := newDatasource(t, e, nil, "")
	r := run(t, ds, lastHour(), QueryTypeLogs, map[string]any{"topicId": clsemu.DemoAppTopicID, "limit": 5})
	f := onlyFrame(t, r)
	assert.Equal(t, 5, f.Rows())
	assert.Empty(t, service.PartialOf(r))
	require.Len(t, f.Meta.Notices, 1)
	assert.Equal(t, data.NoticeSeverityInfo, f.Meta.Notices[0].Severity)
}
