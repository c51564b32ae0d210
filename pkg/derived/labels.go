package derived

import (
	"bytes"
	"encoding/json"
)

// labelValues reads a logs frame's labels object (flat, string to string,
// as frames.AppendLabelsJSON writes it) in one pass and sets found[i] to the
// value of the key wanted[i]. Only the wanted values are decoded, so a line
// costs one walk over its bytes and no allocation unless a value is found.
// Anything that is not such an object leaves found as it is.
func labelValues(raw []byte, wanted []string, found []string) {
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
		keyEnd, ok := stringEnd(raw, i)
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
		valueEnd, ok := stringEnd(raw, i)
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

// stringEnd is the index after the closing quote of the JSON string that
// starts at raw[start] ('"').
func stringEnd(raw []byte, start int) (int, bool) {
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
