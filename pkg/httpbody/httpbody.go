// Package httpbody reads a vendor's answer body into one buffer sized by
// the length the answer announced, for the clients that keep the body as
// the only copy of its text (decoded values are pieces of it), and cuts the
// snippet of an unexpected answer that an error message shows.
package httpbody

import (
	"bytes"
	"io"
	"strings"
	"unicode/utf8"
)

// presize bounds the buffer allocated from an announced length: a broken
// server could announce gigabytes, so past this the buffer grows as the
// bytes come.
const presize = 16 << 20

// Read reads r to its end. announced is the length the answer announced
// (Content-Length; 0 or less when unknown, or when r is not the body as
// sent, such as a gunzipped one): the buffer starts that large, where
// io.ReadAll starts at 512 bytes and doubles, allocating a 50 KB answer
// about twice over.
func Read(r io.Reader, announced int64) ([]byte, error) {
	if announced <= 0 {
		return io.ReadAll(r)
	}
	b := bytes.NewBuffer(make([]byte, 0, min(announced, presize)+bytes.MinRead))
	_, err := b.ReadFrom(r)
	return b.Bytes(), err
}

// SnippetLen is how much of an unexpected answer an error message shows.
const SnippetLen = 200

// Snippet is the start of an answer body for an error message: the whole
// text (spaces trimmed) when it is short, else its first SnippetLen bytes
// and "…". A cut never ends inside a run of the characters keys and tokens
// are written in, plain or encoded (letters, digits and +/=%_.-\), nor
// inside a UTF-8 character: an echoed key or token that the cut would halve
// is left out whole, since the plugin's scrubber knows a secret only whole
// and would let half of one through.
func Snippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) <= SnippetLen {
		return s
	}
	cut := SnippetLen
	for cut > 0 && tokenByte(s[cut-1]) && tokenByte(s[cut]) {
		cut--
	}
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func tokenByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte(`+/=%_.-\`, c) >= 0
}
