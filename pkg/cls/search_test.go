package cls

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// t0 is the start of the fake's data; logs are placed at t0 + ms.
var t0 = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

func at(ms int64) int64 { return t0.UnixMilli() + ms }

// messages is the SCF_Message of each log, in result order.
func messages(logs []Log) []string {
	out := make([]string, len(logs))
	for i, l := range logs {
		out[i], _ = l.Get("SCF_Message")
	}
	return out
}

// assertOrderedUnique checks the order by time and that no log repeats.
func assertOrderedUnique(t *testing.T, logs []Log, desc bool) {
	t.Helper()
	seen := map[string]bool{}
	for i, l := range logs {
		m, _ := l.Get("SCF_Message")
		require.False(t, seen[m], "log %q repeated at %d", m, i)
		seen[m] = true
		if i > 0 {
			prev := logs[i-1].Time
			if desc {
				require.False(t, l.Time.After(prev), "desc order broken at %d", i)
			} else {
				require.False(t, l.Time.Before(prev), "asc order broken at %d", i)
			}
		}
	}
}

func TestSearchPagesWithContextKeepingEveryOtherParameter(t *testing.T) {
	f := newFakeCLS(t)
	f.add("tp", 2500, func(i int) int64 { return at(int64(i) * 10) })
	// One slot per topic: the range is one chain (parts read at once are
	// TestSearchPartsInParallel's).
	c := f.client(func(c *Config) { c.TopicConcurrency = 1 })
	res, err := c.Search(context.Background(), SearchRequest{TopicIDs: []string{"tp"}, From: t0, To: t0.Add(time.Hour), Query: "", Syntax: SyntaxCQL, Limit: 2400})
	require.NoError(t, err)
	require.Len(t, res.Logs, 2400)
	assert.False(t, res.Complete, "100 more logs match")
	assert.Equal(t, 3, res.Calls)
	assertOrderedUnique(t, res.Logs, true)
	assert.Equal(t, "line tp-2499", messages(res.Logs)[0], "newest first by default")

	calls := f.actions("SearchLog")
	require.Len(t, calls, 3)
	first := calls[0].body
	assert.Equal(t, "tp", first["TopicId"])
	assert.Equal(t, "*", first["Query"], "an empty query is every log")
	assert.Equal(t, "1", fmt.Sprint(first["SyntaxRule"]), "the syntax is always explicit")
	assert.Equal(t, "desc", first["Sort"])
	assert.Equal(t, "1000", fmt.Sprint(first["Limit"]))
	assert.Equal(t, true, first["UseNewAnalysis"])
	assert.Equal(t, fmt.Sprint(t0.UnixMilli()), fmt.Sprint(first["From"]))
	assert.NotContains(t, first, "Context")
	for _, call := range calls[1:] {
		assert.NotEmpty(t, call.body["Context"])
		assert.Equal(t, paramsWithoutContext(first), paramsWithoutContext(call.body), "only Context changes while paging")
	}
	assert.Contains(t, res.Request, `SearchLog {"TopicId":"tp",`)
	assert.NotContains(t, res.Request, testID)
	assert.NotContains(t, res.Request, testSecret)

	all, err := c.Search(context.Background(), SearchRequest{TopicIDs: []string{"tp"}, From: t0, To: t0.Add(time.Hour), Syntax: SyntaxLucene, Limit: 5000})
	require.NoError(t, err)
	assert.Len(t, all.Logs, 2500)
	assert.True(t, all.Complete, "ListOver")
	assert.Equal(t, "0", fmt.Sprint(f.actions("SearchLog")[3].body["SyntaxRule"]), "Lucene is sent as 0, never left to the default")
}

