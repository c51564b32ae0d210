package derived

import (
	"bytes"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
)

// refStringEnd is stringEnd as a loop over every byte, the reference the
// faster one is held to.
func refStringEnd(raw []byte, start int) (int, bool) {
	for i := start + 1; i < len(raw); i++ {
		switch raw[i] {
		case '\\':
			i++
		case '"':
			return i + 1, true
		}
	}
	return 0, false
}

// FuzzStringEnd: wherever a string starts, stringEnd ends it where the
// byte-by-byte reading does.
func FuzzStringEnd(f *testing.F) {
	for _, s := range []string{`"a"`, `"a\"b"`, `"\\"`, `"\\\"x"`, `"unterminated`, `"\`, `""`, `"x\\\\"y"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		raw := []byte(`"` + s)
		gotEnd, gotOK := stringEnd(raw, 0)
		wantEnd, wantOK := refStringEnd(raw, 0)
		assert.Equal(t, wantOK, gotOK, "%q", s)
		if wantOK {
			assert.Equal(t, wantEnd, gotEnd, "%q", s)
		}
	})
}

// refLabelValues is labelValues reading every string byte by byte, the
// reference its plain-text path is held to.
func refLabelValues(raw []byte, wanted []string, found []string) {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return
	}
	i++
	for {
		i = skipSpace(raw, i)
		if i >= len(raw) || raw[i] != '"' {
			return
		}
		keyEnd, ok := refStringEnd(raw, i)
		if !ok {
			return
		}
		key := raw[i:keyEnd]
		i = skipSpace(raw, keyEnd)
		if i >= len(raw) || raw[i] != ':' {
			return
		}
		i = skipSpace(raw, i+1)
		if i >= len(raw) || raw[i] != '"' {
			return
		}
		valueEnd, ok := refStringEnd(raw, i)
		if !ok {
			return
		}
		for w, name := range wanted {
			if keyIs(key, name) {
				found[w] = unquote(raw[i:valueEnd])
			}
		}
		i = skipSpace(raw, valueEnd)
		if i >= len(raw) || raw[i] != ',' {
			return
		}
		i++
	}
}

// FuzzLabelValues: whatever the labels' bytes, labelValues finds what the
// byte-by-byte reading finds.
func FuzzLabelValues(f *testing.F) {
	for _, s := range []string{`{"a":"1","trace_id":"t","b\"c":"2"}`, `{"trace_id":"x","trace_id":"y"}`, `{"a":1,"trace_id":"t"}`,
		`{"a":"1"`, `{"trace\u005fid":"é"}`, ` { "a" : "x" , "z":"y" } `, `{"x":"\"a\":\"no\"","a":"yes"}`, `{"a":"`} {
		f.Add(s)
	}
	wanted := []string{"a", "trace_id", `b"c`}
	f.Fuzz(func(t *testing.T, raw string) {
		got, want := make([]string, len(wanted)), make([]string, len(wanted))
		labelValues([]byte(raw), !bytes.ContainsRune([]byte(raw), '\\'), wanted, got)
		refLabelValues([]byte(raw), wanted, want)
		assert.Equal(t, want, got, "%q", raw)
	})
}

// A value read from labels without escapes is a piece of their bytes: a
// field with a value on every line costs no allocation per line. One with
// escapes is decoded into a string of its own.
func TestLabelValuesSharePlainBytes(t *testing.T) {
	raw := []byte(`{"host":"web-1","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}`)
	found := make([]string, 1)
	allocs := testing.AllocsPerRun(100, func() { labelValues(raw, true, []string{"trace_id"}, found) })
	assert.Zero(t, allocs)
	assert.Equal(t, "4bf92f3577b34da6a3ce929d0e0e4736", found[0])
	start := bytes.Index(raw, []byte("4bf9"))
	assert.Same(t, &raw[start], unsafe.StringData(found[0]))

	labelValues([]byte(`{"trace_id":"a\u002fb"}`), false, []string{"trace_id"}, found)
	assert.Equal(t, "a/b", found[0])
}
