package scf

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// FetchRequest asks for the invocations of a time range, in an order.
type FetchRequest struct {
	// Template carries the filters (function, namespace, qualifier,
	// request id, retCode); its paging and time fields are ignored.
	Template LogsRequest
	// From and To bound the range [From, To).
	From, To time.Time
	OrderBy  string
	Desc     bool
	// Need is how many rows of the ordered result the caller wants.
	Need int
	// ScanCap bounds how many invocations are read when the order cannot
	// be served by the API and every invocation in range must be read.
	ScanCap int
	// OnPage, when set, gets each page's invocations as soon as the page is
	// read, on the goroutine that read it (pages read at once call it at
	// once), before any is kept: the caller's work on them, which may set
	// their Prepared, runs beside the requests still in flight. Invocations
	// it gets may still be dropped (out of range, seen twice, past Need).
	OnPage func(invs []Invocation)
}

// FetchResult is the first Need invocations of the range, in order.
type FetchResult struct {
	Invocations []Invocation
	// More is true when the range holds more rows than were returned.
	More bool
	// ScanCapped is true when ScanCap stopped the reading early, so a
	// client-side sort or an aggregate saw only part of the range.
	ScanCapped bool
	// ClientSorted is true when the plugin sorted, not SCF.
	ClientSorted bool
	// Requests counts the page requests made.
	Requests int
}

// Fetch reads the invocations a query needs: API 3.0 in windows of at most
// a day with offset paging (Offset+Limit <= 10,000, a busier window is
// halved); v2 by paging newest first until records fall before From.
// Pages run concurrently (Config.Concurrency); the result keeps the order,
// has no duplicates, and any page that still fails after retries fails it.
func (c *Client) Fetch(ctx context.Context, r FetchRequest) (FetchResult, error) {
	if r.OrderBy == "" {
		r.OrderBy = OrderByStartTime
	}
	if r.Need < 1 {
		return FetchResult{}, nil
	}
	if r.ScanCap < r.Need {
		r.ScanCap = r.Need
	}
	f := &fetcher{c: c, req: r}
	var err error
	if c.cfg.APIVersion == APIv2 {
		err = f.runV2(ctx)
	} else {
		err = f.runV3(ctx)
	}
	if err != nil {
		return FetchResult{}, err
	}
	return f.result(), nil
}

type fetcher struct {
	c        *Client
	req      FetchRequest
	rows     []Invocation
	seen     map[string]bool
	more     bool
	capped   bool
	sorted   bool
	requests int
	mu       sync.Mutex
}

// reserve makes room for n more rows: growing the rows and the seen set
// was a tenth of reading 10,000 invocations.
func (f *fetcher) reserve(n int) {
	if f.seen == nil {
		f.seen = make(map[string]bool, n)
	}
	f.rows = slices.Grow(f.rows, n)
}

// add appends rows in range that were not seen before.
func (f *fetcher) add(invs []Invocation) {
	if f.seen == nil {
		f.seen = map[string]bool{}
	}
	for _, inv := range invs {
		if inv.StartTime.Before(f.req.From) || !inv.StartTime.Before(f.req.To) {
			continue
		}
		key := inv.RequestID
		if key == "" {
			key = inv.StartTimeRaw + "|" + inv.FunctionName + "|" + inv.Log
		}
		if f.seen[key] {
			continue
		}
		f.seen[key] = true
		f.rows = append(f.rows, inv)
	}
}

func (f *fetcher) result() FetchResult {
	rows := f.rows
	if f.sorted {
		SortInvocations(rows, f.req.OrderBy, f.req.Desc)
	}
	more := f.more
	if len(rows) > f.req.Need {
		rows = rows[:f.req.Need]
		more = true
	}
	return FetchResult{Invocations: rows, More: more, ScanCapped: f.capped, ClientSorted: f.sorted, Requests: f.requests}
}

func (f *fetcher) runV3(ctx context.Context) error {
	windows := PlanWindows(f.req.From, f.req.To, MaxWindow, f.req.Desc || f.req.OrderBy != OrderByStartTime)
	serverSort := f.req.OrderBy == OrderByStartTime ||
		(len(windows) == 1 && ServerSortable(APIv3, f.req.OrderBy) && f.req.Need <= MaxOffsetLimit)
	if !serverSort {
		// Every invocation of the range is read newest first, then sorted.
		f.sorted = true
		for _, w := range windows {
			if err := f.window(ctx, w, OrderByStartTime, true, f.req.ScanCap); err != nil {
				return err
			}
			if len(f.rows) >= f.req.ScanCap {
				f.capped = true
				return nil
			}
		}
		return nil
	}
	for _, w := range windows {
		if err := f.window(ctx, w, f.req.OrderBy, f.req.Desc, f.req.Need); err != nil {
			return err
		}
		if len(f.rows) >= f.req.Need {
			return nil
		}
	}
	return nil
}

