package sls

import (
	"context"
	"fmt"
	"net/http"
)

type pageResult struct {
	res *LogsResult
	err error
	// lines is how many lines the page held (its Logs are handed to the
	// sink and dropped).
	lines int
}

// PageSink takes each page's lines as soon as the page is decoded, in the
// goroutine that fetched it: pages arrive concurrently and in any order,
// page i holding the lines from offset i×MaxLinesPerCall on. The sink keeps
// what it needs of them; the client drops the lines afterwards, so a query
// never holds more decoded pages than twice its requests in flight (a
// page's slot goes to the next page as its lines go to the sink). Pages from
// PagedLogs.Kept on (past the end, or after a failure) are to be dropped.
type PageSink func(page int, logs []Log)

// PagedLogs is the answer of GetLogsPaged.
type PagedLogs struct {
	// Logs are the lines in order (GetLogsPaged; nil for GetLogsPagedTo).
	Logs []Log
	// Lines counts the lines of pages [0, Kept), which make the result.
	Lines, Kept int
	// Complete is false when the lines are a partial result: Incomplete or
	// TimedOut says why (both may hold).
	Complete bool
	// Incomplete is true when some page SLS answered was still Incomplete
	// (its progress) when the query's time ran out.
	Incomplete bool
	// TimedOut is true when the query's time ran out before every page
	// answered: Logs are those of the Pages pages before the first missing
	// one.
	TimedOut bool
	// Pages counts the GetLogs pages sent (pages cancelled past the end
	// included, since the service saw them).
	Pages int
	// Calls counts every request: the pages, their Incomplete repeats and
	// the GetHistograms call that counted the lines.
	Calls int
	// Counted is true when the pages were planned from a Complete count;
	// false when the end was found by the empty-page rule.
	Counted bool
	// Request describes the first page's call.
	Request string
}

// GetLogsPaged fetches up to limit lines of a search (not SQL) by paging
// through offset, 100 lines a call, with at most concurrency requests in
// flight. Pages are stitched in offset order, so no line is dropped or
// duplicated.
//
// The end of the data is known before it is asked for: the first wave is
// GetHistograms (the count of matching lines in the range) and page 0, and
// once a Complete count is in, exactly the pages that hold lines are asked
// for, and a page already in flight past the end is cancelled at once. So a
// query sends at most (pages that carry data + 1) requests, the +1 being
// GetHistograms (an empty result sends two: the count and page 0).
// x-log-count of a GetLogs page is not a total and is never used.
//
// When the count is not Complete (Incomplete buckets, an error, an empty
// bucket list), the end is found as Alibaba's paging guide says: a page
// with no lines and progress Complete, pages beyond it being cancelled.
//
// A failed page fails the whole query, since a silently shortened result
// would look complete; only when the query's time runs out do the pages
// answered so far (up to the first missing one) come back, with Complete
// false so the caller flags them as partial.
func (c *Client) GetLogsPaged(ctx context.Context, r GetLogsRequest, limit int, concurrency int) (*PagedLogs, error) {
	pages := make([][]Log, pagesOf(limit))
	out, err := c.GetLogsPagedTo(ctx, r, limit, concurrency, func(i int, logs []Log) { pages[i] = logs })
	if err != nil {
		return nil, err
	}
	out.Logs = make([]Log, 0, out.Lines)
	for _, logs := range pages[:out.Kept] {
		out.Logs = append(out.Logs, logs...)
	}
	return out, nil
}

// pagesOf is how many pages a limit takes.
func pagesOf(limit int) int { return (max(limit, 0) + MaxLinesPerCall - 1) / MaxLinesPerCall }

// GetLogsPagedTo is GetLogsPaged handing each page to sink as it is
// decoded instead of keeping every line until the last page is in: the
// caller converts pages into its own compact form while others are still
// in flight (PagedLogs.Logs stays nil). A page can cross sink and still be
// dropped: only pages [0, Kept) make the result.
func (c *Client) GetLogsPagedTo(ctx context.Context, r GetLogsRequest, limit int, concurrency int, sink PageSink) (*PagedLogs, error) {
	first := r
	first.Line = min(MaxLinesPerCall, max(limit, 0))
	request := Describe(http.MethodGet, logsPath(r.Logstore), first.params())
	if limit <= 0 {
		return &PagedLogs{Complete: true, Request: request}, nil
	}
	pages := pagesOf(limit)
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	p := newPlan(ctx, cancel, r, limit, pages, max(concurrency, 1))
	p.sink = sink
	// With one page at most, page 0 is the whole query: counting first
	// would only add a request.
	if pages > 1 {
		p.startCount(c)
	} else {
		p.fallback()
	}
	p.run(c)

	if p.failErr != nil {
		if parent.Err() != nil {
			if partial := contiguousPrefix(p.results, p.end); partial != nil {
				partial.Calls += p.countCalls
				return partial, nil
			}
		}
		return nil, p.failErr
	}

	out := &PagedLogs{Complete: true, Calls: p.countCalls, Counted: p.state == planCounted, Request: request}
	for i, pr := range p.results {
		if !p.sent[i] {
			continue // never sent: past the end
		}
		out.Pages++
		if pr.res != nil {
			out.Calls += pr.res.Calls
			if i == 0 {
				out.Request = pr.res.Request
			}
		} else {
			out.Calls++ // cancelled in flight: the service still saw it
		}
		if i >= p.end {
			continue
		}
		if pr.err != nil {
			return nil, fmt.Errorf("page %d: %w", i, pr.err)
		}
		if !pr.res.Complete {
			out.Complete, out.Incomplete = false, true
		}
		out.Lines += pr.lines
		out.Kept = i + 1
	}
	return out, nil
}

// contiguousPrefix assembles the pages answered before the query's time ran
// out, up to the first missing one, as an incomplete result (the caller
// flags it as partial). Nil when the first page is missing.
func contiguousPrefix(results []pageResult, end int) *PagedLogs {
	out := &PagedLogs{Complete: false, TimedOut: true}
	for i := 0; i < end && i < len(results); i++ {
		pr := results[i]
		if pr.res == nil || pr.err != nil {
			break
		}
		if !pr.res.Complete {
			out.Incomplete = true
		}
		out.Pages++
		out.Calls += pr.res.Calls
		if i == 0 {
			out.Request = pr.res.Request
		}
		out.Lines += pr.lines
		out.Kept = i + 1
	}
	if out.Pages == 0 {
		return nil
	}
	return out
}
