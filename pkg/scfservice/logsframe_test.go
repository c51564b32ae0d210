package scfservice

import (
	"encoding/json"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/frames/framestest"
	"github.com/logbridge/cloudlogs/pkg/scf"
)

// sameFrame fails t unless NewLogsFrame and the reference build the same
// frame, to the byte: the JSON Grafana reads and the Arrow it is sent in.
func sameFrame(t testing.TB, invs []scf.Invocation) *data.Frame {
	t.Helper()
	got := NewLogsFrame("fn", invs)
	framestest.RequireSame(t, refLogsFrame("fn", invs), got)
	return got
}

var frameStart = time.Date(2026, 11, 20, 8, 0, 0, 0, time.FixedZone("CST", 8*3600))

// trickyInvocations have what the frame's columns must write as the
// labels map and LogRows did: escapes in the labels, numbers of every
// kind, failed runs, logs of every runtime, no log at all.
var trickyInvocations = []scf.Invocation{
	{FunctionName: "hello", Namespace: "default", RequestID: "r1", StartTime: frameStart, DurationMs: 12, BillDurationMs: 100, MemUsageBytes: 32 << 20,
		Log: "START RequestId: r1\n2026-11-20T00:00:00.100Z\tr1\tINFO\thandled\nEND RequestId: r1\nReport RequestId: r1 Duration: 12 ms\n"},
	{FunctionName: `a"b\c<d>&e` + "\u2028\x01\xff", Namespace: "日本", RequestID: "r\n2", StartTime: frameStart, DurationMs: 2.735, RetCode: 433,
		Log: "[ERROR]\t2026-11-20T00:00:01.000Z\tr2\tboom\nTraceback (most recent call last):\n  x\n2026/11/20 00:00:02 go line\n" +
			"2026-11-20 00:00:03,123 WARN  [main] java\n2026-11-20 00:00:03 INFO\u00a0x\n\nplain continuation\r\nReport RequestId: r2\n"},
	{FunctionName: "big", RequestID: "", StartTime: frameStart, DurationMs: 1e21, MemUsageBytes: -1, BillDurationMs: math.MaxInt64, RetCode: 2,
		Log: "no timestamp here\nerror: it failed\n2026-11-20T00:00:00Z\tr\tdebug\tlower-case level\n2026-11-20T00:00:00Z\tr\tıNFO\tdotless\n"},
	{FunctionName: "nan", StartTime: frameStart, DurationMs: math.NaN(), RetCode: 1, Log: "END RequestId: x\nlevel=warn something\n"},
	{FunctionName: "inf", StartTime: frameStart, DurationMs: math.Inf(-1), Log: ""},
	{FunctionName: "blank", StartTime: frameStart, DurationMs: 0.000001, Log: "\n \n\r\n"},
}

func TestLogsFrameColumnsMatchRows(t *testing.T) {
	f := sameFrame(t, trickyInvocations)
	require.Equal(t, 13, f.Rows(), "4 + 5 + 3 + 1 entries: continuation lines stay in their entry")
	assert.Equal(t, "r1_1", f.Fields[3].At(1))
	assert.Equal(t, json.RawMessage(`{"billDuration":"100","duration":"12","functionName":"hello","memUsage":"33554432","namespace":"default","requestId":"r1","retCode":"0"}`),
		f.Fields[4].At(0))
	for i := 0; i < 4; i++ {
		assert.Equal(t, f.Fields[4].At(0), f.Fields[4].At(i), "the lines of one run carry its labels")
	}
	sameFrame(t, nil)
	sameFrame(t, trickyInvocations[4:])
}

// Built in parts at once (as a large answer is, one part per core), the
// frame is the one a single builder makes: the parts join in order, each
// line keeps its own run's labels and id.
func TestLogsFrameInPartsIsTheSameFrame(t *testing.T) {
	var invs []scf.Invocation
	for i := range 50 {
		for _, inv := range trickyInvocations {
			inv.RequestID += "-" + strconv.Itoa(i)
			inv.StartTime = inv.StartTime.Add(time.Duration(i) * time.Second)
			invs = append(invs, inv)
		}
	}
	want := sameFrame(t, invs)
	for _, parts := range []int{0, 2, 3, 7, len(invs), len(invs) + 5} {
		got := newLogsFrameInParts("fn", invs, parts, nil)
		require.Equal(t, want.Rows(), got.Rows(), "%d parts", parts)
		for i, field := range want.Fields {
			for row := 0; row < want.Rows(); row++ {
				require.Equal(t, field.At(row), got.Fields[i].At(row), "%d parts: %s of line %d", parts, field.Name, row)
			}
		}
	}
	assert.Equal(t, 1, partsFor(invocationsPerPart-1), "a small answer is built by one builder")
	assert.LessOrEqual(t, partsFor(100*invocationsPerPart), runtime.GOMAXPROCS(0))
}

// preparedPages is n pages of the tricky invocations (request ids made
// unique), each given to prepare as a fetch gives its pages.
func preparedPages(n int, prepare func([]scf.Invocation)) [][]scf.Invocation {
	var pages [][]scf.Invocation
	for p := range n {
		var page []scf.Invocation
		for i, inv := range trickyInvocations {
			inv.RequestID += fmt.Sprintf("-%d-%d", p, i)
			page = append(page, inv)
		}
		prepare(page)
		pages = append(pages, page)
	}
	return pages
}