func TestSearchAscending(t *testing.T) {
	f := newFakeCLS(t)
	f.add("tp", 300, func(i int) int64 { return at(int64(i)) })
	res, err := f.client(nil).Search(context.Background(), SearchRequest{TopicIDs: []string{"tp"}, From: t0, To: t0.Add(time.Minute), Sort: "asc", Limit: 120})
	require.NoError(t, err)
	require.Len(t, res.Logs, 120)
	assert.Equal(t, "line tp-0", messages(res.Logs)[0])
	assertOrderedUnique(t, res.Logs, false)
	assert.Equal(t, "120", fmt.Sprint(f.actions("SearchLog")[0].body["Limit"]), "Limit is what is still wanted, up to 1000")
}

// bursty puts 3.7 cursor caps of logs into an hour (37,000 at CLS's cap):
// 1.2 caps spread out, 1.3 within one second and 1.2 more spread out.
// Either way round, the first chain stops in the first 1.2 caps, and the
// histogram bucket holding the burst holds more than the cap, so it is
// split again.
func bursty(f *fakeCLS) (total int) {
	spread, burst := f.contextCap*12/10, f.contextCap*13/10
	step := int64(1_200_000 / spread)
	f.add("tp", spread, func(i int) int64 { return at(int64(i) * step) })
	f.add("tp", burst, func(i int) int64 { return at(1_800_000 + int64(i%997)) })
	f.add("tp", spread, func(i int) int64 { return at(2_000_000 + int64(i)*step) })
	return 2*spread + burst
}

// smallCap makes a fake (and its clients) stop cursor chains at 1,000
// logs, so the split is exercised on a tenth of the data.
func smallCap(t *testing.T) *fakeCLS {
	f := newFakeCLS(t)
	f.contextCap = 1000
	return f
}

func TestSearchPastTheCursorCapSplitsTheRangeByHistogram(t *testing.T) {
	t.Parallel()
	// desc at CLS's real cap of 10,000; asc at a cap of 1,000 (same code,
	// a tenth of the data).
	for sort, chainCap := range map[string]int{"desc": ContextCap, "asc": 1000} {
		t.Run(sort, func(t *testing.T) {
			t.Parallel()
			f := newFakeCLS(t)
			f.contextCap = chainCap
			total := bursty(f)
			require.Equal(t, chainCap*37/10, total)
			res, err := f.client(nil).Search(context.Background(), SearchRequest{TopicIDs: []string{"tp"}, From: t0, To: t0.Add(time.Hour), Sort: sort, Syntax: SyntaxCQL, Limit: 40000})
			require.NoError(t, err)
			assert.Len(t, res.Logs, total, "every log once")
			assert.True(t, res.Complete)
			assertOrderedUnique(t, res.Logs, sort == "desc")
			hist := f.actions("DescribeLogHistogram")
			assert.Equal(t, len(hist), res.HistogramCalls)
			assert.GreaterOrEqual(t, len(hist), 2, "the bucket holding the burst is split again")
			for _, h := range hist {
				assert.Equal(t, "1", fmt.Sprint(h.body["SyntaxRule"]))
			}
		})
	}
}

func TestSearchCapSplitIsExactWhenCLSIncludesTo(t *testing.T) {
	t.Parallel()
	f := smallCap(t)
	f.toInclusive = true
	total := bursty(f)
	res, err := f.client(nil).Search(context.Background(), SearchRequest{TopicIDs: []string{"tp"}, From: t0, To: t0.Add(time.Hour), Limit: total})
	require.NoError(t, err)
	assert.Len(t, res.Logs, total)
	assert.True(t, res.Complete, "exactly as many as asked for, and every part ended with ListOver")
	assertOrderedUnique(t, res.Logs, true)
}

