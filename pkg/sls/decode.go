package sls

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/logbridge/cloudlogs/pkg/jsontext"
)

// A hand-written scanner for the two shapes SLS answers log queries with: an
// array of flat objects (string → string, now and then a number, null or
// nested JSON) and the object {progress, count, logs} (or GetLogsV2's
// {meta, data}). It replaced json.Decoder.Token, which allocated per token
// and built throw-away error strings (37 % of a 1,000-line query's CPU).
//
// It is as strict as encoding/json: anything that is not one valid JSON
// value is an error (and the call is retried as truncated). Strings are
// unescaped exactly as encoding/json does (\uXXXX with surrogate pairs, a
// lone surrogate or an invalid UTF-8 byte becomes U+FFFD); numbers keep
// their literal text; null is a Field with Null set; nested objects and
// arrays are kept as their raw text; duplicate keys are all kept, in order.
//
// The body is read in place as one string and every key and value without
// escapes is a substring of it, and the Fields of all lines share a few
// slabs, so a page costs about four allocations instead of ~230 per line.

// maxNesting is encoding/json's depth limit for nested values.
const maxNesting = 10000

type scanner struct {
	s string
	i int
	// fields is the slab the current and following logs' Fields live in.
	fields []Field
}

// newScanner reads body in place: every key and value points into it, so
// nothing may write to body afterwards (the client reads each answer into a
// buffer of its own and only decodes it). The first line's Fields get room
// for a typical line, so that they are not copied as they grow; logArray
// sizes the rest from that line.
func newScanner(body []byte) *scanner {
	return &scanner{s: jsontext.InPlace(body), fields: make([]Field, 0, 32)}
}

func (d *scanner) errorf(format string, args ...any) error {
	return fmt.Errorf("at byte %d: %s", d.i, fmt.Sprintf(format, args...))
}

func (d *scanner) skipSpace() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// peek is the next byte after white space, or 0 at the end.
func (d *scanner) peek() byte {
	d.skipSpace()
	if d.i < len(d.s) {
		return d.s[d.i]
	}
	return 0
}

func (d *scanner) expect(c byte) error {
	if d.peek() != c {
		return d.unexpected(fmt.Sprintf("%q", c))
	}
	d.i++
	return nil
}

func (d *scanner) unexpected(want string) error {
	if d.i >= len(d.s) {
		return d.errorf("unexpected end of JSON input, want %s", want)
	}
	return d.errorf("invalid character %q, want %s", d.s[d.i], want)
}

// decodeLogsBody decodes a GetLogs / GetProjectLogs body: an array of logs
// or {progress, count, logs}.
func decodeLogsBody(body []byte) (logsBody, error) {
	var out logsBody
	d := newScanner(body)
	var err error
	switch d.peek() {
	case '[':
		out.Logs, err = d.logArray()
	case '{':
		err = d.logsObject(&out, "logs")
	default:
		return out, d.unexpected("an array or object of logs")
	}
	return d.finish(out, err)
}

// object calls member for each key of an object, positioned at its value;
// member must consume the value.
func (d *scanner) object(member func(key string) error) error {
	if err := d.expect('{'); err != nil {
		return err
	}
	if d.peek() == '}' {
		d.i++
		return nil
	}
	for {
		if d.peek() != '"' {
			return d.unexpected("an object key")
		}
		key, err := d.str()
		if err != nil {
			return err
		}
		if err := d.expect(':'); err != nil {
			return err
		}
		d.skipSpace()
		if err := member(key); err != nil {
			return err
		}
		switch d.peek() {
		case ',':
			d.i++
		case '}':
			d.i++
			return nil
		default:
			return d.unexpected(`"," or "}"`)
		}
	}
}

// logsObject reads {progress, count, <logsKey>: [...]}; other keys are
// checked and skipped.
func (d *scanner) logsObject(out *logsBody, logsKey string) error {
	return d.object(func(key string) error {
		switch key {
		case logsKey:
			switch d.peek() {
			case 'n':
				return d.literal("null")
			case '[':
				logs, err := d.logArray()
				out.Logs = logs
				return err
			}
			return fmt.Errorf("%q is not an array", logsKey)
		case "progress":
			return d.progressValue(out)
		case "count":
			return d.countValue(out)
		}
		return d.skipValue(0)
	})
}

// progressValue reads "progress" as json.Decoder would into a string: a
// string, or null for none.
func (d *scanner) progressValue(out *logsBody) error {
	switch d.peek() {
	case 'n':
		return d.literal("null")
	case '"':
		v, err := d.str()
		out.Progress = v
		return err
	}
	return fmt.Errorf(`reading "progress": %w`, d.unexpected("a string"))
}

// countValue reads "count" as json.Number did: a number or a string holding
// one; a count that is no integer is ignored.
func (d *scanner) countValue(out *logsBody) error {
	var lit string
	switch c := d.peek(); {
	case c == 'n':
		return d.literal("null")
	case c == '"':
		v, err := d.str()
		if err != nil {
			return err
		}
		if !validNumber(v) {
			return fmt.Errorf(`reading "count": %q is not a number`, v)
		}
		lit = v
	case c == '-' || c >= '0' && c <= '9':
		v, err := d.number()
		if err != nil {
			return err
		}
		lit = v
	default:
		return fmt.Errorf(`reading "count": %w`, d.unexpected("a number"))
	}
	if n, err := strconv.ParseInt(lit, 10, 64); err == nil {
		out.Count, out.HasCount = n, true
	}
	return nil
}

