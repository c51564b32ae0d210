package cls

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBTimeIsMillisecondsInUTC8(t *testing.T) {
	ts := time.Date(2026, 11, 20, 4, 5, 6, 789_000_000, time.UTC)
	assert.Equal(t, "2026-11-20 12:05:06.789", FormatBTime(ts))
	// The same instant in any zone formats the same; a day boundary moves.
	ny := time.FixedZone("EST", -5*3600)
	assert.Equal(t, "2026-11-21 07:30:00.000", FormatBTime(time.Date(2026, 11, 20, 18, 30, 0, 0, ny)))
	assert.Equal(t, "2026-11-20 08:00:00.001", FormatBTime(time.UnixMilli(1795132800001)))
}

func TestContextAsksAroundOneLogAndAnswersInLogOrder(t *testing.T) {
	f := newFakeCLS(t)
	f.add("tp", 40, func(i int) int64 { return at(int64(i) * 7) })
	c := f.client(nil)
	search, err := c.Search(context.Background(), SearchRequest{TopicIDs: []string{"tp"}, From: t0, To: t0.Add(time.Hour), Limit: 40})
	require.NoError(t, err)
	target := search.Logs[20] // log 19
	id, err := PkgLogIDNumber(target.PkgLogID)
	require.NoError(t, err)

	res, err := c.Context(context.Background(), ContextRequest{TopicID: "tp", Time: target.Time, PkgID: target.PkgID, PkgLogID: id, Prev: 3, Next: 2})
	require.NoError(t, err)
	assert.Equal(t, []string{"line tp-16", "line tp-17", "line tp-18", "line tp-19", "line tp-20", "line tp-21"}, messages(res.Logs))
	assert.False(t, res.PrevOver)
	body := f.actions("DescribeLogContext")[0].body
	assert.Equal(t, FormatBTime(target.Time), body["BTime"])
	assert.Equal(t, "19", fmt.Sprint(body["PkgLogId"]), "a number, not a string")
	assert.Equal(t, "3", fmt.Sprint(body["PrevLogs"]))
	assert.Contains(t, res.Request, `DescribeLogContext {"TopicId":"tp","BTime":"`)
	assert.Equal(t, "tp", res.Logs[0].TopicID)
	assert.Equal(t, at(16*7), res.Logs[0].Time.UnixMilli())

	_, err = c.Context(context.Background(), ContextRequest{TopicID: "tp", Time: target.Time, PkgID: target.PkgID, PkgLogID: id})
	require.NoError(t, err)
	body = f.actions("DescribeLogContext")[1].body
	assert.Equal(t, "10", fmt.Sprint(body["PrevLogs"]), "CLS's default, sent")
	assert.Equal(t, "10", fmt.Sprint(body["NextLogs"]))
}

func TestContextRefusesIncompleteRequests(t *testing.T) {
	c := New(Config{})
	for _, r := range []ContextRequest{
		{TopicID: "", Time: t0, PkgID: "P"},
		{TopicID: "tp", PkgID: "P"},
		{TopicID: "tp", Time: t0},
		{TopicID: "tp", Time: t0, PkgID: "P", Prev: -1},
		{TopicID: "tp", Time: t0, PkgID: "P", Query: "a | select 1"},
	} {
		_, err := c.Context(context.Background(), r)
		assert.True(t, errors.Is(err, ErrInvalidRequest), "%+v", r)
	}
	_, err := PkgLogIDNumber("x")
	assert.ErrorIs(t, err, ErrInvalidRequest)
}
