package sls

import (
	"context"
	"fmt"
	"sync"
)

// planState says what decides which pages are sent.
type planState int

const (
	// planCounting: the count is in flight; only page 0 may go, since any
	// other page could be past the end.
	planCounting planState = iota
	// planCounted: a Complete count fixed the pages that hold lines.
	planCounted
	// planFallback: no Complete count; pages go until one comes back empty
	// and Complete (the paging guide's rule).
	planFallback
)

// plan is one GetLogsPaged run: which pages to send, the ones in flight and
// their answers. Every field is guarded by mu; cond wakes the dispatcher
// when a request ends or the plan changes.
type plan struct {
	ctx    context.Context
	cancel context.CancelFunc // the whole query
	req    GetLogsRequest
	limit  int
	slots  int // requests one query keeps in flight, the count included
	sink   PageSink

	mu       sync.Mutex
	cond     *sync.Cond
	state    planState
	results  []pageResult
	sent     []bool
	cancels  []context.CancelFunc // per page in flight, to cut it at the end
	next     int                  // the next page to send
	end      int                  // pages [0, end) hold lines, as far as known
	inFlight int
	// sinking counts pages whose request is over and whose lines the sink
	// is still converting (freeSlotEarly).
	sinking    int
	failErr    error
	countCalls int
	// stopCount cuts the count short once it can no longer change the plan.
	stopCount context.CancelFunc
}

func newPlan(ctx context.Context, cancel context.CancelFunc, r GetLogsRequest, limit, pages, slots int) *plan {
	p := &plan{
		ctx: ctx, cancel: cancel, req: r, limit: limit, slots: slots,
		results: make([]pageResult, pages), sent: make([]bool, pages),
		cancels: make([]context.CancelFunc, pages), end: pages,
	}
	p.cond = sync.NewCond(&p.mu)
	return p
}

// fallback pages by the empty-page rule from the start (no count asked).
func (p *plan) fallback() { p.state = planFallback }

// startCount sends GetHistograms for the query's search and range. It takes
// one of the query's slots like a page, so `concurrency` still bounds what
// the query has in flight.
func (p *plan) startCount(c *Client) {
	p.inFlight++
	ctx, stop := context.WithCancel(p.ctx)
	p.stopCount = stop
	go func() {
		defer stop()
		n, complete, calls, err := c.countOnce(ctx, HistogramsRequest{
			Logstore: p.req.Logstore, From: p.req.From, To: p.req.To, Topic: p.req.Topic, Query: p.req.Query,
		})
		p.mu.Lock()
		defer p.mu.Unlock()
		p.inFlight--
		p.countCalls = calls
		defer p.cond.Broadcast()
		if p.state != planCounting {
			return // page 0 already ended the query
		}
		if err != nil || !complete {
			// The count is an optimisation: without a Complete one the
			// pages still find the end themselves.
			p.state = planFallback
			return
		}
		p.state = planCounted
		p.cut(pagesFor(n-p.req.Offset, p.limit))
	}()
}

// pagesFor is how many pages of MaxLinesPerCall hold the lines to return:
// those after the offset, at most limit.
func pagesFor(available int64, limit int) int {
	need := min(max(available, 0), int64(limit))
	return int((need + MaxLinesPerCall - 1) / MaxLinesPerCall)
}

// cut moves the end down to page end and cancels at once the pages in
// flight past it: their answers would be thrown away. Called with mu held.
func (p *plan) cut(end int) {
	if end >= p.end {
		return
	}
	p.end = end
	for i := end; i < len(p.cancels); i++ {
		if p.cancels[i] != nil {
			p.cancels[i]()
		}
	}
}

// ready reports whether page p.next may be sent now. Called with mu held.
// The first wave sends the pages the limit needs beside the count (as many
// as the slots allow): a query whose data fills its limit then takes one
// round trip and no request past its data, and the count's answer cancels
// at once any page of the wave past the end (cut). No later page goes out
// before the count is known.
func (p *plan) ready() bool {
	return p.inFlight < p.slots && (p.state != planCounting || p.next < p.slots-1)
}