func TestSearchCapSplitStopsAtTheLimit(t *testing.T) {
	t.Parallel()
	f := smallCap(t)
	total := bursty(f) // 1,200 + 1,300 + 1,200
	res, err := f.client(nil).Search(context.Background(), SearchRequest{TopicIDs: []string{"tp"}, From: t0, To: t0.Add(time.Hour), Limit: 1500})
	require.NoError(t, err)
	assert.Len(t, res.Logs, 1500)
	assert.False(t, res.Complete)
	assertOrderedUnique(t, res.Logs, true)
	assert.Equal(t, fmt.Sprintf("line tp-%d", total-1), messages(res.Logs)[0])
	assert.Equal(t, fmt.Sprintf("line tp-%d", total-1200), messages(res.Logs)[1199], "the newest 1,200...")
	assert.GreaterOrEqual(t, res.Logs[1499].Time.UnixMilli(), at(1_800_000), "...then the newest 300 of the burst")
}

func TestSearchCapSplitWithoutHistogramPermission(t *testing.T) {
	t.Parallel()
	f := smallCap(t)
	f.add("tp", 2300, func(i int) int64 { return at(int64(i) * 500) })
	for i := 0; i < 10; i++ {
		f.failures = append(f.failures, fakeFailure{"DescribeLogHistogram", "UnauthorizedOperation"})
	}
	res, err := f.client(nil).Search(context.Background(), SearchRequest{TopicIDs: []string{"tp"}, From: t0, To: t0.Add(time.Hour), Limit: 2500})
	require.NoError(t, err)
	assert.Len(t, res.Logs, 2300)
	assert.True(t, res.Complete)
	assertOrderedUnique(t, res.Logs, true)
}

func TestSearchSeveralTopicsPastTheCap(t *testing.T) {
	t.Parallel()
	f := smallCap(t)
	f.add("a", 1500, func(i int) int64 { return at(int64(i) * 20) })
	f.add("b", 1500, func(i int) int64 { return at(int64(i)*20 + 10) })
	res, err := f.client(nil).Search(context.Background(), SearchRequest{TopicIDs: []string{"a", "b"}, From: t0, To: t0.Add(time.Hour), Sort: "asc", Limit: 5000})
	require.NoError(t, err)
	assert.Len(t, res.Logs, 3000)
	assert.True(t, res.Complete)
	assertOrderedUnique(t, res.Logs, false)
	hist := f.actions("DescribeLogHistogram")
	assert.Equal(t, res.HistogramCalls, len(hist))
	require.NotEmpty(t, hist)
	assert.Equal(t, 0, len(hist)%2, "one histogram per topic, summed")
}

func TestSearchRangeBoundsRoundUpToWholeMilliseconds(t *testing.T) {
	f := newFakeCLS(t)
	f.add("tp", 10, func(i int) int64 { return at(int64(i)) })
	res, err := f.client(nil).Search(context.Background(), SearchRequest{TopicIDs: []string{"tp"}, From: t0.Add(2500 * time.Microsecond), To: t0.Add(7500 * time.Microsecond), Limit: 100})
	require.NoError(t, err)
	assert.Equal(t, []string{"line tp-7", "line tp-6", "line tp-5", "line tp-4", "line tp-3"}, messages(res.Logs), "logs at 3..7 ms lie in [2.5 ms, 7.5 ms)")
}

func TestSearchCapSplitWithCoarseHistogramBuckets(t *testing.T) {
	t.Parallel()
	f := newFakeCLS(t)
	f.minInterval = 3_600_000 // one bucket for the whole hour
	bursty(f)
	res, err := f.client(nil).Search(context.Background(), SearchRequest{TopicIDs: []string{"tp"}, From: t0, To: t0.Add(time.Hour), Sort: "asc", Limit: 40000})
	require.NoError(t, err)
	assert.Len(t, res.Logs, 37000, "the chain is cut at its last millisecond and read on")
	assert.True(t, res.Complete)
	assertOrderedUnique(t, res.Logs, false)
}

