package cls

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"github.com/logbridge/cloudlogs/pkg/jsontext"
)

// tagKey is the object CLS nests a log's metadata in; it is flattened to
// __TAG__.<k> keys, as Tencent's own plugin does (CLS.md §2.2).
const tagKey = "__TAG__"

var errNotObject = errors.New("not a JSON object")

// parseLogJSON reads a LogJson object's members in the order CLS sent them
// (a map would lose it): strings as they are, numbers as their literal
// text, booleans as "true"/"false", nulls left out, __TAG__'s members as
// __TAG__.<k>, any other object or array as its compact JSON text.
//
// It scans the text itself rather than walking json.Decoder tokens: a page
// holds up to 1,000 logs of a dozen fields each, and slicing values out of
// the text costs no allocation where a token walk costs several per field.
func parseLogJSON(s string, fields []Field) ([]Field, error) {
	return parseLogJSONNames(s, fields, nil)
}

// parseLogJSONNames is parseLogJSON remembering the __TAG__.<k> keys it
// makes in names (when not nil), so that the logs of a page, whose tags
// are mostly the same, make each once: else two allocations a log.
func parseLogJSONNames(s string, fields []Field, names map[string]string) ([]Field, error) {
	p := jsonScanner{s: s, flattenTag: true, tagNames: names}
	return p.object("", fields)
}

// parseRecord is parseLogJSON without flattening: an SQL row's columns.
func parseRecord(s string, fields []Field, nulls *[]bool) ([]Field, error) {
	p := jsonScanner{s: s, nulls: nulls}
	return p.object("", fields)
}

type jsonScanner struct {
	s          string
	i          int
	flattenTag bool
	// nulls, when set, receives one entry per member (true for null), and
	// null members are kept as "" instead of left out.
	nulls *[]bool
	// tagNames, when set, holds the flattened names made: tag key → name.
	tagNames map[string]string
}

// tagPrefix starts the flattened names of __TAG__'s members.
const tagPrefix = tagKey + "."

// name is a member's key under prefix ("" or tagPrefix).
func (p *jsonScanner) name(prefix, key string) string {
	if prefix != tagPrefix || p.tagNames == nil {
		return prefix + key
	}
	name, ok := p.tagNames[key]
	if !ok {
		name = prefix + key
		p.tagNames[key] = name
	}
	return name
}

func (p *jsonScanner) object(prefix string, fields []Field) ([]Field, error) {
	if !p.skipSpace() || p.s[p.i] != '{' {
		return fields, errNotObject
	}
	p.i++
	if p.skipSpace() && p.s[p.i] == '}' {
		p.i++
		return fields, p.end(prefix)
	}
	for {
		if !p.skipSpace() || p.s[p.i] != '"' {
			return fields, errNotObject
		}
		key, ok := p.str()
		if !ok || !p.skipSpace() || p.s[p.i] != ':' {
			return fields, errNotObject
		}
		p.i++
		if !p.skipSpace() {
			return fields, errNotObject
		}
		var err error
		if fields, err = p.member(p.name(prefix, key), p.flattenTag && prefix == "" && key == tagKey, fields); err != nil {
			return fields, err
		}
		if !p.skipSpace() {
			return fields, errNotObject
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			return fields, p.end(prefix)
		default:
			return fields, errNotObject
		}
	}
}

// end checks that nothing but space follows the top-level object.
func (p *jsonScanner) end(prefix string) error {
	if prefix == "" && p.skipSpace() {
		return errNotObject
	}
	return nil
}

