package plugin

import (
	"encoding/json"
	"sync"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/logbridge/cloudlogs/pkg/derived"
	"github.com/logbridge/cloudlogs/pkg/frames"
)

// lineWork is one query's frames.LineWork: the instance's derived fields
// read from each page's lines, then the lines and those values scrubbed,
// as the service converts the pages. runOne then leaves the values of the
// fields it did out of its own pass over the answer. Scrubbing a page
// before the answer is complete misses no secret: a temporary key is
// learned (scrubber.add) when it is fetched, before a request is signed
// with it, so a page can only echo secrets the scrubber knows already.
type lineWork struct {
	derived *derived.Set
	scrub   *scrubber
	origin  json.RawMessage

	mu sync.Mutex
	// joined are the frames joined from pages this work read, and done
	// the fields whose every value was scrubbed page by page.
	joined []*data.Frame
	done   map[*data.Field]bool
}

func newLineWork(d *Datasource, origin json.RawMessage) *lineWork {
	return &lineWork{derived: d.derived, scrub: d.scrub, origin: origin}
}

// pageLines is what Page found: the derived values of the page's lines.
type pageLines struct{ derived.PageValues }

func (p pageLines) Lines() int { return p.PageValues.Lines }

func (p pageLines) Slice(from, to int) frames.PageLines {
	return pageLines{p.PageValues.Slice(from, to)}
}

// Page reads the derived values first, as runOne does, so a value taken
// from a line is scrubbed as the line is.
func (w *lineWork) Page(cols frames.LogColumns) frames.PageLines {
	found := w.derived.Page(cols.Body, cols.Labels)
	w.scrub.strings(cols.Body)
	w.scrub.rawJSONs(cols.Labels)
	for _, v := range found.Values {
		w.scrub.strings(v)
	}
	return pageLines{found}
}

// Join adds the derived fields and notes that the body, the labels and the
// added fields are scrubbed already. The frame's other values (its ids,
// severities, times) and its names are still scrubbed by runOne.
func (w *lineWork) Join(f *data.Frame, parts []frames.PageLines) {
	pages := make([]derived.PageValues, len(parts))
	for i, p := range parts {
		pages[i] = p.(pageLines).PageValues
	}
	before := len(f.Fields)
	w.derived.Join(f, pages, w.origin)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done == nil {
		w.done = map[*data.Field]bool{}
	}
	for _, fld := range f.Fields[before:] {
		w.done[fld] = true
	}
	for _, name := range []string{"body", "labels"} {
		if fld, _ := f.FieldByName(name); fld != nil {
			w.done[fld] = true
		}
	}
	w.joined = append(w.joined, f)
}

// finished says whether frame f was joined from pages this work read:
// its derived fields are in it already.
func (w *lineWork) finished(f *data.Frame) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, j := range w.joined {
		if j == f {
			return true
		}
	}
	return false
}

// valuesScrubbed says whether every value of fld was scrubbed page by page.
func (w *lineWork) valuesScrubbed(fld *data.Field) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.done[fld]
}
