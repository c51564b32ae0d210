package derived

import (
	"bytes"
	"encoding/json"
	"slices"
	"unsafe"
)

// labelValues reads a logs frame's labels object (flat, string to string,
// as frames.AppendLabelsJSON writes it) in one pass and sets found[i] to the
// value of the key wanted[i]. Only the wanted values are decoded, so a line
// costs one walk over its bytes and no allocation unless a value is found.
// Anything that is not such an object leaves found as it is.
//
// plain says raw has no backslash (the usual line): every quote then ends
// a string and no key or value needs unescaping, so the walk only looks
// for quotes.
func labelValues(raw []byte, plain bool, wanted []string, found []string) {
	end := func(start int) (int, bool) {
		if plain {
			q := bytes.IndexByte(raw[start+1:], '"')
			return start + 1 + q + 1, q >= 0
		}
		return stringEnd(raw, start)
	}
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
		keyEnd, ok := end(i)
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
			return // not a string value: not a labels object of ours
		}
		valueEnd, ok := end(i)
		if !ok {
			return
		}
		for w, name := range wanted {
			if plain && string(key[1:len(key)-1]) == name {
				found[w] = piece(raw[i+1 : valueEnd-1])
			} else if !plain && keyIs(key, name) {
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

// piece is b as a string that shares b's bytes instead of copying them:
// a logs frame's labels are never written in place (frames.LogColumns), so
// a value cut from them stays what it was, and a field of a value per line
// (a trace id in every nginx line) costs no allocation per line.
func piece(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// readLabels sets found to the values of s's wanted label keys in raw,
// reading raw only when it may hold one of them: written as is between
// quotes, or with a backslash somewhere, which any other spelling of a key
// needs (an escaped character; a quote, backslash or control character in
// a key). A line without any of the keys is so passed over for the cost of
// looking for a few short strings, a tenth of reading its every key.
func (s *Set) readLabels(raw []byte, found []string) {
	plain := bytes.IndexByte(raw, '\\') < 0
	if plain && !slices.ContainsFunc(s.quotedLabels, func(k []byte) bool { return bytes.Contains(raw, k) }) {
		return
	}
	labelValues(raw, plain, s.labels, found)
}

// stringEnd is the index after the closing quote of the JSON string that
// starts at raw[start] ('"'). The next quote ends it unless a backslash
// comes before: IndexByte finds both faster than a loop over every byte
// (the labels of an nginx line are hundreds of bytes).
func stringEnd(raw []byte, start int) (int, bool) {
	rest := raw[start+1:]
	q := bytes.IndexByte(rest, '"')
	if q < 0 {
		return 0, false
	}
	if bytes.IndexByte(rest[:q], '\\') < 0 {
		return start + 1 + q + 1, true
	}
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

// keyIs reports whether the quoted JSON string quoted is name.
func keyIs(quoted []byte, name string) bool {
	inner := quoted[1 : len(quoted)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return string(inner) == name
	}
	return unquote(quoted) == name
}

// unquote decodes a quoted JSON string; only strings with escapes go
// through encoding/json.
func unquote(quoted []byte) string {
	inner := quoted[1 : len(quoted)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return string(inner)
	}
	var s string
	_ = json.Unmarshal(quoted, &s) // stringEnd found its bounds
	return s
}

func skipSpace(raw []byte, i int) int {
	for i < len(raw) && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\n' || raw[i] == '\r') {
		i++
	}
	return i
}
