package cls

import (
	"context"
	"slices"
	"sync"
)

// piece is a stretch [from, to) of a range (ms) and how many logs CLS's
// histogram counted in it.
type piece struct {
	from, to int64
	count    int64
}

// parts reads [from, to) in parts holding fewer than ContextCap logs each,
// so that each part's chain can reach ListOver. The parts come from one
// DescribeLogHistogram per topic; a bucket that alone holds ContextCap or
// more is split again with a finer histogram, down to one millisecond.
// Parts are read in the requested order, so the logs stay in order.
func (s *search) parts(ctx context.Context, from, to int64) (bool, error) {
	pieces, err := s.histogramPieces(ctx, from, to)
	if _, refused := AsAPIError(err); refused {
		// No histogram (a key without DescribeLogHistogram, say): read on
		// as one span, cut at each cap. Slower, as exact.
		return s.span(ctx, from, to)
	}
	if err != nil {
		return false, err
	}
	groups := groupPieces(pieces, int64(s.c.contextCap))
	for i, p := range groups {
		if s.need() == 0 {
			// Full: complete if the histogram counted nothing further.
			return countOf(groups[i:]) == 0, nil
		}
		var covered bool
		switch {
		case p.from == from && p.to == to:
			// The histogram could not divide the range (coarser buckets
			// than asked for): read it as one span, which cuts its chain
			// at the cap and goes on after it.
			covered, err = s.span(ctx, p.from, p.to)
		case p.count >= int64(s.c.contextCap) && p.to-p.from > 1:
			covered, err = s.parts(ctx, p.from, p.to)
		default:
			covered, err = s.span(ctx, p.from, p.to)
		}
		if err != nil || !covered {
			return false, err
		}
	}
	return true, nil
}

// histogramPieces counts [from, to) per bucket, summed over the search's
// topics: contiguous pieces covering the range, in the requested order.
// Interval is the finest CLS allows: (to−from)/Interval ≤ 200 buckets.
func (s *search) histogramPieces(ctx context.Context, from, to int64) ([]piece, error) {
	interval := max(1, ceilDiv(to-from, MaxHistogramBuckets))
	counts := map[int64]int64{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make([]error, len(s.topics))
	for i, topic := range s.topics {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := s.c.histogram(ctx, histogramRequest{TopicID: topic, From: from, To: to, Query: s.query, SyntaxRule: s.syntax, Interval: interval})
			mu.Lock()
			defer mu.Unlock()
			s.histogramCalls++
			if err != nil {
				errs[i] = err
				return
			}
			for _, h := range out.HistogramInfos {
				counts[h.BTime] += h.Count
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return piecesFrom(counts, from, to, s.desc), nil
}

// piecesFrom turns bucket counts into contiguous pieces of [from, to): a
// bucket runs from its start (BTime, rounded down to the interval, so the
// first may start before from) to the next bucket's start. Missing buckets
// counted nothing and belong to the bucket before them.
func piecesFrom(counts map[int64]int64, from, to int64, desc bool) []piece {
	starts := make([]int64, 0, len(counts))
	for bt := range counts {
		if bt < to {
			starts = append(starts, bt)
		}
	}
	slices.Sort(starts)
	var pieces []piece
	var before int64 // counted in buckets that end before from
	for i, bt := range starts {
		hi := to
		if i+1 < len(starts) {
			hi = max(from, starts[i+1])
		}
		switch {
		case hi <= from:
			before += counts[bt]
		case len(pieces) == 0:
			pieces = append(pieces, piece{from: from, to: hi, count: before + counts[bt]})
		default:
			pieces = append(pieces, piece{from: bt, to: hi, count: counts[bt]})
		}
	}
	if len(pieces) == 0 {
		pieces = []piece{{from: from, to: to}}
	}
	if desc {
		slices.Reverse(pieces)
	}
	return pieces
}

// groupPieces joins neighbouring pieces (in the order given) while their
// sum stays below limit; a piece that alone reaches it stays alone.
func groupPieces(pieces []piece, limit int64) []piece {
	var groups []piece
	for _, p := range pieces {
		n := len(groups)
		if n > 0 && groups[n-1].count+p.count < limit {
			g := &groups[n-1]
			g.from, g.to, g.count = min(g.from, p.from), max(g.to, p.to), g.count+p.count
			continue
		}
		groups = append(groups, p)
	}
	return groups
}

func countOf(pieces []piece) int64 {
	var n int64
	for _, p := range pieces {
		n += p.count
	}
	return n
}

func ceilDiv(a, b int64) int64 { return (a + b - 1) / b }