func (p *jsonScanner) member(key string, isTag bool, fields []Field) ([]Field, error) {
	switch c := p.s[p.i]; {
	case c == '"':
		v, ok := p.str()
		if !ok {
			return fields, errNotObject
		}
		return p.add(fields, key, v, false), nil
	case c == '{' && isTag: // key is tagKey
		return p.object(tagPrefix, fields)
	case c == '{' || c == '[':
		start := p.i
		if !p.skipComposite() {
			return fields, errNotObject
		}
		text, err := compact(p.s[start:p.i])
		if err != nil {
			return fields, err
		}
		return p.add(fields, key, text, false), nil
	case strings.HasPrefix(p.s[p.i:], "true"):
		p.i += 4
		return p.add(fields, key, "true", false), nil
	case strings.HasPrefix(p.s[p.i:], "false"):
		p.i += 5
		return p.add(fields, key, "false", false), nil
	case strings.HasPrefix(p.s[p.i:], "null"):
		p.i += 4
		return p.add(fields, key, "", true), nil
	case c == '-' || c >= '0' && c <= '9':
		start := p.i
		for p.i < len(p.s) && strings.IndexByte("+-.eE0123456789", p.s[p.i]) >= 0 {
			p.i++
		}
		// The run of number bytes must be one JSON number ("01", "1-2" are
		// not): a garbled LogJson is shown as its text, not as fields.
		if n := jsontext.NumberLen(p.s[start:p.i]); n == 0 || n != p.i-start {
			return fields, errNotObject
		}
		return p.add(fields, key, p.s[start:p.i], false), nil
	}
	return fields, errNotObject
}

func (p *jsonScanner) add(fields []Field, key, value string, null bool) []Field {
	if p.nulls == nil {
		if null {
			return fields
		}
		return append(fields, Field{Key: key, Value: value})
	}
	*p.nulls = append(*p.nulls, null)
	return append(fields, Field{Key: key, Value: value})
}

// str reads a string at p.i: a slice of the text when it has no escapes
// (and is UTF-8), else unescaped into a new string as encoding/json
// unescapes it (jsontext: a lone surrogate or a byte that is not UTF-8
// becomes U+FFFD).
func (p *jsonScanner) str() (string, bool) {
	end, escaped, ok := jsontext.ScanString(p.s, p.i)
	if !ok {
		return "", false
	}
	raw := p.s[p.i+1 : end-1]
	p.i = end
	if !escaped {
		return raw, true
	}
	var b strings.Builder
	b.Grow(len(raw))
	jsontext.WriteUnquoted(&b, raw)
	return b.String(), true
}

// skipComposite moves past the object or array at p.i.
func (p *jsonScanner) skipComposite() bool {
	depth := 0
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case '"':
			if _, ok := p.str(); !ok {
				return false
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				p.i++
				return true
			}
		}
		p.i++
	}
	return false
}

// skipSpace moves past white space; false at the end of the text.
func (p *jsonScanner) skipSpace() bool {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return true
		}
	}
	return false
}

// compact is a nested value's compact JSON text, validated.
func compact(raw string) (string, error) {
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(raw)); err != nil {
		return "", err
	}
	if b.Len() == len(raw) {
		return raw, nil
	}
	return b.String(), nil
}

// toLog turns a SearchLog LogInfo into a Log. A LogJson that does not parse
// is kept as RawLog, so the text is still shown.
func (li *logInfo) toLog() Log {
	var m logMemory
	return li.toLogFrom(&m)
}

// logMemory is what the logs of a chain share as they are made.
type logMemory struct {
	// fields is the slab the logs' Fields are taken from, renewed when it
	// runs low: a few arrays for a page, not one a log.
	fields []Field
	// tagNames are the __TAG__.<k> names made so far.
	tagNames map[string]string
}

// toLogFrom is toLog with what the logs of a chain share in m.
func (li *logInfo) toLogFrom(m *logMemory) Log {
	l := Log{
		Time: fromMillis(li.Time), TopicID: li.TopicID, TopicName: li.TopicName, Source: li.Source,
		FileName: li.FileName, HostName: li.HostName, PkgID: li.PkgID, PkgLogID: string(li.PkgLogID), RawLog: li.RawLog,
	}
	if li.LogJSON == "" {
		return l
	}
	if m.tagNames == nil {
		m.tagNames = map[string]string{}
	}
	if cap(m.fields)-len(m.fields) < 64 {
		m.fields = make([]Field, 0, 2048)
	}
	start := len(m.fields)
	fields, err := parseLogJSONNames(li.LogJSON, m.fields[start:start], m.tagNames)
	if err != nil {
		if l.RawLog == "" {
			l.RawLog = li.LogJSON
		}
		return l
	}
	if len(fields) <= cap(m.fields)-start {
		// Still in the slab (a longer log got an array of its own).
		m.fields = m.fields[:start+len(fields)]
	}
	// Capped, so that an append to one log's fields cannot write into the
	// next log's.
	l.Fields = fields[:len(fields):len(fields)]
	return l
}
