// Package jsontext holds the byte-level pieces of JSON the clients' own
// scanners share (SLS answers and CLS LogJson are decoded by hand for speed
// and key order; see docs/benchmarks.md), and Reader, on which the SCF and
// CLS page decoders read their usual answers and give up on anything else.
package jsontext

import "unsafe"

// Hex4 reads the four hex digits of a \u escape at s[i:].
func Hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[i : i+4]) {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// InPlace is body as a string without a copy, for a decoder whose keys and
// values are pieces of it: a page of answers is read as it came, not copied
// first. Nothing may write to body afterwards; the vendor clients read each
// answer into a buffer of its own and only decode it.
func InPlace(body []byte) string {
	return unsafe.String(unsafe.SliceData(body), len(body))
}