func TestSearchStopsAtAMillisecondHoldingMoreThanTheCap(t *testing.T) {
	t.Parallel()
	f := smallCap(t)
	f.add("tp", 500, func(i int) int64 { return at(int64(i)) })
	f.add("tp", 1050, func(int) int64 { return at(5000) })
	f.add("tp", 500, func(i int) int64 { return at(10_000 + int64(i)) })
	res, err := f.client(nil).Search(context.Background(), SearchRequest{TopicIDs: []string{"tp"}, From: t0, To: t0.Add(time.Hour), Limit: 2000})
	require.NoError(t, err)
	assert.False(t, res.Complete)
	assertOrderedUnique(t, res.Logs, true)
	require.GreaterOrEqual(t, len(res.Logs), 500+1000)
	assert.Equal(t, "line tp-2049", messages(res.Logs)[0], "the newer logs come first")
	assert.Equal(t, at(5000), res.Logs[len(res.Logs)-1].Time.UnixMilli(), "it stops inside the crowded millisecond")
}

func TestSearchSeveralTopicsMergesByTime(t *testing.T) {
	f := newFakeCLS(t)
	for k, topic := range []string{"a", "b", "c"} {
		f.add(topic, 700, func(i int) int64 { return at(int64(i)*3 + int64(k)) })
	}
	res, err := f.client(nil).Search(context.Background(), SearchRequest{TopicIDs: []string{"a", "b", "c", "a"}, From: t0, To: t0.Add(time.Hour), Limit: 1500})
	require.NoError(t, err)
	require.Len(t, res.Logs, 1500)
	assertOrderedUnique(t, res.Logs, true)
	assert.Equal(t, "c", res.Logs[0].TopicID, "the newest log overall")
	calls := f.actions("SearchLog")
	require.Len(t, calls, 2)
	assert.NotContains(t, calls[0].body, "TopicId")
	assert.Len(t, calls[0].body["Topics"], 3, "a repeated topic is searched once")
	assert.Equal(t, paramsWithoutContext(calls[0].body), paramsWithoutContext(calls[1].body))
	assert.NotEmpty(t, contextOf(calls[1].body), "each topic's cursor goes back")
}

func TestSearchSeveralTopicsSortsPagesThatComeTopicByTopic(t *testing.T) {
	f := newFakeCLS(t)
	f.groupByTopic = true
	f.add("a", 50, func(i int) int64 { return at(int64(i) * 2) })
	f.add("b", 50, func(i int) int64 { return at(int64(i)*2 + 1) })
	res, err := f.client(nil).Search(context.Background(), SearchRequest{TopicIDs: []string{"a", "b"}, From: t0, To: t0.Add(time.Hour), Sort: "asc", Limit: 100})
	require.NoError(t, err)
	require.Len(t, res.Logs, 100)
	assertOrderedUnique(t, res.Logs, false)
	assert.Equal(t, []string{"a", "b", "a", "b"}, []string{res.Logs[0].TopicID, res.Logs[1].TopicID, res.Logs[2].TopicID, res.Logs[3].TopicID})
}

func TestSearchContinuesOnceAfterAnExpiredCursor(t *testing.T) {
	f := newFakeCLS(t)
	f.add("tp", 3000, func(i int) int64 { return at(int64(i / 3)) }) // 3 logs per ms
	f.expireAfterPages = 2
	res, err := f.client(nil).Search(context.Background(), SearchRequest{TopicIDs: []string{"tp"}, From: t0, To: t0.Add(time.Hour), Limit: 2900})
	require.NoError(t, err)
	assert.Len(t, res.Logs, 2900)
	assertOrderedUnique(t, res.Logs, true)
	assert.Equal(t, "line tp-100", messages(res.Logs)[2899])
	third := f.actions("SearchLog")[3].body
	assert.NotContains(t, third, "Context", "the restart has no cursor")
	assert.Equal(t, fmt.Sprint(at(1000/3)+1), fmt.Sprint(third["To"]), "and ends after the last millisecond seen (log 1000's)")
}