// window reads up to need more rows of one window in the given order.
func (f *fetcher) window(ctx context.Context, w Window, orderBy string, desc bool, need int) error {
	want := need - len(f.rows)
	if want <= 0 {
		return nil
	}
	pageSize := f.c.cfg.PageSize
	tmpl := f.req.Template
	tmpl.Start, tmpl.End = w.Start, w.Last()
	tmpl.OrderBy, tmpl.Order = orderBy, orderName(desc)
	first := tmpl
	first.Offset, first.Limit = 0, min(pageSize, want)
	page, err := f.page(ctx, first)
	f.requests++
	if err != nil {
		return err
	}
	total := page.Total
	reachable := min(total, want)
	if reachable > MaxOffsetLimit {
		if orderBy == OrderByStartTime && w.Span() >= 2*time.Second {
			// Offset+Limit cannot pass 10,000: read the halves instead.
			for _, half := range w.Halves(desc) {
				if err := f.window(ctx, half, orderBy, desc, need); err != nil {
					return err
				}
				if len(f.rows) >= need {
					return nil
				}
			}
			return nil
		}
		reachable = MaxOffsetLimit
		f.more = true
	}
	got := page.Invocations
	if len(got) < first.Limit && len(got) < total && len(got) > 0 {
		// The server caps the page size below ours: follow its size.
		pageSize = len(got)
	}
	var reqs []LogsRequest
	for off := len(got); off < reachable; off += pageSize {
		p := tmpl
		p.Offset, p.Limit = off, min(pageSize, reachable-off)
		reqs = append(reqs, p)
	}
	pages, err := f.pages(ctx, reqs)
	if err != nil {
		return err
	}
	for i, p := range pages {
		if len(p.Invocations) < reqs[i].Limit && reqs[i].Offset+len(p.Invocations) < min(p.Total, reachable) {
			return fmt.Errorf("SCF returned %d of %d invocations at offset %d although it reported %d in total; the data changed while paging — run the query again",
				len(p.Invocations), reqs[i].Limit, reqs[i].Offset, p.Total)
		}
	}
	tail, err := f.shiftedTail(ctx, tmpl, total, reachable, pages)
	if err != nil {
		return err
	}
	if total > want {
		f.more = true
	}
	// Page by page, in order: one copy of each invocation, not two.
	f.reserve(len(got) + len(reqs)*pageSize + len(tail))
	f.add(got)
	for _, p := range pages {
		f.add(p.Invocations)
	}
	f.add(tail)
	return nil
}

// page reads one page and hands it to OnPage.
func (f *fetcher) page(ctx context.Context, r LogsRequest) (LogsPage, error) {
	p, err := f.c.GetFunctionLogs(ctx, r)
	if err == nil && f.req.OnPage != nil {
		f.req.OnPage(p.Invocations)
	}
	return p, err
}

// shiftedTail makes up for invocations that arrived while a newest-first
// window was paged: each new one pushes the older ones one offset further,
// so the last page misses as many rows as arrived (and earlier pages repeat
// some, which add drops). When the reported total grew, the rows pushed
// past the end are read too.
func (f *fetcher) shiftedTail(ctx context.Context, tmpl LogsRequest, total, reachable int, pages []LogsPage) ([]Invocation, error) {
	latest := total
	for _, p := range pages {
		latest = max(latest, p.Total)
	}
	grown := latest - total
	if grown <= 0 || reachable >= latest || reachable >= MaxOffsetLimit {
		return nil, nil
	}
	tail := tmpl
	tail.Offset, tail.Limit = reachable, min(grown, latest-reachable, MaxOffsetLimit-reachable)
	page, err := f.page(ctx, tail)
	f.requests++
	if err != nil {
		return nil, err
	}
	return page.Invocations, nil
}

// pages fetches page requests with bounded concurrency and returns them in
// order; the first failure cancels the rest and is what is reported.
func (f *fetcher) pages(ctx context.Context, reqs []LogsRequest) ([]LogsPage, error) {
	if len(reqs) == 0 {
		return nil, nil
	}
	inner, cancel := context.WithCancel(ctx)
	defer cancel()
	out := make([]LogsPage, len(reqs))
	var mu sync.Mutex
	var firstErr error
	slots := make(chan struct{}, f.c.cfg.Concurrency)
	var wg sync.WaitGroup
	for i, r := range reqs {
		select {
		case slots <- struct{}{}:
		case <-inner.Done():
		}
		if inner.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			page, err := f.c.GetFunctionLogs(inner, r)
			// The request is over: the next page goes out while OnPage
			// works on this one.
			<-slots
			if err == nil && f.req.OnPage != nil {
				f.req.OnPage(page.Invocations)
			}
			if err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
					cancel()
				}
				mu.Unlock()
				return
			}
			out[i] = page
		}()
	}
	wg.Wait()
	f.requests += len(reqs)
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

func orderName(desc bool) string {
	if desc {
		return "desc"
	}
	return "asc"
}