// Lines written page by page as the pages arrive (linePreparer) join into
// the frame of the invocations the fetch kept, whatever it kept: pages
// whole, in another order, some invocations dropped (out of range, seen
// twice) and some never prepared (read without the hook).
func TestPreparedPagesJoinIntoTheFrameOfWhatWasKept(t *testing.T) {
	pages := preparedPages(4, linePreparer(nil))
	unprepared := trickyInvocations[0]
	unprepared.RequestID = "late"
	var kept []scf.Invocation
	kept = append(kept, pages[2]...)
	kept = append(kept, pages[0][1:4]...)
	kept = append(kept, unprepared)
	kept = append(kept, pages[3][5], pages[3][0], pages[1][2])
	kept = append(kept, pages[1][3:]...)
	f := sameFrame(t, kept)
	assert.Equal(t, "late_0", f.Fields[3].At(13+5+3+1), "the unprepared run's first line, after pages[2] (13 lines) and 3 runs of pages[0]")
	assert.Nil(t, kept[len(pages[2])+3].Prepared, "NewLogsFrame leaves the invocations alone")
	for _, page := range pages {
		sameFrame(t, page)
	}
}

// bodiesSeen is a frames.LineWork that keeps each line's body as it saw
// it, and changes it in place (marks it), as a scrubber may.
type bodiesSeen struct {
	joined []frames.PageLines
}

type seenLines []string

func (s seenLines) Lines() int                          { return len(s) }
func (s seenLines) Slice(from, to int) frames.PageLines { return s[from:to] }

func (*bodiesSeen) Page(cols frames.LogColumns) frames.PageLines {
	seen := slices.Clone(cols.Body)
	for i := range cols.Body {
		cols.Body[i] = "seen: " + cols.Body[i]
	}
	return seenLines(seen)
}

func (w *bodiesSeen) Join(_ *data.Frame, parts []frames.PageLines) { w.joined = parts }

// With the query's LineWork, every line, prepared page by page or written
// at the end, goes to it once, and what it found joins the frame's lines
// in the frame's order, whatever the fetch kept and in whatever order.
func TestLineWorkFollowsTheLinesIntoTheFrame(t *testing.T) {
	w := &bodiesSeen{}
	pages := preparedPages(3, linePreparer(w))
	unprepared := trickyInvocations[1]
	unprepared.RequestID = "late"
	var kept []scf.Invocation
	kept = append(kept, pages[2][3:]...)
	kept = append(kept, unprepared, pages[0][4], pages[0][0])
	kept = append(kept, pages[1][1:3]...)
	fresh := slices.Clone(kept)
	for i := range fresh {
		fresh[i].Prepared = nil
	}
	want := NewLogsFrame("fn", fresh)
	f := newLogsFrameInParts("fn", kept, 2, w)
	require.Equal(t, want.Rows(), f.Rows())
	var seen []string
	for _, part := range w.joined {
		seen = append(seen, part.(seenLines)...)
	}
	require.Len(t, seen, f.Rows())
	for row := range f.Rows() {
		assert.Equal(t, want.Fields[1].At(row), seen[row], "what the work saw of line %d", row)
		assert.Equal(t, "seen: "+seen[row], f.Fields[1].At(row), "line %d as the work left it", row)
	}
}

func TestEntryStartMatchesReference(t *testing.T) {
	for _, inv := range trickyInvocations {
		for _, line := range strings.Split(inv.Log, "\n") {
			checkEntryStart(t, line)
		}
	}
	for _, line := range []string{"2026-11-20T00:00:00Z\ta\tb", "2026-11-20T00:00:00Z\t\t\t", "2026-11-20T00:00:00Z\tr\tWARNING\tx\ty",
		"2026-11-20 00:00:03 \u2003ERROR\u2003x", "2026-11-20 00:00:03.5 ſEVERE", "2026-11-20 00:00:03 CRıTıCAL x", "2026-11-20 00:00:03 \xffINFO"} {
		checkEntryStart(t, line)
	}
	e, ok := parseSCFEntryStart("2026-11-20 00:00:03 CRıTıCAL x")
	assert.True(t, ok)
	assert.Equal(t, "CRıTıCAL", e.Level, "strings.ToUpper makes a level word of it, as before")
}

func checkEntryStart(t testing.TB, line string) {
	t.Helper()
	got, gotOK := parseSCFEntryStart(line)
	want, wantOK := refParseSCFEntryStart(line)
	require.Equal(t, wantOK, gotOK, "%q", line)
	require.Equal(t, want, got, "%q", line)
}

// FuzzLogsFrame: whatever an invocation's log and labels hold, the frame's
// columns are what LogRows and the labels map made, and each line's start
// is read as before.
func FuzzLogsFrame(f *testing.F) {
	for _, inv := range trickyInvocations {
		f.Add(inv.FunctionName, inv.RequestID, inv.Log, inv.DurationMs, inv.RetCode)
	}
	f.Fuzz(func(t *testing.T, fn, requestID, log string, duration float64, retCode int64) {
		for _, line := range strings.Split(log, "\n") {
			checkEntryStart(t, line)
		}
		inv := scf.Invocation{FunctionName: fn, Namespace: requestID, RequestID: requestID, StartTime: frameStart,
			DurationMs: duration, RetCode: retCode, MemUsageBytes: retCode, BillDurationMs: -retCode, Log: log}
		sameFrame(t, []scf.Invocation{inv, trickyInvocations[0], inv})
	})
}
