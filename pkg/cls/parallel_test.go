package cls

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/clsemu"
)

// Parts read at once give exactly what one chain gives (TopicConcurrency
// 1 reads the range as one span): the same logs in the same order, none
// repeated or lost at the parts' seams, the same completeness, against
// the CLS emulator over HTTP. Several logs share each millisecond, so the
// seams fall inside runs of equal times too.
func TestSearchPartsInParallel(t *testing.T) {
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	e, err := emulator.Start(emulator.Config{SLSLogs: 10, SCFInvocations: 10, CLSLogs: -1, Days: 1, SCFRequestsPerSecond: -1,
		Now: func() time.Time { return now }})
	require.NoError(t, err)
	t.Cleanup(e.Close)
	from := now.Add(-time.Hour)
	const lines = 10_000
	recs := make([]clsemu.Record, lines)
	for i := range recs {
		recs[i] = clsemu.Record{Time: from.Add(time.Duration(i/3) * time.Hour / (lines/3 + 1)).Truncate(time.Millisecond),
			Fields: []clsemu.Field{{Key: "n", Value: fmt.Sprint(i)}}}
	}
	require.NoError(t, e.CLS.AddRecords(clsemu.DemoAppTopicID, recs...))
	u, err := url.Parse(e.CLSURL)
	require.NoError(t, err)
	client := func(concurrency int) *Client {
		return New(Config{Endpoint: u, Region: "ap-guangzhou", SecretID: emulator.DemoKeyID, SecretKey: emulator.DemoKeySecret, TopicConcurrency: concurrency})
	}
	for _, sort := range []string{"asc", "desc"} {
		for _, limit := range []int{lines, lines + 500, 4500, 1001} {
			t.Run(fmt.Sprintf("%s, limit %d", sort, limit), func(t *testing.T) {
				r := SearchRequest{TopicIDs: []string{clsemu.DemoAppTopicID}, From: from, To: now, Sort: sort, Limit: limit}
				one, err := client(1).Search(context.Background(), r)
				require.NoError(t, err)
				parts, err := client(5).Search(context.Background(), r)
				require.NoError(t, err)
				require.Equal(t, min(limit, lines), len(one.Logs), "one chain")
				require.Equal(t, len(one.Logs), len(parts.Logs), "parts")
				for i := range one.Logs {
					a, _ := one.Logs[i].Get("n")
					b, _ := parts.Logs[i].Get("n")
					require.Equal(t, a, b, "log %d", i)
					require.True(t, one.Logs[i].Time.Equal(parts.Logs[i].Time), "log %d", i)
				}
				assert.Equal(t, one.Complete, parts.Complete)
				assert.Equal(t, limit >= lines, parts.Complete)
				assert.Positive(t, parts.HistogramCalls, "the parts are planned from the histogram")
				assert.LessOrEqual(t, parts.Calls, (min(limit, lines)+MaxLimit-1)/MaxLimit+1, "about one SearchLog per page")
			})
		}
	}
}