// logArray reads an array of log objects, up to and including its ']'.
func (d *scanner) logArray() ([]Log, error) {
	if err := d.expect('['); err != nil {
		return nil, err
	}
	if d.peek() == ']' {
		d.i++
		return nil, nil
	}
	var logs []Log
	first := d.i
	for {
		if d.peek() != '{' {
			return nil, fmt.Errorf("log %d is not an object", len(logs))
		}
		start := d.i
		l, err := d.log()
		if err != nil {
			return nil, fmt.Errorf("log %d: %w", len(logs), err)
		}
		if logs == nil {
			// Size the page's slices from its first line, so that the
			// rest of the page is decoded without growing them.
			n := (len(d.s)-start)/max(d.i-start, 1) + 2
			logs = make([]Log, 0, n)
			d.fields = make([]Field, 0, n*(len(l)+1))
		} else if cap(d.fields)-len(d.fields) <= len(l) {
			// The first line was longer than most: a new slab for the
			// lines the rest of the body holds at the average length so
			// far (append would copy the slab into one twice its size).
			// The logs read so far keep theirs.
			avg := max((d.i-first)/(len(logs)+1), 1)
			d.fields = make([]Field, 0, ((len(d.s)-d.i)/avg+2)*(len(l)+1))
		}
		logs = append(logs, l)
		switch d.peek() {
		case ',':
			d.i++
		case ']':
			d.i++
			return logs, nil
		default:
			return nil, d.unexpected(`"," or "]"`)
		}
	}
}

// log reads one flat log object, keeping key order and duplicate keys. It
// is object() written out: the call of a closure per field was a tenth of
// the decoding time.
func (d *scanner) log() (Log, error) {
	start := len(d.fields)
	d.i++ // '{', seen by the caller
	if d.peek() == '}' {
		d.i++
		return Log(d.fields[start:start:start]), nil
	}
	for {
		if d.peek() != '"' {
			return nil, d.unexpected("an object key")
		}
		key, err := d.str()
		if err != nil {
			return nil, err
		}
		if err := d.expect(':'); err != nil {
			return nil, err
		}
		f := Field{Key: key}
		switch c := d.peek(); {
		case c == '"':
			f.Value, err = d.str()
		case c == 'n':
			f.Null = true
			err = d.literal("null")
		case c == 't':
			f.Value, err = "true", d.literal("true")
		case c == 'f':
			f.Value, err = "false", d.literal("false")
		case c == '{' || c == '[':
			from := d.i
			err = d.skipValue(0)
			f.Value = d.s[from:d.i]
		case c == '-' || c >= '0' && c <= '9':
			f.Value, err = d.number()
		default: // 0 at the end of the body
			err = d.unexpected("a value")
		}
		if err != nil {
			return nil, fmt.Errorf("value of %q: %w", key, err)
		}
		d.fields = append(d.fields, f)
		switch d.peek() {
		case ',':
			d.i++
		case '}':
			d.i++
			// The full slice expression keeps a later append from
			// writing into this log's fields.
			return Log(d.fields[start:len(d.fields):len(d.fields)]), nil
		default:
			return nil, d.unexpected(`"," or "}"`)
		}
	}
}

// skipValue checks and steps over any JSON value.
func (d *scanner) skipValue(depth int) error {
	if depth > maxNesting {
		return d.errorf("exceeded max depth")
	}
	switch c := d.peek(); {
	case c == '"':
		_, err := d.str()
		return err
	case c == '{':
		return d.object(func(string) error { return d.skipValue(depth + 1) })
	case c == '[':
		d.i++
		if d.peek() == ']' {
			d.i++
			return nil
		}
		for {
			if err := d.skipValue(depth + 1); err != nil {
				return err
			}
			switch d.peek() {
			case ',':
				d.i++
			case ']':
				d.i++
				return nil
			default:
				return d.unexpected(`"," or "]"`)
			}
		}
	case c == 't':
		return d.literal("true")
	case c == 'f':
		return d.literal("false")
	case c == 'n':
		return d.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		_, err := d.number()
		return err
	}
	return d.unexpected("a value")
}

func (d *scanner) literal(word string) error {
	if len(d.s)-d.i < len(word) || d.s[d.i:d.i+len(word)] != word {
		return d.unexpected(word)
	}
	d.i += len(word)
	return nil
}

// finish ends the reading of a body: its error, or nothing may follow it.
func (d *scanner) finish(out logsBody, err error) (logsBody, error) {
	if err != nil {
		return out, fmt.Errorf("reading logs: %w", err)
	}
	// Not peek() != 0: a NUL byte would pass for the end, and what follows
	// it would be dropped unread.
	if d.skipSpace(); d.i < len(d.s) {
		return out, errors.New("unexpected data after the logs body")
	}
	return out, nil
}
