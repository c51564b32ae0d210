package scfservice

import (
	"sync"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/scf"
)

// preparedLines are one invocation's lines, rows [from, to) of the columns
// of the builder that wrote them; an invocation carries them in Prepared.
// A line depends only on its invocation, never on the invocations around
// it, so lines written page by page join into the same frame as lines
// written all at once.
type preparedLines struct {
	b        *logsBuilder
	from, to int
}

// linePreparer is a logs query's scf.FetchRequest.OnPage: it writes the
// lines of a page of invocations as the page arrives, gives each
// invocation its lines in Prepared and hands them to the query's LineWork
// (nil: none). A query's lines are so written beside the requests still in
// flight instead of after the last one, and the frame only joins them.
func linePreparer(work frames.LineWork) func([]scf.Invocation) {
	return func(invs []scf.Invocation) { prepareLines(invs, work) }
}

func prepareLines(invs []scf.Invocation, work frames.LineWork) {
	where := make([]preparedLines, len(invs))
	b := new(logsBuilder)
	b.build(len(invs), func(k int) *scf.Invocation { return &invs[k] }, where)
	b.finish(work)
	for i := range invs {
		invs[i].Prepared = &where[i]
	}
}

// finish hands the builder's lines to work, if any.
func (b *logsBuilder) finish(work frames.LineWork) {
	if work != nil {
		b.worked = work.Page(b.cols)
	}
}

// linesOf is every invocation's lines: those linePreparer gave it, or
// written now (without touching the invocations) for those it has none,
// with up to n builders at once, each taking a run of them.
func linesOf(invs []scf.Invocation, n int, work frames.LineWork) []*preparedLines {
	lines := make([]*preparedLines, len(invs))
	var missing []int
	for i := range invs {
		if p, ok := invs[i].Prepared.(*preparedLines); ok && p != nil {
			lines[i] = p
		} else {
			missing = append(missing, i)
		}
	}
	if len(missing) == 0 {
		return lines
	}
	n = max(1, min(n, len(missing)))
	where := make([]preparedLines, len(missing))
	var wg sync.WaitGroup
	for k := range n {
		lo, hi := k*len(missing)/n, (k+1)*len(missing)/n
		wg.Go(func() {
			b := new(logsBuilder)
			b.build(hi-lo, func(k int) *scf.Invocation { return &invs[missing[lo+k]] }, where[lo:hi])
			b.finish(work)
		})
	}
	wg.Wait()
	for k, i := range missing {
		lines[i] = &where[k]
	}
	return lines
}

// joinLines writes the invocations' lines, in order, into the columns of a
// new frame: a run of invocations whose lines follow each other in one
// builder (a page kept whole) is one copy. With work, what it found in
// those lines goes with them.
func joinLines(name string, lines []*preparedLines, work frames.LineWork) *data.Frame {
	n := 0
	for _, p := range lines {
		n += p.to - p.from
	}
	f, cols := frames.NewLogsFrameLen(name, n)
	var worked []frames.PageLines
	at := 0
	for i := 0; i < len(lines); {
		run := lines[i]
		from, to := run.from, run.to
		for i++; i < len(lines) && lines[i].b == run.b && lines[i].from == to; i++ {
			to = lines[i].to
		}
		c := &run.b.cols
		copy(cols.Time[at:], c.Time[from:to])
		copy(cols.Body[at:], c.Body[from:to])
		copy(cols.Severity[at:], c.Severity[from:to])
		copy(cols.ID[at:], c.ID[from:to])
		at += copy(cols.Labels[at:], c.Labels[from:to])
		if work != nil {
			worked = append(worked, run.b.worked.Slice(from, to))
		}
	}
	if work != nil {
		work.Join(f, worked)
	}
	return f
}
