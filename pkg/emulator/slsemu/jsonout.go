package slsemu

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// appendJSONString writes s as a JSON string; the common case (printable
// ASCII without quotes) is copied as is.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf {
			enc, _ := json.Marshal(s)
			return append(b, enc...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// appendMarshalledString writes s as json.Marshal does: appendJSONString,
// with HTML characters escaped too.
func appendMarshalledString(b []byte, s string) []byte {
	if strings.ContainsAny(s, "<>&") {
		enc, _ := json.Marshal(s)
		return append(b, enc...)
	}
	return appendJSONString(b, s)
}

func appendField(b []byte, first bool, k, v string) []byte {
	if !first {
		b = append(b, ',')
	}
	b = appendJSONString(b, k)
	b = append(b, ':')
	return appendJSONString(b, v)
}

// renderLog writes one log's JSON: the reserved fields, the pack identity,
// then its fields (appendLog keeps it, rendered.go).
func renderLog(b []byte, ls *logstore, rec *record) []byte {
	b = append(b, '{')
	b = appendField(b, true, "__time__", strconv.FormatInt(rec.time, 10))
	b = appendField(b, false, "__source__", rec.source)
	b = appendField(b, false, "__topic__", rec.topic)
	b = appendField(b, false, "__tag__:__pack_id__", ls.packID(rec))
	b = appendField(b, false, "__pack_meta__", packMeta(rec))
	for i, k := range rec.keys {
		b = appendField(b, false, k, rec.vals[i])
	}
	return append(b, '}')
}

func appendRow(b []byte, cols, row []string) []byte {
	b = append(b, '{')
	for i, c := range cols {
		b = appendField(b, i == 0, c, row[i])
	}
	return append(b, '}')
}
