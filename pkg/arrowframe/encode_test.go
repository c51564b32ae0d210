package arrowframe

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/frames"
)

// sharedTexts cuts values out of shared texts the way the logs frames do:
// texts of `per` values each, every value registered with Share.
func sharedTexts(rows, per int, value func(i int) string) []string {
	out := make([]string, 0, rows)
	for start := 0; start < rows; start += per {
		var b strings.Builder
		var ends []int
		for i := start; i < min(start+per, rows); i++ {
			b.WriteString(value(i))
			ends = append(ends, b.Len())
		}
		text := b.String()
		Share(text)
		from := 0
		for _, end := range ends {
			out = append(out, text[from:end])
			from = end
		}
	}
	return out
}

func sharedJSON(rows, per int) []json.RawMessage {
	out := make([]json.RawMessage, 0, rows)
	for start := 0; start < rows; start += per {
		var buf []byte
		var ends []int
		for i := start; i < min(start+per, rows); i++ {
			buf = fmt.Appendf(buf, `{"host":"h%d","n":"%d"}`, i%7, i)
			ends = append(ends, len(buf))
		}
		ShareBytes(buf)
		from := 0
		for _, end := range ends {
			out = append(out, json.RawMessage(buf[from:end:end]))
			from = end
		}
	}
	return out
}

func logsFrame(rows, per int) *data.Frame {
	times := make([]time.Time, rows)
	severity := make([]string, rows)
	for i := range rows {
		times[i] = time.Unix(1700000000+int64(i), int64(i)*1000).UTC()
		severity[i] = []string{"info", "error", "warning"}[i%3]
	}
	f := data.NewFrame("A",
		data.NewField("timestamp", nil, times),
		data.NewField("body", nil, sharedTexts(rows, per, func(i int) string { return fmt.Sprintf("line %d: GET /x?q=%d 200 ünïcode", i, i*i) })),
		data.NewField("severity", nil, severity),
		data.NewField("id", nil, sharedTexts(rows, rows, func(i int) string { return fmt.Sprintf("%020x", i) })),
		data.NewField("labels", nil, sharedJSON(rows, per)),
	)
	f.RefID = "A"
	f.Meta = &data.FrameMeta{Type: data.FrameTypeLogLines, TypeVersion: data.FrameTypeVersion{0, 0},
		PreferredVisualization: data.VisTypeLogs, ExecutedQueryString: "* | limit 10"}
	f.Fields[1].Config = &data.FieldConfig{DisplayName: "Line"}
	f.Fields[4].Labels = data.Labels{"service": "sls"}
	return f
}

// requireSameAsSDK decodes both encodings with the SDK and compares them.
func requireSameAsSDK(t *testing.T, f *data.Frame) *Encoded {
	t.Helper()
	want, err := f.MarshalArrow()
	require.NoError(t, err)
	enc, err := Encode(f)
	require.NoError(t, err)
	got := enc.Bytes()
	require.Len(t, got, enc.Len)
	wantFrame, err := data.UnmarshalArrowFrame(want)
	require.NoError(t, err)
	gotFrame, err := data.UnmarshalArrowFrame(got)
	require.NoError(t, err)
	wantJSON, err := json.Marshal(wantFrame)
	require.NoError(t, err)
	gotJSON, err := json.Marshal(gotFrame)
	require.NoError(t, err)
	require.JSONEq(t, string(wantJSON), string(gotJSON))
	return enc
}

// pointsInto says whether s itself, not a copy, is inside a part of enc.
func pointsInto(enc *Encoded, s string) bool {
	lo := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	for _, p := range enc.Parts {
		a := uintptr(unsafe.Pointer(unsafe.SliceData(p)))
		if lo >= a && lo+uintptr(len(s)) <= a+uintptr(len(p)) {
			return true
		}
	}
	return false
}

func TestEncodeLogsFrameSharesItsText(t *testing.T) {
	f := logsFrame(1000, 200)
	enc := requireSameAsSDK(t, f)
	body := *f.Fields[1].PointerAt(0).(*string)
	assert.True(t, pointsInto(enc, body), "the bodies go out uncopied")
	copied := 0
	for _, p := range enc.Parts {
		if !sharedPiece(p) {
			copied += len(p)
		}
	}
	assert.Less(t, copied, enc.Len/3, "most of the answer is the frame's own text")
}

