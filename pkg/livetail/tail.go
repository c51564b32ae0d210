package livetail

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// Fetch answers a poll: the logs frame of the query over [from, to].
type Fetch func(ctx context.Context, from, to time.Time) (*data.Frame, error)

// MaxFailures is how many polls in a row may fail before the tail stops
// with the last error; a single failure (a throttled request, a network
// blip) only makes the next poll wait longer.
const MaxFailures = 5

// Tailer polls one query and sends the new lines of each poll.
type Tailer struct {
	Query Query
	Fetch Fetch
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// OnSkip is told when a poll had more lines at one time than the limit.
	OnSkip func(at time.Time)
}

// Run polls until ctx ends, sending every new line once, oldest first, as
// a logs frame of the poll's shape. It returns nil when ctx ends and the
// last error after MaxFailures failed polls in a row.
func (t Tailer) Run(ctx context.Context, send func(*data.Frame) error) error {
	now := t.Now
	if now == nil {
		now = time.Now
	}
	cursor := NewCursor(now(), t.Query.Delay)
	cursor.PastHorizon = t.Query.WholeRuns
	wait := t.Query.Interval
	failures := 0
	timer := time.NewTimer(wait)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-timer.C:
		}
		err := t.poll(ctx, cursor, now(), send)
		switch {
		case err == nil:
			failures, wait = 0, t.Query.Interval
		case ctx.Err() != nil:
			return nil
		case IsSendError(err):
			return err
		default:
			failures++
			if failures >= MaxFailures {
				return fmt.Errorf("live tail stopped after %d failed polls in a row: %w", failures, err)
			}
			wait = min(2*wait, 30*time.Second)
		}
		timer.Reset(wait)
	}
}

func (t Tailer) poll(ctx context.Context, c *Cursor, now time.Time, send func(*data.Frame) error) error {
	from, to := c.Window(now)
	f, err := t.Fetch(ctx, from, to)
	if err != nil {
		return err
	}
	rows, err := RowsOf(f)
	if err != nil {
		return err
	}
	idx, skipped := c.Advance(rows, to, len(rows) >= t.Query.Limit)
	if skipped && t.OnSkip != nil {
		t.OnSkip(to)
	}
	if len(idx) == 0 {
		return nil
	}
	if err := send(Subset(f, idx)); err != nil {
		return &sendError{err}
	}
	return nil
}

// sendError is a failure to send to Grafana: no retry helps, the stream
// is gone.
type sendError struct{ err error }

func (e *sendError) Error() string { return "live tail: sending to Grafana: " + e.err.Error() }
func (e *sendError) Unwrap() error { return e.err }

// IsSendError tells a failed send from a failed poll.
func IsSendError(err error) bool {
	var se *sendError
	return errors.As(err, &se)
}

// RowsOf reads the time and id of every line of a logs frame (nil: none).
func RowsOf(f *data.Frame) ([]Row, error) {
	if f == nil {
		return nil, nil
	}
	ts, _ := f.FieldByName("timestamp")
	ids, _ := f.FieldByName("id")
	if ts == nil || ids == nil {
		return nil, fmt.Errorf("live tail: the logs frame %q has no timestamp or id field", f.Name)
	}
	rows := make([]Row, f.Rows())
	for i := range rows {
		t, ok := ts.ConcreteAt(i)
		id, ok2 := ids.ConcreteAt(i)
		if !ok || !ok2 {
			continue
		}
		rows[i] = Row{Time: t.(time.Time), ID: id.(string)}
	}
	return rows, nil
}

// Subset is the frame with the rows at idx, in that order: same fields,
// configs and type, without the poll's notices (its limit is not the
// tail's).
func Subset(f *data.Frame, idx []int) *data.Frame {
	out := data.NewFrame(f.Name)
	for _, src := range f.Fields {
		dst := data.NewFieldFromFieldType(src.Type(), len(idx))
		dst.Name, dst.Labels, dst.Config = src.Name, src.Labels, src.Config
		for j, i := range idx {
			dst.Set(j, src.At(i))
		}
		out.Fields = append(out.Fields, dst)
	}
	if f.Meta != nil {
		m := *f.Meta
		m.Notices, m.Custom = nil, nil
		out.Meta = &m
	}
	return out
}
