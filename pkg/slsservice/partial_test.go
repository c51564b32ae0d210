package slsservice

import (
	"fmt"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
	"github.com/logbridge/cloudlogs/pkg/service"
)

// causes lists the partial causes an answer carries on its frames.
func causes(t *testing.T, f *data.Frame) []service.PartialCause {
	t.Helper()
	custom, ok := f.Meta.Custom.(*service.FrameCustom)
	if !ok {
		return nil
	}
	var out []service.PartialCause
	for _, p := range custom.Partial {
		out = append(out, p.Cause)
	}
	return out
}

// SLS answering Incomplete until the query's time runs out is the progress
// cause, and the notice says so.
func TestSLSPartialByProgressNamesIncomplete(t *testing.T) {
	e := startSLSEmulator(t)
	queries := map[string]map[string]any{
		QueryTypeLogs:      {"logstore": "app-log", "limit": 10},
		QueryTypeSQL:       {"logstore": "app-log", "query": "* | select count(*) as c"},
		QueryTypeHistogram: {"logstore": "app-log"},
	}
	// Once whole first: the emulator's first SQL call loads the logstore,
	// which on a loaded machine could alone outlast the query's time.
	for qt, model := range queries {
		require.NoError(t, runSLS(t, newSLSDatasource(t, e, nil), slsRange(), qt, model).Error, qt)
	}
	ds := newSLSDatasource(t, e, map[string]any{"timeoutSeconds": 2})
	e.Knobs.Set(knobs.Settings{IncompleteRounds: 1_000_000})
	for qt, model := range queries {
		start := time.Now()
		r := runSLS(t, ds, slsRange(), qt, model)
		require.NoError(t, r.Error, "%s after %s", qt, time.Since(start))
		f := onlyFrame(t, r)
		assert.Equal(t, []service.PartialCause{service.PartialProgress}, causes(t, f), qt)
		require.Len(t, f.Meta.Notices, 1, qt)
		assert.Equal(t, data.NoticeSeverityWarning, f.Meta.Notices[0].Severity)
		assert.Contains(t, f.Meta.Notices[0].Text, "SLS still answered Incomplete", qt)
		assert.NotContains(t, f.Meta.Notices[0].Text, "before every page", qt)
	}
}

// Pages that answer Complete but too slowly for the query's time are the
// deadline cause: the notice must not blame SLS's Incomplete.
func TestSLSPartialBySlowPagesNamesTheDeadline(t *testing.T) {
	e := startSLSEmulator(t)
	appendNumbered(t, e.SLS, "paging", 1000)
	ds := newSLSDatasource(t, e, map[string]any{"timeoutSeconds": 2, "concurrency": 1})
	// One request at a time, 400 ms each: the count and the first pages
	// answer within the query's 2 s (with room for a loaded machine), the
	// rest do not.
	e.Knobs.Set(knobs.Settings{Latency: 400 * time.Millisecond})
	f := onlyFrame(t, runSLS(t, ds, slsRange(), QueryTypeLogs, map[string]any{"logstore": "paging", "limit": 1000}))
	assert.Equal(t, []service.PartialCause{service.PartialDeadline}, causes(t, f))
	rows := f.Rows()
	assert.True(t, rows > 0 && rows < 1000 && rows%100 == 0, "whole pages before the first missing one: %d", rows)
	require.Len(t, f.Meta.Notices, 1)
	text := f.Meta.Notices[0].Text
	assert.Contains(t, text, "the query's time (2s) ran out before every page of lines answered (SLS was slow, not Incomplete)")
	assert.Contains(t, text, fmt.Sprintf("showing the %d lines of the first %d pages", rows, rows/100))
	assert.NotContains(t, text, "still answered Incomplete")
	assert.NotContains(t, text, "the query's limit", "the row cap was not reached")
}

// Reaching the query's own limit is what was asked for: not partial.
func TestSLSLimitReachedIsNotPartial(t *testing.T) {
	e := startSLSEmulator(t)
	ds := newSLSDatasource(t, e, nil)
	f := onlyFrame(t, runSLS(t, ds, slsRange(), QueryTypeLogs, map[string]any{"logstore": "app-log", "limit": 5}))
	assert.Nil(t, f.Meta.Custom)
	assert.Empty(t, service.PartialOf(runSLS(t, ds, slsRange(), QueryTypeLogs, map[string]any{"logstore": "app-log", "limit": 5})))
	require.Len(t, f.Meta.Notices, 1)
	assert.Equal(t, data.NoticeSeverityInfo, f.Meta.Notices[0].Severity)
}
