package sls

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unsafe"
)

// decodeCases are bodies the scanner must read exactly as the json.Decoder
// based reference does, or refuse as it does.
var decodeCases = []string{
	`[]`, ` [ ] `, `[{}]`, `{}`, `{"logs":null}`, `{"logs":[]}`,
	`[{"a":"1","b":"x"},{"a":"2"}]`,
	`{"progress":"Complete","count":2,"logs":[{"a":"1"},{"a":"2"}]}`,
	`{"count":"7","logs":[]}`, `{"count":1.5,"logs":[]}`, `{"count":null,"progress":null}`,
	`{"extra":{"x":[1,2,{"y":null}]},"logs":[{"k":"v"}],"more":[true,false,-1.5e+3]}`,
	`[{"__time__":1700000000,"n":-0.5e-7,"t":true,"f":false,"z":null,"o":{"a":[1, "b"]},"arr":[ ]}]`,
	`[{"dup":"1","dup":"2"}]`,
	`[{"esc":"a\"b\\c\/d\b\f\n\r\t"}]`,
	`[{"u":"\u00e9\u4e2d\uD83D\uDE00 \ud800 \udc00x \uD83Dz \uD83D\u0041"}]`,
	`[{"utf8":"中文 ünï ✓ 😀"}]`, "[{\"bad\":\"a\xffb\xc3\"}]", "[{\"k\xff\":\"v\"}]",
	`[{"\u006bey":"v"}]`, "[\n {\"a\" : \"b\" ,\r\n\t\"c\":\"d\"} ]",
	// Malformed bodies: every one is an error.
	``, ` `, `null`, `"x"`, `[`, `[{`, `[{"a"`, `[{"a":`, `[{"a":"b"`, `[{"a":"b"}`, `[{"a":"b"},]`,
	`[{"a":"b",}]`, `[{"a":"b"}] x`, `[{"a":"b"}][]`, `[{"a":'b'}]`, `[{"a":01}]`, `[{"a":1.}]`,
	`[{"a":-}]`, `[{"a":1e}]`, `[{"a":.5}]`, `[{"a":+1}]`, `[{"a":tru}]`, `[{"a":nul}]`, `[{"a":"\x"}]`,
	`[{"a":"\u12"}]`, `[{"a":"\u12g4"}]`, `[{"a":"\'"}]`, "[{\"a\":\"\x01\"}]", "[{\"a\":\"b\nc\"}]",
	`[{"a":"b"` + "\x00" + `}]`, `[1]`, `["x"]`, `[[]]`, `[{a:"b"}]`, `{"logs":{}}`, `{"logs":"x"}`,
	`{"progress":5}`, `{"count":"x"}`, `{"count":true}`, `[{"a":{"b":}}]`, `[{"a":[1,]}]`, `[{"a":[1 2]}]`,
	`[{"a":"b"}`, `{"logs":[{"a":"b"}]`, `[{"a":"unterminated}]`, `[{"a":"\`,
	"\xef\xbb\xbf[]",
	// Found by FuzzDecodeLogsV2Body: a NUL byte passed for the end of the body.
	"[]\x00", "[{\"a\":\"1\"}]\x00[{\"b\":\"2\"}]",
}

func TestDecodeMatchesReference(t *testing.T) {
	for _, c := range decodeCases {
		compareWithReference(t, []byte(c))
	}
	pages, _ := filepath.Glob("testdata/demo-page-*.json")
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		compareWithReference(t, b)
		// Every truncation of a page is an error, as it is retried.
		for n := 0; n < len(b)-1; n += 97 {
			if _, err := decodeLogsBody(b[:n]); err == nil {
				t.Fatalf("%s cut at %d bytes decoded without error", p, n)
			}
		}
	}
}

// A page whose first line is far longer than the rest: the lines after it
// go into new slabs sized from the lines read so far, and none is copied
// into a slab twice its size (append's growth did that to every page whose
// first line was longer than its average one).
func TestDecodeLongFirstLine(t *testing.T) {
	var b strings.Builder
	b.WriteString(`[{"a":"` + strings.Repeat("x", 2000) + `","b":"1"}`)
	for i := range 500 {
		fmt.Fprintf(&b, `,{"a":"%d","b":"%d","c":"z"}`, i, i) // a field more than the first
	}
	b.WriteString("]")
	body := []byte(b.String())
	compareWithReference(t, body)
	allocs := testing.AllocsPerRun(20, func() {
		if _, err := decodeLogsBody(body); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 20 {
		t.Fatalf("decoding took %v allocations, want at most 20", allocs)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	res, err := decodeLogsBody(body)
	runtime.ReadMemStats(&after)
	if err != nil || len(res.Logs) != 501 {
		t.Fatalf("%d logs, %v", len(res.Logs), err)
	}
	// 501 lines of 3 fields, the Log headers and some room.
	if got, want := after.TotalAlloc-before.TotalAlloc, uint64(2*501*(3*unsafe.Sizeof(Field{})+unsafe.Sizeof(Log{}))); got > want {
		t.Fatalf("decoding allocated %d bytes, want at most %d", got, want)
	}
}

func TestDecodeDeepNesting(t *testing.T) {
	deep := `[{"a":` + strings.Repeat("[", maxNesting+5) + strings.Repeat("]", maxNesting+5) + `}]`
	if _, err := decodeLogsBody([]byte(deep)); err == nil {
		t.Fatal("nesting past encoding/json's limit was accepted")
	}
}

func compareWithReference(t *testing.T, body []byte) {
	t.Helper()
	got, gerr := decodeLogsBody(body)
	want, werr := refDecodeLogsBody(body)
	if (gerr == nil) != (werr == nil) {
		t.Fatalf("body %q: scanner error %v, reference error %v", body, gerr, werr)
	}
	if gerr != nil {
		return
	}
	if got.Progress != want.Progress || got.Count != want.Count || got.HasCount != want.HasCount || len(got.Logs) != len(want.Logs) {
		t.Fatalf("body %q: scanner %+v, reference %+v", body, got, want)
	}
	for i := range got.Logs {
		if len(got.Logs[i]) != len(want.Logs[i]) {
			t.Fatalf("body %q log %d: scanner %+v, reference %+v", body, i, got.Logs[i], want.Logs[i])
		}
		for j := range got.Logs[i] {
			if got.Logs[i][j] != want.Logs[i][j] {
				t.Fatalf("body %q log %d: scanner %+v, reference %+v", body, i, got.Logs[i], want.Logs[i])
			}
		}
	}
}

func FuzzDecodeLogsBody(f *testing.F) {
	for _, c := range decodeCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, body []byte) { compareWithReference(t, body) })
}