// sharedPiece says whether p lies in a registered text.
func sharedPiece(p []byte) bool {
	a := uintptr(unsafe.Pointer(unsafe.SliceData(p)))
	shared.Lock()
	defer shared.Unlock()
	for start, t := range shared.byStart {
		if a >= start && a < t.end {
			return true
		}
	}
	return false
}

func TestEncodeCopiesWhatIsNotShared(t *testing.T) {
	rows := 300
	bodies := make([]string, rows)
	for i := range bodies {
		bodies[i] = strings.Repeat("x", i%50) + fmt.Sprint(i) // separate allocations
	}
	f := data.NewFrame("plain", data.NewField("body", nil, bodies))
	enc := requireSameAsSDK(t, f)
	for _, p := range enc.Parts {
		assert.False(t, sharedPiece(p))
	}
}

func TestEncodeReplacedValueBreaksTheRun(t *testing.T) {
	f := logsFrame(500, 100)
	// As the scrubber does: one value replaced by a new string.
	f.Fields[1].Set(250, "[redacted]")
	f.Fields[4].Set(3, json.RawMessage(`{"a":"b"}`))
	requireSameAsSDK(t, f)
}

func TestEncodeEdgeShapes(t *testing.T) {
	one := "x"
	cases := map[string]*data.Frame{
		"no rows":    data.NewFrame("empty", data.NewField("body", nil, []string{})),
		"one row":    data.NewFrame("one", data.NewField("body", nil, []string{"only"})),
		"all empty":  data.NewFrame("blank", data.NewField("body", nil, make([]string, 100))),
		"empty runs": data.NewFrame("gaps", data.NewField("body", nil, append(make([]string, 50), sharedTexts(50, 10, func(i int) string { return fmt.Sprint(i) })...))),
		"other types": data.NewFrame("mixed",
			data.NewField("n", nil, []float64{1, 2.5, -3}),
			data.NewField("i", data.Labels{"a": "b"}, []int64{1, 2, 3}),
			data.NewField("ok", nil, []bool{true, false, true}),
			data.NewField("s", nil, []*string{&one, nil, &one}),
			data.NewField("t", nil, []*time.Time{nil, nil, nil}),
			data.NewField("j", nil, []json.RawMessage{json.RawMessage(`1`), json.RawMessage(`[]`), json.RawMessage(`{}`)}),
		),
		"small batches": logsFrame(2000, 5),
		// From frames.ParallelRows on, the columns are prepared at once.
		"columns at once": logsFrame(frames.ParallelRows+1, 300),
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) { requireSameAsSDK(t, f) })
	}
}

func TestEncodeRefusesUnevenFields(t *testing.T) {
	f := data.NewFrame("bad", data.NewField("a", nil, []string{"x"}), data.NewField("b", nil, []string{"x", "y"}))
	_, err := Encode(f)
	require.Error(t, err)
}

// BenchmarkEncode10k compares Encode with the SDK's MarshalArrow on a
// 10,000-line logs frame whose text is shared as the SLS frames' is.
func BenchmarkEncode10k(b *testing.B) {
	f := logsFrame(10000, 100)
	b.Run("sdk", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := f.MarshalArrow(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("shared", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Encode(f); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// Short texts are not registered: a one-byte string can be the runtime's
// static copy, where a weak pointer would end the process (the fuzzer
// found it).
func TestShareLeavesShortTextAlone(t *testing.T) {
	one := []byte{'a'}
	Share(string(one))
	Share("a string literal, not heap memory")
	ShareBytes([]byte("short"))
	assert.Zero(t, sharedEnd(unsafe.StringData(string(one))))
}

// A page whose text was not shared (too short, or built elsewhere) is
// copied on its own; the other pages still go out uncopied.
func TestEncodeCopiesOnlyTheRunsNotShared(t *testing.T) {
	f := logsFrame(1000, 200)
	for _, row := range []int{0, 500, 999} {
		f.Fields[1].Set(row, fmt.Sprint("own string ", row))
	}
	enc := requireSameAsSDK(t, f)
	// A run must start where a shared text starts, so the rest of the first
	// page (after its replaced first value) is copied too; the second page
	// is not.
	body := *f.Fields[1].PointerAt(201).(*string)
	assert.True(t, pointsInto(enc, body), "the shared pages still go out uncopied")
}
