// Package arrowframe writes a data frame as the Arrow IPC file the SDK's
// Frame.MarshalArrow writes, with the same schema and the same decoded
// frame, but sharing the frame's memory: the text of its string and JSON
// columns goes out as pieces of the texts the values were cut from when
// those were registered (Share), and is copied once, exactly sized, when not.
//
// The SDK copies every value into Arrow builders that grow by doubling, then
// the record into a file buffer that grows by doubling too: three copies of
// a 100,000-line logs answer live at once, most of a query's peak memory
// (docs/benchmarks.md, issue 11 goal 5), and a quarter of its CPU.
package arrowframe

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/logbridge/cloudlogs/pkg/frames"
)

// Encoded is a frame's Arrow IPC file in pieces: the file is Parts one after
// the other. A piece may point into a text the frame's values were cut
// from (Share); it keeps that text alive, the frame itself is not needed.
type Encoded struct {
	Parts [][]byte
	Len   int
}

// Bytes joins the pieces (for tests and for callers that need one slice).
func (e *Encoded) Bytes() []byte {
	out := make([]byte, 0, e.Len)
	for _, p := range e.Parts {
		out = append(out, p...)
	}
	return out
}

// Encode writes f as an Arrow IPC file: one record batch per run of shared
// text (batches cut where any column's run starts). A frame with no rows is
// written by the SDK itself; fields other than strings, JSON and times are
// converted by the SDK, a column at a time.
func Encode(f *data.Frame) (*Encoded, error) {
	rows, err := f.RowLen()
	if err != nil {
		return nil, err
	}
	if rows == 0 {
		return encodeBySDK(f)
	}
	schema, err := schemaOf(f)
	if err != nil {
		return nil, err
	}
	cols, err := newColumns(f, schema, rows)
	defer func() {
		for _, c := range cols {
			if c != nil {
				c.release()
			}
		}
	}()
	if err != nil {
		return nil, err
	}
	w := newPieceWriter()
	fw, err := ipc.NewFileWriter(w, ipc.WithSchema(schema))
	if err != nil {
		return nil, err
	}
	for _, b := range batches(cols, rows) {
		arrays := make([]arrow.Array, len(cols))
		for i, c := range cols {
			arrays[i] = c.slice(b.from, b.to, w)
		}
		rec := array.NewRecordBatch(schema, arrays, int64(b.to-b.from))
		err := fw.Write(rec)
		rec.Release()
		for _, a := range arrays {
			a.Release()
		}
		if err != nil {
			return nil, err
		}
	}
	if err := fw.Close(); err != nil {
		return nil, err
	}
	return w.encoded(), nil
}

func encodeBySDK(f *data.Frame) (*Encoded, error) {
	b, err := f.MarshalArrow()
	if err != nil {
		return nil, err
	}
	return &Encoded{Parts: [][]byte{b}, Len: len(b)}, nil
}

// schemaOf is the SDK's own schema for f (names, types, labels, config,
// meta), taken from a frame of the same shape with no rows.
func schemaOf(f *data.Frame) (*arrow.Schema, error) {
	shape := &data.Frame{Name: f.Name, RefID: f.RefID, Meta: f.Meta, Fields: make([]*data.Field, len(f.Fields))}
	for i, fld := range f.Fields {
		sf := data.NewFieldFromFieldType(fld.Type(), 0)
		sf.Name, sf.Labels, sf.Config = fld.Name, fld.Labels, fld.Config
		shape.Fields[i] = sf
	}
	t, err := data.FrameToArrowTable(shape)
	if err != nil {
		return nil, err
	}
	defer t.Release()
	return t.Schema(), nil
}

// newColumns prepares every field's column; the error is the first field's
// in field order.
func newColumns(f *data.Frame, schema *arrow.Schema, rows int) ([]column, error) {
	cols := make([]column, len(f.Fields))
	errs := make([]error, len(f.Fields))
	prepare := func(i int) {
		if cols[i], errs[i] = newColumn(f.Fields[i], schema.Field(i).Type, rows); errs[i] != nil {
			errs[i] = fmt.Errorf("field %q: %w", f.Fields[i].Name, errs[i])
		}
	}
	// A large frame is encoded after its query's last page arrived: its
	// columns are prepared at once.
	frames.EachField(len(f.Fields), rows, prepare)
	for _, err := range errs {
		if err != nil {
			return cols, err
		}
	}
	return cols, nil
}

// column hands out rows [from, to) of one field as an Arrow array.
type column interface {
	// starts are the rows where a record batch must begin for this column
	// to be handed out without a copy (row 0 not included).
	starts() []int
	slice(from, to int, w *pieceWriter) arrow.Array
	release()
}

func newColumn(fld *data.Field, dt arrow.DataType, rows int) (column, error) {
	switch fld.Type() {
	case data.FieldTypeString:
		return newTextColumn(dt, rows, func(i int) (*byte, int) {
			s := *fld.PointerAt(i).(*string)
			return unsafe.StringData(s), len(s)
		})
	case data.FieldTypeJSON:
		return newTextColumn(dt, rows, func(i int) (*byte, int) {
			b := *fld.PointerAt(i).(*json.RawMessage)
			return unsafe.SliceData(b), len(b)
		})
	case data.FieldTypeTime:
		return newTimeColumn(fld, dt, rows), nil
	}
	return newSDKColumn(fld)
}

// batch is the rows [from, to) of one record batch.
type batch struct{ from, to int }

// batches cuts the rows where any column needs a new batch. Columns whose
// text would need too many batches were copied whole by newTextColumn.
func batches(cols []column, rows int) []batch {
	var cuts []int
	for _, c := range cols {
		cuts = append(cuts, c.starts()...)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	out := make([]batch, 0, len(cuts)+1)
	from := 0
	for _, r := range cuts {
		out = append(out, batch{from, r})
		from = r
	}
	return append(out, batch{from, rows})
}

// errTooLarge is a column over Arrow's 32-bit offsets; the SDK fails on it
// too.
var errTooLarge = errors.New("more than 2 GiB of text in one column")

// maxInt32 bounds a column's text.
const maxInt32 = math.MaxInt32