func TestSearchReportsASecondExpiredCursor(t *testing.T) {
	f := newFakeCLS(t)
	f.add("tp", 5000, func(i int) int64 { return at(int64(i)) })
	f.expireAll = true
	_, err := f.client(nil).Search(context.Background(), SearchRequest{TopicIDs: []string{"tp"}, From: t0, To: t0.Add(time.Hour), Limit: 4000})
	var api *APIError
	require.ErrorAs(t, err, &api)
	assert.Equal(t, "FailedOperation.InvalidContext", api.Code)
	assert.Contains(t, err.Error(), "run the query again")
	assert.Len(t, f.actions("SearchLog"), 4, "page, refused cursor, restart, refused again")
}

func TestSearchRefusesBadRequestsBeforeSending(t *testing.T) {
	f := newFakeCLS(t)
	c := f.client(nil)
	many := make([]string, 51)
	for i := range many {
		many[i] = fmt.Sprint("t", i)
	}
	base := SearchRequest{TopicIDs: []string{"tp"}, From: t0, To: t0.Add(time.Hour), Syntax: SyntaxCQL, Limit: 10}
	for name, mutate := range map[string]func(*SearchRequest){
		"sql":        func(r *SearchRequest) { r.Query = `level:ERROR | select count(*)` },
		"no topic":   func(r *SearchRequest) { r.TopicIDs = nil },
		"51 topics":  func(r *SearchRequest) { r.TopicIDs = many },
		"empty id":   func(r *SearchRequest) { r.TopicIDs = []string{" "} },
		"no range":   func(r *SearchRequest) { r.To = r.From },
		"no limit":   func(r *SearchRequest) { r.Limit = 0 },
		"bad sort":   func(r *SearchRequest) { r.Sort = "newest" },
		"bad syntax": func(r *SearchRequest) { r.Syntax = 7 },
	} {
		r := base
		mutate(&r)
		_, err := c.Search(context.Background(), r)
		assert.True(t, errors.Is(err, ErrInvalidRequest), "%s: %v", name, err)
	}
	_, err := c.Search(context.Background(), SearchRequest{TopicIDs: []string{"tp"}, From: t0, To: t0.Add(time.Hour), Query: "a | b", Limit: 1})
	assert.ErrorContains(t, err, "Analyze")
	assert.Empty(t, f.actions("SearchLog"), "nothing was sent")

	f.add("tp", 1, func(int) int64 { return at(0) })
	for _, q := range []string{`msg:"a|b"`, `msg:'a|b'`, `msg:a\|b`} {
		_, err := c.Search(context.Background(), SearchRequest{TopicIDs: []string{"tp"}, From: t0, To: t0.Add(time.Hour), Query: q, Syntax: SyntaxCQL, Limit: 1})
		assert.NoError(t, err, "a | inside a phrase or escaped is text: %s", q)
	}
	_, err = c.Search(context.Background(), SearchRequest{TopicIDs: []string{"tp"}, From: t0, To: t0.Add(time.Hour), Query: `msg:'a|b'`, Syntax: SyntaxLucene, Limit: 1})
	assert.ErrorIs(t, err, ErrInvalidRequest, "in Lucene an apostrophe is no phrase")
}

func TestSearchBoundsConcurrentCallsPerTopic(t *testing.T) {
	f := newFakeCLS(t)
	f.delay = 5 * time.Millisecond
	f.add("busy", 3000, func(i int) int64 { return at(int64(i)) })
	f.add("other", 3000, func(i int) int64 { return at(int64(i)) })
	c := f.client(func(cfg *Config) { cfg.TopicConcurrency = 2 })
	var wg sync.WaitGroup
	for i := 0; i < 12; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			topics := []string{"busy"}
			if i%3 == 0 {
				topics = []string{"busy", "other"}
			}
			_, err := c.Search(context.Background(), SearchRequest{TopicIDs: topics, From: t0, To: t0.Add(time.Hour), Limit: 2500})
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	f.mu.Lock()
	defer f.mu.Unlock()
	assert.Equal(t, 2, f.maxInflight["busy"], "never more than TopicConcurrency, and the bound is reached")
	assert.LessOrEqual(t, f.maxInflight["other"], 2)
}
