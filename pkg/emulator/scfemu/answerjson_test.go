package scfemu

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sameAsEncodingJSON checks that an appender either gives up or writes what
// encoding/json writes.
func sameAsEncodingJSON(t testing.TB, v any, got []byte, ok bool) {
	t.Helper()
	if !ok {
		return
	}
	want, err := json.Marshal(v)
	require.NoError(t, err, "an appender wrote what encoding/json refuses: %q", got)
	require.Equal(t, string(want), string(got))
}

func TestAppendJSONStringIsEncodingJSONs(t *testing.T) {
	for c := 0; c < 256; c++ {
		s := "a" + string([]byte{byte(c)}) + "z"
		got, ok := appendJSONString(nil, s)
		sameAsEncodingJSON(t, s, got, ok)
		if plainOrCommon := c >= 0x20 && c < 0x80 || c == '\n' || c == '\r' || c == '\t'; plainOrCommon {
			assert.True(t, ok, "byte %#x is written, not left to encoding/json", c)
		}
	}
	for c := 0; c < 256; c++ { // every byte at every place of a longer text
		for at := 0; at < 21; at++ {
			s := []byte(strings.Repeat("abcdefgh", 3)[:21])
			s[at] = byte(c)
			got, ok := appendJSONString(nil, string(s))
			sameAsEncodingJSON(t, string(s), got, ok)
			if c >= 0x20 && c < 0x80 {
				require.True(t, ok)
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 5000; i++ { // long plain runs with a rare special
		s := []byte(strings.Repeat("START RequestId: 0f3c\tINFO handled ", 1+r.IntN(6)))
		for n := r.IntN(3); n > 0; n-- {
			s[r.IntN(len(s))] = "\"\\<>&\n\t\x01\x7f\x80é"[r.IntN(12)]
		}
		got, ok := appendJSONString(nil, string(s))
		sameAsEncodingJSON(t, string(s), got, ok)
	}
	alphabet := []string{"a", "Z", "0", " ", "\n", "\t", "\r", `"`, `\`, "<", ">", "&", "/", "\x00", "\x1f", "\x7f", "é", "中", "\u2028", "\xff", "\xe4\xb8"}
	for i := 0; i < 20_000; i++ {
		var sb strings.Builder
		for n := r.IntN(12); n > 0; n-- {
			sb.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		got, ok := appendJSONString([]byte("prefix"), sb.String())
		require.True(t, strings.HasPrefix(string(got), "prefix"))
		sameAsEncodingJSON(t, sb.String(), got[len("prefix"):], ok)
	}
}

func TestAppendJSONFloatIsEncodingJSONs(t *testing.T) {
	values := []float64{0, math.Copysign(0, -1), 1, -1, 12, 12.5, 1500.5, 0.001, 1e-6, 9.99e-7, 1e20, 1e21, 123456789.123,
		math.MaxFloat64, math.SmallestNonzeroFloat64, math.NaN(), math.Inf(1), math.Inf(-1), round3(2.0004999), 3000.001}
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 20_000; i++ {
		values = append(values, math.Float64frombits(r.Uint64()), round3(r.Float64()*float64(r.IntN(100_000))), float64(r.IntN(1e9))/1000)
	}
	for _, f := range values {
		got, ok := appendJSONFloat(nil, f)
		sameAsEncodingJSON(t, f, got, ok)
		if abs := math.Abs(f); abs == 0 || abs >= 1e-6 && abs < 1e21 {
			assert.True(t, ok, "%v is written, not left to encoding/json", f)
		}
	}
}

// TestLogsAnswerIsEncodingJSONs compares whole answers, pages of demo runs
// and of runs with every kind of text, with encoding/json's; where the
// appender gives up, writeJSON's answer still is encoding/json's.
func TestLogsAnswerIsEncodingJSONs(t *testing.T) {
	srv, _ := diffServer(t, 11)
	_, demo := srv.store.queryRef(logQuery{Namespace: "default", Limit: 10_000, OrderBy: orderByStartTime, Now: testNow})
	require.Greater(t, len(demo), 2000)
	odd := []Invocation{
		{FunctionName: "f<&>", RetMsg: "tab\there \"quoted\" back\\slash", Log: "line 1\r\nline 2 -> <b>&amp;</b>\n", Duration: 0.001},
		{FunctionName: "中文", RetMsg: "\u2028", Log: "bad \xff utf-8", Duration: 1e-7},
		{FunctionName: "nan", Duration: math.NaN()},
		{FunctionName: "huge", Duration: 2e21, MemUsage: -1, RetCode: -430, RetryNum: math.MaxUint64},
		{FunctionName: "ctl", Log: "\x00\x01\x1b[31m"},
	}
	pages := [][]Invocation{nil, {}, demo[:1], demo[:100], demo[1000:1100], demo[len(demo)-100:], odd[:1], odd}
	for i := range odd {
		pages = append(pages, []Invocation{demo[i], odd[i], demo[i+1]})
	}
	for _, page := range pages {
		answer := srv.v3LogsAnswer(len(page)*3, page)
		for _, v := range []any{v3Envelope{Response: answer}, v3Envelope{Response: &answer}} {
			want, wantErr := json.Marshal(v)
			got, err := marshalAnswer(nil, v)
			if wantErr != nil {
				require.Error(t, err)
				continue
			}
			require.NoError(t, err)
			require.Equal(t, string(want), string(got))
		}
	}
	answer := srv.v3LogsAnswer(1, demo[:1])
	answer.SearchContext = map[string]any{"not": "written by hand"}
	want, _ := json.Marshal(v3Envelope{Response: answer})
	got, err := marshalAnswer(nil, v3Envelope{Response: answer})
	require.NoError(t, err)
	require.Equal(t, string(want), string(got))
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", "a\"b\\c\nd\te\rf", "<&>", "\x00\x7f\x80", "中\u2028\u2029", "\xed\xa0\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := appendJSONString(nil, s)
		sameAsEncodingJSON(t, s, got, ok)
	})
}
