package livetail

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"unicode/utf8"
)

// PathPrefix starts every live tail channel path of the plugin.
const PathPrefix = "tail/"

// ignoredKeys are the query fields that do not change which lines a tail
// follows: the panel's bookkeeping. The editor leaves them out of the data
// it subscribes with (src/liveTail.ts), and so does the key.
var ignoredKeys = []string{"refId", "datasource", "key", "hide", "intervalMs", "maxDataPoints", "liveStreaming"}

// Key is the channel key of a query: the FNV-1a 128-bit hash, in hex, of
// the query's canonical JSON. Grafana Live runs one stream per channel for
// all its viewers, so viewers of the same query share one poller, and the
// editor computes the same key (proven by testdata/key_vectors.json).
func Key(query json.RawMessage) (string, error) {
	canon, err := Canonical(query)
	if err != nil {
		return "", err
	}
	h := fnv.New128a()
	_, _ = h.Write(canon)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Canonical writes a query object as JavaScript's JSON.stringify writes it
// with its keys sorted at every level, without the ignored top-level keys.
// Numbers keep the text they came with.
func Canonical(query json.RawMessage) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(query))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("live tail: the query is not valid JSON: %w", err)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("live tail: the query must be a JSON object")
	}
	for _, k := range ignoredKeys {
		delete(obj, k)
	}
	return appendCanonical(nil, obj), nil
}

func appendCanonical(dst []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(dst, "null"...)
	case bool:
		if v {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case json.Number:
		return append(dst, v...)
	case string:
		return appendJSString(dst, v)
	case []any:
		dst = append(dst, '[')
		for i, e := range v {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendCanonical(dst, e)
		}
		return append(dst, ']')
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		// JavaScript sorts keys by UTF-16 code units; for keys outside the
		// Basic Multilingual Plane this may differ from Go's byte order,
		// which only changes the key of such a query, not its answer.
		slices.Sort(keys)
		dst = append(dst, '{')
		for i, k := range keys {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSString(dst, k)
			dst = append(dst, ':')
			dst = appendCanonical(dst, v[k])
		}
		return append(dst, '}')
	}
	return dst
}

// appendJSString escapes as JSON.stringify does: quote, backslash and the
// control characters, nothing else.
func appendJSString(dst []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	dst = append(dst, '"')
	for _, r := range strings.ToValidUTF8(s, string(utf8.RuneError)) {
		switch {
		case r == '"':
			dst = append(dst, '\\', '"')
		case r == '\\':
			dst = append(dst, '\\', '\\')
		case r == '\b':
			dst = append(dst, '\\', 'b')
		case r == '\f':
			dst = append(dst, '\\', 'f')
		case r == '\n':
			dst = append(dst, '\\', 'n')
		case r == '\r':
			dst = append(dst, '\\', 'r')
		case r == '\t':
			dst = append(dst, '\\', 't')
		case r < 0x20:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[r>>4], hexDigits[r&0xf])
		default:
			dst = utf8.AppendRune(dst, r)
		}
	}
	return append(dst, '"')
}

// CheckPath says whether path is the channel of query: a client cannot
// attach a query to another query's stream, whose first subscriber's data
// is what Grafana gives RunStream.
func CheckPath(path string, query json.RawMessage) error {
	key, ok := strings.CutPrefix(path, PathPrefix)
	if !ok {
		return fmt.Errorf("live tail: unknown channel %q; the plugin's channels are %s<key>", path, PathPrefix)
	}
	want, err := Key(query)
	if err != nil {
		return err
	}
	if key != want {
		return fmt.Errorf("live tail: channel %q is not the channel of this query (%s%s); subscribe with the path the editor computes", path, PathPrefix, want)
	}
	return nil
}