// finished reports whether no more pages will be sent. Called with mu held.
func (p *plan) finished() bool {
	return p.failErr != nil || p.next >= p.end
}

// run sends the pages the plan allows, at most p.slots requests at a time,
// and returns when every request has ended.
func (p *plan) run(c *Client) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		for !p.finished() && !p.ready() {
			p.cond.Wait()
		}
		if p.finished() {
			break
		}
		i := p.next
		p.next++
		p.inFlight++
		p.sent[i] = true
		pctx, pcancel := context.WithCancel(p.ctx)
		p.cancels[i] = pcancel
		go p.fetch(c, pctx, i)
	}
	// The count may still be in flight (page 0 came back empty, or failed):
	// it no longer matters, so it is not waited for.
	if p.state == planCounting {
		p.state = planFallback
		p.stopCount()
	}
	for p.inFlight > 0 || p.sinking > 0 {
		p.cond.Wait()
	}
}

// fetch sends page i and records its answer.
func (p *plan) fetch(c *Client, ctx context.Context, i int) {
	page := p.req
	page.Offset = p.req.Offset + int64(i*MaxLinesPerCall)
	page.Line = min(MaxLinesPerCall, p.limit-i*MaxLinesPerCall)
	res, err := c.GetLogs(ctx, page)
	lines, early := 0, false
	if err == nil {
		// A server that sends more than asked must not push later pages'
		// lines out of place, nor the total past the limit.
		res.Logs = res.Logs[:min(len(res.Logs), page.Line)]
		lines = len(res.Logs)
		if p.sink != nil {
			if early = lines > 0; early {
				p.freeSlotEarly()
			}
			p.sink(i, res.Logs)
		}
		res.Logs = nil
	}

	p.mu.Lock()
	defer p.mu.Unlock()
	p.cancels[i]()
	p.cancels[i] = nil
	if early {
		p.sinking--
	} else {
		p.inFlight--
	}
	p.results[i] = pageResult{res, err, lines}
	switch {
	case i >= p.end:
		// Past the end (perhaps cancelled for it): the answer is not used.
	case err != nil:
		if p.failErr == nil {
			p.failErr = fmt.Errorf("page at offset %d: %w", page.Offset, err)
			p.cancel()
		}
	case lines == 0 && res.Complete:
		// The paging guide's end; with a count it means the count was
		// high (logs expired meanwhile), and the pages after hold nothing.
		p.cut(i)
		if p.state == planCounting {
			p.state = planFallback // nothing left for the count to decide
		}
	}
	p.cond.Broadcast()
}

// freeSlotEarly gives back the slot of a page whose answer is in and holds
// lines, before the sink converts them, so the next page goes out while
// they are converted: the wait for the next answer then hides the
// conversion instead of following it. A page with lines changes nothing
// about which pages are sent (only an error or an empty page does), so
// its slot may go first. The page counts as sinking until its lines are
// handed over.
func (p *plan) freeSlotEarly() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.inFlight--
	p.sinking++
	p.cond.Broadcast()
}

// countOnce asks GetHistograms once for the number of lines a search
// matches over [From, To): the sum of the buckets. complete is false when
// the answer or any bucket is Incomplete, or when no bucket came back (SLS
// always returns the range's buckets, so none means a stand-in that does
// not count); no Incomplete repeats are made, since the pages find the end
// on their own meanwhile.
func (c *Client) countOnce(ctx context.Context, r HistogramsRequest) (n int64, complete bool, calls int, err error) {
	res, err := c.getHistogramsOnce(ctx, r)
	if err != nil {
		return 0, false, 1, err
	}
	if !res.Complete || len(res.Buckets) == 0 {
		return 0, false, res.Calls, nil
	}
	for _, b := range res.Buckets {
		n += b.Count
	}
	return n, true, res.Calls, nil
}
