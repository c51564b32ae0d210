package slsservice

import (
	"encoding/hex"
	"strconv"
	"strings"
	"sync"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/logbridge/cloudlogs/pkg/arrowframe"
	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/sls"
)

// LogsPages builds one logs frame from pages of lines converted as they
// arrive (its Add is an sls.PageSink): each page becomes a chunk of frame
// columns at once, and its decoded lines (the page's JSON text and a Field
// per key) can go. A 100,000-line query so never holds the decoded lines of
// more pages than it has requests in flight, and the conversion runs beside
// the requests instead of after the last one.
type LogsPages struct {
	mu     sync.Mutex
	chunks map[int]*logsChunk
	arena  textArena
	work   frames.LineWork
}

// logsChunk is one page's lines as frame columns, and the hash of each
// line's id (the ids are written once the chunks are in order).
type logsChunk struct {
	cols frames.LogColumns
	sums [][slsIDBytes]byte
	// worked is what the query's LineWork found in the page's lines.
	worked frames.PageLines
}

// NewLogsPages expects up to pages pages.
func NewLogsPages(pages int) *LogsPages {
	return &LogsPages{chunks: make(map[int]*logsChunk, pages), arena: textArena{pagesLeft: pages}}
}

// SetLineWork hands each page's lines to w once converted (nil: none).
func (p *LogsPages) SetLineWork(w frames.LineWork) { p.work = w }

// Add converts page i; it may be called from several goroutines at once.
func (p *LogsPages) Add(i int, logs []sls.Log) {
	b := newRowBuilder(len(logs))
	for j, l := range logs {
		b.row(j, l)
	}
	c := b.finish(&p.arena)
	if p.work != nil {
		c.worked = p.work.Page(c.cols)
	}
	p.mu.Lock()
	p.chunks[i] = c
	p.mu.Unlock()
}

// Frame joins pages [0, kept) in order into the logs frame, writing each
// page's columns straight into the frame's and dropping the page; later
// pages are dropped too. The values themselves are not copied.
func (p *LogsPages) Frame(name string, kept int) *data.Frame {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for i := 0; i < kept; i++ {
		if c := p.chunks[i]; c != nil {
			n += len(c.sums)
		}
	}
	f, cols := frames.NewLogsFrameLen(name, n)
	out := &logsChunk{cols: cols, sums: make([][slsIDBytes]byte, 0, n)}
	var worked []frames.PageLines
	at := 0
	for i := 0; i < kept; i++ {
		c := p.chunks[i]
		if c == nil {
			continue
		}
		if p.work != nil {
			worked = append(worked, c.worked)
		}
		out.sums = append(out.sums, c.sums...)
		copy(cols.Time[at:], c.cols.Time)
		copy(cols.Body[at:], c.cols.Body)
		copy(cols.Labels[at:], c.cols.Labels)
		for j, s := range c.cols.Severity {
			if s == "" {
				s = frames.SeverityUnknown
			}
			cols.Severity[at+j] = s
		}
		at += len(c.sums)
		delete(p.chunks, i)
	}
	p.chunks = nil
	out.assignIDs(true)
	if p.work != nil {
		p.work.Join(f, worked)
	}
	return f
}

// assignIDs writes each line's id, the hex of its hash, into one string.
// With repeats, identical lines (same pack, time and fields) still get
// distinct ids: the n-th repeat in the frame's order gets a stable suffix.
func (c *logsChunk) assignIDs(repeats bool) {
	var seen map[[slsIDBytes]byte]int
	if repeats && len(c.sums) > 1 {
		seen = make(map[[slsIDBytes]byte]int, len(c.sums))
	}
	var text strings.Builder
	text.Grow(len(c.sums) * 2 * slsIDBytes)
	ends := make([]int, len(c.sums))
	var id [2 * slsIDBytes]byte
	for i, sum := range c.sums {
		hex.Encode(id[:], sum[:])
		text.Write(id[:])
		if seen != nil {
			n := seen[sum]
			seen[sum] = n + 1
			if n > 0 {
				text.WriteByte('_')
				text.WriteString(strconv.Itoa(n))
			}
		}
		ends[i] = text.Len()
	}
	all := text.String()
	arrowframe.Share(all)
	start := 0
	for i, end := range ends {
		c.cols.ID[i] = all[start:end]
		start = end
	}
	c.sums = nil
}
