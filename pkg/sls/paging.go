package sls

import (
	"context"
	"fmt"
	"sync"
)

type pageResult struct {
	res *LogsResult
	err error
}

// PagedLogs is the answer of GetLogsPaged.
type PagedLogs struct {
	Logs []Log
	// Complete is false when some page stayed Incomplete until time ran out.
	Complete bool
	// Pages counts the pages fetched (in-flight pages past the end included).
	Pages int
	// Calls counts every request, Incomplete repeats included.
	Calls int
	// Request describes the first page's call.
	Request string
}

// GetLogsPaged fetches up to limit lines of a search (not SQL) by paging
// through offset, 100 lines a call, with at most concurrency calls in
// flight. Pages are stitched in offset order, so no line is dropped or
// duplicated. The end is a page with no lines and progress Complete
// (Alibaba's paging guide); x-log-count is not a reliable total, so it is
// never used to stop. A failed page fails the whole query, since a silently
// shortened result would look complete; only when the query's time runs out
// do the pages answered so far (up to the first missing one) come back,
// with Complete false so the caller flags them as partial.
func (c *Client) GetLogsPaged(ctx context.Context, r GetLogsRequest, limit int, concurrency int) (*PagedLogs, error) {
	if limit <= 0 {
		return &PagedLogs{Complete: true, Request: Describe("GET", logsPath(r.Logstore), r.params())}, nil
	}
	if concurrency < 1 {
		concurrency = 1
	}
	pages := (limit + MaxLinesPerCall - 1) / MaxLinesPerCall
	concurrency = min(concurrency, pages)

	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	results := make([]pageResult, pages)
	var (
		mu      sync.Mutex
		next    int
		end     = pages // index of the first empty complete page
		failErr error
	)
	take := func() (int, bool) {
		mu.Lock()
		defer mu.Unlock()
		if failErr != nil || next >= end {
			return 0, false
		}
		i := next
		next++
		return i, true
	}
	var wg sync.WaitGroup
	for w := 0; w < concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i, ok := take()
				if !ok {
					return
				}
				page := r
				page.Offset = r.Offset + int64(i*MaxLinesPerCall)
				page.Line = min(MaxLinesPerCall, limit-i*MaxLinesPerCall)
				res, err := c.GetLogs(ctx, page)
				mu.Lock()
				results[i] = pageResult{res, err}
				switch {
				case err != nil && i < end:
					if failErr == nil {
						failErr = fmt.Errorf("page at offset %d: %w", page.Offset, err)
						cancel()
					}
				case err == nil && len(res.Logs) == 0 && res.Complete && i < end:
					end = i
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if failErr != nil {
		if parent.Err() != nil {
			if partial := contiguousPrefix(results, end, limit); partial != nil {
				return partial, nil
			}
		}
		return nil, failErr
	}

	out := &PagedLogs{Complete: true}
	for i := 0; i < pages; i++ {
		pr := results[i]
		if pr.res == nil && pr.err == nil {
			continue // never sent: past the end
		}
		out.Pages++
		if pr.res != nil {
			out.Calls += pr.res.Calls
			if i == 0 {
				out.Request = pr.res.Request
			}
		}
		if i >= end {
			continue
		}
		if pr.err != nil {
			return nil, fmt.Errorf("page %d: %w", i, pr.err)
		}
		if !pr.res.Complete {
			out.Complete = false
		}
		out.Logs = append(out.Logs, pr.res.Logs...)
	}
	if len(out.Logs) > limit {
		out.Logs = out.Logs[:limit]
	}
	return out, nil
}

// contiguousPrefix assembles the pages answered before the query's time ran
// out, up to the first missing one, as an incomplete result (the caller
// flags it as partial). Nil when the first page is missing.
func contiguousPrefix(results []pageResult, end, limit int) *PagedLogs {
	out := &PagedLogs{Complete: false}
	for i := 0; i < end && i < len(results); i++ {
		pr := results[i]
		if pr.res == nil || pr.err != nil {
			break
		}
		out.Pages++
		out.Calls += pr.res.Calls
		if i == 0 {
			out.Request = pr.res.Request
		}
		out.Logs = append(out.Logs, pr.res.Logs...)
	}
	if out.Pages == 0 {
		return nil
	}
	if len(out.Logs) > limit {
		out.Logs = out.Logs[:limit]
	}
	return out
}
