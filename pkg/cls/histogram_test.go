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

func TestHistogramIntervalIsWholeMillisecondsAndAtMost200Buckets(t *testing.T) {
	hour := int64(time.Hour / time.Millisecond)
	assert.Equal(t, int64(18000), HistogramInterval(hour, 0), "an hour in 200 buckets")
	assert.Equal(t, int64(60000), HistogramInterval(hour, time.Minute), "a wider wish is kept")
	assert.Equal(t, int64(18000), HistogramInterval(hour, time.Second), "a narrower one is widened")
	assert.Equal(t, int64(2), HistogramInterval(10, 1500*time.Microsecond), "rounded up to whole ms")
	assert.Equal(t, int64(1), HistogramInterval(1, 0))
	assert.Equal(t, int64(6), HistogramInterval(1001, 0), "1001/200 rounds up")
}

func TestHistogramSendsAnExplicitSyntaxAndSortsBuckets(t *testing.T) {
	f := newFakeCLS(t)
	f.add("tp", 600, func(i int) int64 { return at(int64(i) * 6000) }) // one a 6 s, for an hour
	res, err := f.client(nil).Histogram(context.Background(), HistogramRequest{TopicID: "tp", From: t0, To: t0.Add(time.Hour), Query: "*", Syntax: SyntaxCQL, Interval: time.Minute})
	require.NoError(t, err)
	assert.Equal(t, time.Minute, res.Interval)
	require.Len(t, res.Buckets, 60)
	for i, b := range res.Buckets {
		assert.Equal(t, t0.Add(time.Duration(i)*time.Minute), b.Start)
		assert.Equal(t, int64(10), b.Count)
	}
	body := f.actions("DescribeLogHistogram")[0].body
	assert.Equal(t, "1", fmt.Sprint(body["SyntaxRule"]), "DescribeLogHistogram defaults to Lucene: CQL is sent")
	assert.Equal(t, "60000", fmt.Sprint(body["Interval"]))
	assert.Contains(t, res.Request, "DescribeLogHistogram {")
}

func TestHistogramRefusesSQLAndEmptyRanges(t *testing.T) {
	c := New(Config{})
	_, err := c.Histogram(context.Background(), HistogramRequest{TopicID: "tp", From: t0, To: t0.Add(time.Hour), Query: "* | select count(*)"})
	assert.True(t, errors.Is(err, ErrInvalidRequest))
	_, err = c.Histogram(context.Background(), HistogramRequest{TopicID: "tp", From: t0, To: t0})
	assert.True(t, errors.Is(err, ErrInvalidRequest))
}

func TestPiecesCoverTheRangeContiguously(t *testing.T) {
	counts := map[int64]int64{90: 5, 100: 7, 130: 3, 200: 9}
	pieces := piecesFrom(counts, 95, 190, false)
	assert.Equal(t, []piece{{95, 100, 5}, {100, 130, 7}, {130, 190, 3}}, pieces, "the first bucket starts before from; one at or after to is dropped")
	assert.Equal(t, []piece{{130, 190, 3}, {100, 130, 7}, {95, 100, 5}}, piecesFrom(counts, 95, 190, true))
	assert.Equal(t, []piece{{0, 50, 0}}, piecesFrom(map[int64]int64{}, 0, 50, true))
	assert.Equal(t, []piece{{100, 130, 14}, {130, 150, 3}}, piecesFrom(map[int64]int64{10: 2, 50: 5, 100: 7, 130: 3}, 100, 150, false), "buckets ending before from count in the first piece")

	groups := groupPieces([]piece{{0, 10, 4000}, {10, 20, 5000}, {20, 30, 1000}, {30, 40, 12000}, {40, 50, 1}}, ContextCap)
	assert.Equal(t, []piece{{0, 20, 9000}, {20, 30, 1000}, {30, 40, 12000}, {40, 50, 1}}, groups)
}
