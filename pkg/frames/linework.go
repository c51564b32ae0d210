package frames

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// LineWork is what the data source does to every line of a logs answer
// before it answers: its derived fields, then secret scrubbing. It runs on
// the whole frame after the service answered, unless the service converts
// a query's lines page by page: then it hands each page's lines to
// LineWork as they are converted, so that work runs beside the requests
// still in flight instead of after the last answer (docs/benchmarks.md).
type LineWork interface {
	// Page works on one page's lines: it reads them, changes values in
	// place where it must (a secret redacted) and returns what it found
	// for them, to be given to Join. Pages may come from several
	// goroutines at once.
	Page(cols LogColumns) PageLines
	// Join finishes a logs frame joined from pages whose Page results are
	// parts, in the frame's row order; pages left out of the frame are left
	// out of parts.
	Join(f *data.Frame, parts []PageLines)
}

// PageLines is what LineWork.Page found in one page's lines.
type PageLines interface {
	// Lines is how many lines the page had.
	Lines() int
	// Slice is what it found in lines [from, to) of them, for a frame that
	// keeps only some of a page's lines, or not in the page's order.
	Slice(from, to int) PageLines
}

type lineWorkKey struct{}

// WithLineWork gives the query run under ctx the data source's LineWork.
func WithLineWork(ctx context.Context, w LineWork) context.Context {
	return context.WithValue(ctx, lineWorkKey{}, w)
}

// LineWorkOf is the LineWork of the query run under ctx, or nil: then the
// frames are finished after the answer, as every other frame is.
func LineWorkOf(ctx context.Context) LineWork {
	w, _ := ctx.Value(lineWorkKey{}).(LineWork)
	return w
}
