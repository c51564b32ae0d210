package cls

import (
	"context"
	"sync"
)

// inParallel reads [from, to) as parts of about one page each, several at
// once, when the histogram says the search needs more than one page: one
// Context chain is sequential (each page waits for the cursor of the one
// before), so 10,000 logs took ten round trips in a row. The parts are
// disjoint, each read exactly as span reads a range (its own chain, cut and
// split past the cap), and their logs are taken in the requested order, so
// the result is the sequential one. Calls still queue for the topics' slots
// (TopicConcurrency), which bound what is in flight.
//
// ok is false when the plan does not pay (one page will do, or no
// histogram came back); the caller then reads the range as one span. With
// TopicConcurrency 1 it is not tried: parts could not overlap.
func (s *search) inParallel(ctx context.Context, from, to int64) (covered, ok bool, err error) {
	pieces, err := s.histogramPieces(ctx, from, to)
	if err != nil || min(countOf(pieces), int64(s.limit)) <= MaxLimit {
		// No count (a refused or failed histogram): span finds out, and
		// reports a real error itself.
		return false, false, nil
	}
	parts := groupPieces(pieces, MaxLimit)
	for len(parts) > 0 && s.need() > 0 {
		// A wave: the parts the limit needs by the count. When they hold
		// fewer logs than counted (logs expired meanwhile), the next wave
		// reads on.
		n, counted := 0, int64(0)
		for n < len(parts) && counted < int64(s.need()) {
			counted += parts[n].count
			n++
		}
		subs := make([]*search, n)
		results := make([]bool, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			// Each part may need all that is still missing: the count is
			// a plan, not a promise.
			sub := &search{c: s.c, topics: s.topics, query: s.query, syntax: s.syntax, desc: s.desc, limit: s.need()}
			subs[i] = sub
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], errs[i] = sub.span(ctx, parts[i].from, parts[i].to)
			}()
		}
		wg.Wait()
		for i, sub := range subs {
			s.calls += sub.calls
			s.histogramCalls += sub.histogramCalls
			if s.request == "" {
				s.request = sub.request
			}
			if errs[i] != nil {
				return false, true, errs[i]
			}
		}
		for i, sub := range subs {
			if !s.take(sub.logs) {
				return false, true, nil // the limit left some of the part out
			}
			if s.need() == 0 {
				// Full: complete if the part was and the histogram counted
				// nothing after it, as span's parts decide.
				return results[i] && countOf(parts[i+1:]) == 0, true, nil
			}
			if !results[i] {
				return false, true, nil // as span: a part it could not cover ends the read
			}
		}
		parts = parts[n:]
	}
	return true, true, nil
}
