package scfservice

import (
	"encoding/json"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/scf"
)

// NewLogsFrame is the logs frame of an scfLogs query: one line per log
// entry, the entries of one invocation together and in order. An entry
// without its own timestamp takes the one before it (START takes the
// invocation's start; END and Report its start plus duration). Every line
// carries its invocation's labels (functionName, namespace, requestId,
// retCode, duration, memUsage, billDuration) and the id <requestId>_<n>.
//
// The columns are written directly: the labels object once per invocation
// (its lines share it) and every id into one string, where a LogRow, a
// labels map and a sorted copy of it per line were a third of the plugin's
// CPU for an scfLogs query (docs/benchmarks.md). A logs query's lines are
// written page by page as the pages arrive (linePreparer, loglines.go) and
// only joined here; the lines of invocations without them are written
// here, split among the cores.
func NewLogsFrame(name string, invs []scf.Invocation) *data.Frame {
	return newLogsFrameFor(name, invs, nil)
}

// newLogsFrameFor is NewLogsFrame for a query whose lines go to work.
func newLogsFrameFor(name string, invs []scf.Invocation, work frames.LineWork) *data.Frame {
	return newLogsFrameInParts(name, invs, partsFor(len(invs)), work)
}

// newLogsFrameInParts is NewLogsFrame writing the lines not written yet
// with n builders at once (the frame is the same for every n), every
// builder's lines handed to work, if any.
func newLogsFrameInParts(name string, invs []scf.Invocation, n int, work frames.LineWork) *data.Frame {
	return joinLines(name, linesOf(invs, n, work), work)
}

// invocationsPerPart is the least work worth a goroutine of its own.
const invocationsPerPart = 1000

// partsFor is how many builders share n invocations: one per core, each
// with at least invocationsPerPart of them, and always one.
func partsFor(n int) int {
	return max(1, min(runtime.GOMAXPROCS(0), n/invocationsPerPart))
}

// logsBuilder collects the columns of a logs frame, invocation by
// invocation.
type logsBuilder struct {
	cols frames.LogColumns
	// split is the one slice every invocation's log is split into.
	split []LogEntry
	// labels holds each invocation's labels object.
	labels []byte
	digits [20]byte
	// worked is what the query's LineWork found in the lines.
	worked frames.PageLines
	// ids holds every line's id: each is a piece of its String(), which
	// later writes never change (a builder only appends, into the same
	// bytes or a copy), so no string is made per line.
	ids strings.Builder
}

// build appends the lines of n invocations, inv(0) to inv(n-1), and says
// in where[k] where inv(k)'s lines are.
func (b *logsBuilder) build(n int, inv func(k int) *scf.Invocation, where []preparedLines) {
	b.grow(n * 4)
	for k := range n {
		from := len(b.cols.Time)
		b.add(inv(k))
		where[k] = preparedLines{b: b, from: from, to: len(b.cols.Time)}
		if k == 0 {
			// Room for labels like the first run's, so the buffer seldom grows.
			b.labels = slices.Grow(b.labels, (n-1)*len(b.labels)*9/8)
		}
	}
}

func (b *logsBuilder) grow(lines int) {
	b.cols = frames.LogColumns{Time: make([]time.Time, 0, lines), Body: make([]string, 0, lines),
		Severity: make([]string, 0, lines), ID: make([]string, 0, lines), Labels: make([]json.RawMessage, 0, lines)}
	b.ids.Grow(lines * 16)
}

// add appends the lines of one invocation.
func (b *logsBuilder) add(inv *scf.Invocation) {
	failed := inv.Failed()
	last := inv.StartTime
	end := inv.StartTime.Add(time.Duration(inv.DurationMs * float64(time.Millisecond)))
	b.split = appendEntries(b.split[:0], inv.Log)
	// The lines of one invocation share its labels' bytes: nothing writes
	// into a frame's labels in place (the scrubber and the derived fields
	// set new values), and nothing is appended before len(b.labels) again.
	from := len(b.labels)
	b.labels = appendLabels(b.labels, inv)
	labels := json.RawMessage(b.labels[from:len(b.labels):len(b.labels)])
	for i, e := range b.split {
		ts := e.Time
		switch {
		case !ts.IsZero():
			last = ts
		case e.Marker == "START":
			ts = inv.StartTime
		case e.Marker == "END" || e.Marker == "Report":
			ts = end
			if ts.Before(last) {
				ts = last
			}
		default:
			ts = last
		}
		b.cols.Time = append(b.cols.Time, ts)
		b.cols.Body = append(b.cols.Body, e.Body)
		b.cols.Severity = append(b.cols.Severity, Severity(e, failed))
		idFrom := b.ids.Len()
		b.ids.WriteString(inv.RequestID)
		b.ids.WriteByte('_')
		b.ids.Write(strconv.AppendInt(b.digits[:0], int64(i), 10))
		b.cols.ID = append(b.cols.ID, b.ids.String()[idFrom:])
		b.cols.Labels = append(b.cols.Labels, labels)
	}
}

// appendLabels appends an invocation's labels as the JSON object
// json.Marshal writes for them as a map: keys sorted, every value a
// string, the numbers in strconv's formatting.
func appendLabels(dst []byte, inv *scf.Invocation) []byte {
	dst = append(dst, `{"billDuration":"`...)
	dst = strconv.AppendInt(dst, inv.BillDurationMs, 10)
	dst = append(dst, `","duration":"`...)
	dst = strconv.AppendFloat(dst, inv.DurationMs, 'f', -1, 64)
	dst = append(dst, `","functionName":`...)
	dst = frames.AppendJSONString(dst, inv.FunctionName)
	dst = append(dst, `,"memUsage":"`...)
	dst = strconv.AppendInt(dst, inv.MemUsageBytes, 10)
	dst = append(dst, `","namespace":`...)
	dst = frames.AppendJSONString(dst, inv.Namespace)
	dst = append(dst, `,"requestId":`...)
	dst = frames.AppendJSONString(dst, inv.RequestID)
	dst = append(dst, `,"retCode":"`...)
	dst = strconv.AppendInt(dst, inv.RetCode, 10)
	return append(dst, `"}`...)
}
