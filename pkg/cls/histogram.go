package cls

import (
	"context"
	"slices"
	"time"
)

// Histogram counts a topic's logs matching a search per interval
// (DescribeLogHistogram). The interval is a whole number of ms, widened so
// the range has at most 200 buckets (CLS.md §2.7); the answer's buckets are
// sorted by time.
func (c *Client) Histogram(ctx context.Context, r HistogramRequest) (*HistogramResult, error) {
	topics, err := checkTopics([]string{r.TopicID})
	if err != nil {
		return nil, err
	}
	query, err := checkQuery(r.Query, r.Syntax)
	if err != nil {
		return nil, err
	}
	if HasSQL(query, r.Syntax) {
		return nil, invalid("a histogram counts a search; drop the SQL part (after |)")
	}
	if !r.To.After(r.From) {
		return nil, invalid("the time range %s..%s is empty", r.From, r.To)
	}
	from, to := toMillis(r.From), toMillis(r.To)
	interval := HistogramInterval(to-from, r.Interval)
	req := histogramRequest{TopicID: topics[0], From: from, To: to, Query: query, SyntaxRule: r.Syntax, Interval: interval}
	out, err := c.histogram(ctx, req)
	if err != nil {
		return nil, err
	}
	if out.Interval > 0 {
		interval = out.Interval
	}
	res := &HistogramResult{Interval: time.Duration(interval) * time.Millisecond, TotalCount: out.TotalCount, Request: Describe("DescribeLogHistogram", req)}
	for _, h := range out.HistogramInfos {
		res.Buckets = append(res.Buckets, Bucket{Start: fromMillis(h.BTime), Count: h.Count})
	}
	slices.SortStableFunc(res.Buckets, func(a, b Bucket) int { return a.Start.Compare(b.Start) })
	return res, nil
}

// HistogramInterval is the interval (ms) DescribeLogHistogram is asked for
// over a span of spanMS: the wanted one rounded up to whole ms, widened so
// that spanMS/interval ≤ 200, and at least 1 ms.
func HistogramInterval(spanMS int64, want time.Duration) int64 {
	interval := ceilDiv(int64(want), int64(time.Millisecond))
	return max(interval, ceilDiv(spanMS, MaxHistogramBuckets), 1)
}

// histogram is one DescribeLogHistogram call; it holds one of the topic's
// search slots, which CLS counts alike (CLS.md §8).
func (c *Client) histogram(ctx context.Context, req histogramRequest) (*histogramResponse, error) {
	var out histogramResponse
	if err := c.call(ctx, "DescribeLogHistogram", []string{req.TopicID}, req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
