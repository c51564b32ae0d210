package arrowframe

import (
	"time"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// textColumn is a string or JSON field: its values' bytes either stay
// where they are, as runs of values that follow each other inside one
// shared text (Share), or are copied once, a run of values that are not in
// a shared text (a scrubbed value, a short page) into a buffer of its own,
// the whole column when it would need too many runs.
type textColumn struct {
	dt arrow.DataType
	// cum[i] is how many bytes the values before row i hold (Arrow's
	// offsets are 32-bit: a column holds at most 2 GiB).
	cum []int32
	// runs start at row 0 and wherever the next value is not right after
	// the previous one in the same shared text; base is where the run's
	// text starts.
	runs []textRun
}

type textRun struct {
	row  int
	base unsafe.Pointer
	// baseCum is cum at the run's first byte.
	baseCum int32
	// copied runs' values are gathered into a buffer of their own.
	copied bool
}

// maxRuns is how many runs a column may be cut into before its text is
// copied whole instead: a record batch per run costs a few hundred bytes of
// metadata, so runs of fewer than 32 rows on average are not worth it.
func maxRuns(rows int) int { return max(1, rows/32) }

func newTextColumn(dt arrow.DataType, rows int, at func(int) (*byte, int)) (*textColumn, error) {
	c := &textColumn{dt: dt, cum: make([]int32, rows+1), runs: []textRun{{}}}
	started := false              // whether runs[0] has its first value
	var start, end, limit uintptr // the previous value, and the end of its shared text
	for i := range rows {
		p, n := at(i)
		total := int64(c.cum[i]) + int64(n)
		if total > maxInt32 {
			return nil, errTooLarge
		}
		c.cum[i+1] = int32(total)
		if n == 0 || len(c.runs) > maxRuns(rows) {
			continue // once over maxRuns only cum is still needed
		}
		addr := uintptr(unsafe.Pointer(p))
		last := &c.runs[len(c.runs)-1]
		if started && !last.copied && addr == end && addr+uintptr(n) <= limit {
			end = addr + uintptr(n)
			continue // the shared run goes on
		}
		if started && last.copied && (addr == end || addr == start) {
			// The copied run goes on without a look-up: a value right
			// after the previous one, or the same bytes again (an SCF run's
			// lines share their labels), is no shared text's start.
			start, end = addr, addr+uintptr(n)
			continue
		}
		run := textRun{row: i, base: unsafe.Pointer(p), baseCum: c.cum[i]}
		if limit = sharedEnd(p); limit == 0 || addr+uintptr(n) > limit {
			if started && last.copied {
				start, end = addr, addr+uintptr(n)
				continue // one more value for the run being copied
			}
			run.base, run.copied = nil, true
		}
		if started {
			c.runs = append(c.runs, run)
		} else {
			c.runs[0], started = run, true
			c.runs[0].row = 0
		}
		start, end = addr, addr+uintptr(n)
	}
	if len(c.runs) > maxRuns(rows) {
		c.runs = []textRun{{copied: true}}
	}
	c.copyRuns(rows, at)
	return c, nil
}

// copyRuns gives each copied run a buffer of the exact size holding its
// values one after another.
func (c *textColumn) copyRuns(rows int, at func(int) (*byte, int)) {
	for k := range c.runs {
		r := &c.runs[k]
		if !r.copied {
			continue
		}
		to := rows
		if k+1 < len(c.runs) {
			to = c.runs[k+1].row
		}
		buf := make([]byte, c.cum[to]-c.cum[r.row])
		for i := r.row; i < to; i++ {
			if p, n := at(i); n > 0 {
				copy(buf[c.cum[i]-c.cum[r.row]:], unsafe.Slice(p, n))
			}
		}
		r.base, r.baseCum = unsafe.Pointer(unsafe.SliceData(buf)), c.cum[r.row]
	}
}

func (c *textColumn) starts() []int {
	out := make([]int, 0, len(c.runs)-1)
	for _, r := range c.runs[1:] {
		out = append(out, r.row)
	}
	return out
}

// slice is rows [from, to), which lie in one run (batches cut at runs).
func (c *textColumn) slice(from, to int, w *pieceWriter) arrow.Array {
	r := c.runs[0]
	for _, next := range c.runs[1:] {
		if next.row > from {
			break
		}
		r = next
	}
	offsets := make([]int32, to-from+1)
	for i := range offsets {
		offsets[i] = c.cum[from+i] - c.cum[from]
	}
	var values []byte
	if n := c.cum[to] - c.cum[from]; n > 0 {
		values = unsafe.Slice((*byte)(unsafe.Add(r.base, c.cum[from]-r.baseCum)), n)
	}
	offBytes := arrow.Int32Traits.CastToBytes(offsets)
	w.mayKeep(offBytes)
	w.mayKeep(values)
	d := array.NewData(c.dt, to-from, []*memory.Buffer{nil, memory.NewBufferBytes(offBytes), memory.NewBufferBytes(values)}, nil, 0, 0)
	defer d.Release()
	return array.MakeFromData(d)
}

func (c *textColumn) release() {}

// timeColumn is a time field as the nanoseconds the SDK writes.
type timeColumn struct {
	dt    arrow.DataType
	nanos []int64
}

func newTimeColumn(fld *data.Field, dt arrow.DataType, rows int) *timeColumn {
	c := &timeColumn{dt: dt, nanos: make([]int64, rows)}
	for i := range rows {
		c.nanos[i] = fld.PointerAt(i).(*time.Time).UnixNano()
	}
	return c
}

func (c *timeColumn) starts() []int { return nil }

func (c *timeColumn) slice(from, to int, w *pieceWriter) arrow.Array {
	b := arrow.Int64Traits.CastToBytes(c.nanos[from:to])
	w.mayKeep(b)
	d := array.NewData(c.dt, to-from, []*memory.Buffer{nil, memory.NewBufferBytes(b)}, nil, 0, 0)
	defer d.Release()
	return array.MakeFromData(d)
}

func (c *timeColumn) release() {}

// sdkColumn is any other field, converted by the SDK.
type sdkColumn struct{ arr arrow.Array }

func newSDKColumn(fld *data.Field) (*sdkColumn, error) {
	t, err := data.FrameToArrowTable(data.NewFrame("", fld))
	if err != nil {
		return nil, err
	}
	defer t.Release()
	chunks := t.Column(0).Data().Chunks()
	if len(chunks) != 1 {
		arr, err := array.Concatenate(chunks, memory.DefaultAllocator)
		return &sdkColumn{arr: arr}, err
	}
	chunks[0].Retain()
	return &sdkColumn{arr: chunks[0]}, nil
}

func (c *sdkColumn) starts() []int { return nil }

func (c *sdkColumn) slice(from, to int, _ *pieceWriter) arrow.Array {
	return array.NewSlice(c.arr, int64(from), int64(to))
}

func (c *sdkColumn) release() { c.arr.Release() }
