package jsontext

import (
	"strings"
)

// Reader reads a JSON document of one known shape by hand, for the vendor
// answers that come by the thousand (SCF GetFunctionLogs pages, CLS
// SearchLog pages): encoding/json's struct decoding scans a body twice and
// allocates per value, and was the largest part of the plugin's CPU for
// their logs queries (docs/benchmarks.md).
//
// Every method reports only whether it read the plain shape (ok); a decoder
// built on it gives up on anything else — a key that differs from a known
// one only in letter case or is escaped (encoding/json matches keys to
// fields case-insensitively), a value of another type, invalid JSON — and
// lets encoding/json decode the body as before, so that odd answers give
// the same result or the same error as ever.
//
// Strings without escapes are pieces of S; escaped ones are unescaped into
// one strings.Builder and are pieces of its String(), which later writes
// never change (a builder only appends, into the same bytes or a copy): a
// document costs a few allocations, not one per value.
type Reader struct {
	S string
	I int
	// unescaped holds the text of every escaped string read.
	unescaped strings.Builder
}

// Grow makes room for n more bytes of unescaped text.
func (r *Reader) Grow(n int) { r.unescaped.Grow(n) }

// Peek is the next byte after white space (which it steps over), or 0 at
// the end.
func (r *Reader) Peek() byte {
	r.I = SkipSpace(r.S, r.I)
	if r.I < len(r.S) {
		return r.S[r.I]
	}
	return 0
}

// End reports whether nothing but white space is left.
func (r *Reader) End() bool { return SkipSpace(r.S, r.I) == len(r.S) }

// Null steps over a null and reports whether there was one.
func (r *Reader) Null() bool {
	if r.Peek() == 'n' && strings.HasPrefix(r.S[r.I:], "null") {
		r.I += 4
		return true
	}
	return false
}

// Skip steps over any valid value.
func (r *Reader) Skip() bool {
	var ok bool
	r.I, ok = SkipValue(r.S, SkipSpace(r.S, r.I))
	return ok
}

// Object reads an object, calling member with the index in keys of each
// key found, positioned at its value, which member must read; other keys'
// values are skipped. A key given twice is not the plain shape either
// (encoding/json keeps the last): member is called once per key.
func (r *Reader) Object(keys []string, member func(k int) bool) bool {
	if r.Peek() != '{' {
		return false
	}
	r.I++
	if r.Peek() == '}' {
		r.I++
		return true
	}
	var seen uint64 // keys are few: a bit each
	if len(keys) > 64 {
		panic("jsontext: more than 64 keys")
	}
	for {
		k, ok := r.key(keys)
		if !ok {
			return false
		}
		switch {
		case k < 0:
			ok = r.Skip()
		case seen&(1<<k) != 0:
			return false
		default:
			seen |= 1 << k
			r.Peek()
			ok = member(k)
		}
		if !ok {
			return false
		}
		switch r.Peek() {
		case ',':
			r.I++
		case '}':
			r.I++
			return true
		default:
			return false
		}
	}
}

// key reads a key and its colon: its index in keys, or -1 for one to skip.
func (r *Reader) key(keys []string) (int, bool) {
	if r.Peek() != '"' {
		return 0, false
	}
	end, escaped, ok := ScanString(r.S, r.I)
	if !ok || escaped {
		return 0, false
	}
	name := r.S[r.I+1 : end-1]
	r.I = end
	for i := 0; i < len(name); i++ {
		if name[i] >= 0x80 {
			// Unicode folding makes "K" (Kelvin) match "k", for one.
			return 0, false
		}
	}
	k := -1
	for j, want := range keys {
		if name == want {
			k = j
			break
		}
		if len(name) == len(want) && strings.EqualFold(name, want) {
			return 0, false
		}
	}
	if r.Peek() != ':' {
		return 0, false
	}
	r.I++
	return k, true
}

// Array reads an array, calling elem positioned at each element, which
// elem must read.
func (r *Reader) Array(elem func() bool) bool {
	if r.Peek() != '[' {
		return false
	}
	r.I++
	if r.Peek() == ']' {
		r.I++
		return true
	}
	for {
		r.Peek()
		if !elem() {
			return false
		}
		switch r.Peek() {
		case ',':
			r.I++
		case ']':
			r.I++
			return true
		default:
			return false
		}
	}
}

// Str reads a string, or null as "" (encoding/json leaves a string as it
// is for null, and the decoders start from zero values).
func (r *Reader) Str() (string, bool) {
	if r.Null() {
		return "", true
	}
	if r.Peek() != '"' {
		return "", false
	}
	end, escaped, ok := ScanString(r.S, r.I)
	if !ok {
		return "", false
	}
	raw := r.S[r.I+1 : end-1]
	r.I = end
	if !escaped {
		return raw, true
	}
	from := r.unescaped.Len()
	WriteUnquoted(&r.unescaped, raw)
	return r.unescaped.String()[from:], true
}

// Raw reads a number, a string or null and returns its text as it is in
// S, quotes included: what a json.Unmarshaler of a lenient type is given.
func (r *Reader) Raw() (string, bool) {
	start := SkipSpace(r.S, r.I)
	var end int
	var ok bool
	switch c := r.Peek(); {
	case c == '"':
		end, _, ok = ScanString(r.S, start)
	case c == 'n':
		ok = r.Null()
		end = r.I
	default:
		n := NumberLen(r.S[start:])
		end, ok = start+n, n > 0
	}
	if !ok {
		return "", false
	}
	r.I = end
	return r.S[start:end], true
}

// Bool reads true or false, or null as false.
func (r *Reader) Bool() (bool, bool) {
	switch {
	case r.Null():
		return false, true
	case strings.HasPrefix(r.S[r.I:], "true"):
		r.I += 4
		return true, true
	case strings.HasPrefix(r.S[r.I:], "false"):
		r.I += 5
		return false, true
	}
	return false, false
}
