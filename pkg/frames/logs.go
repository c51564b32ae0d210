// Package frames holds the frame shapes every service shares: the logs frame
// of Grafana's logs data-plane contract and the one severity rule, the log
// volume on one bucket grid, and text rows typed into tables and wide time
// series. It knows no vendor: each service turns its rows into these shapes.
// Everything here is pure (no I/O, no clocks), so golden files stay stable.
package frames

import (
	"cmp"
	"encoding/json"
	"slices"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// LogRow is one log line in the shape of Grafana's logs data-plane contract.
type LogRow struct {
	Time     time.Time
	Body     string
	Severity string
	ID       string
	Labels   map[string]string
}

// Label is one key and value of a log line's labels.
type Label struct{ Key, Value string }

// NewLogsFrame builds a log-lines frame (data-plane "log-lines" 0.0):
// timestamp, body, severity, id and labels fields, preferred visualisation logs.
func NewLogsFrame(name string, rows []LogRow) *data.Frame {
	ts := make([]time.Time, len(rows))
	body := make([]string, len(rows))
	sev := make([]string, len(rows))
	ids := make([]string, len(rows))
	labels := make([]json.RawMessage, len(rows))
	// The labels of all rows are written into one buffer, and each row's
	// RawMessage is a piece of it: no map marshalled, no allocation per row.
	var buf []byte
	var scratch []Label
	ends := make([]int, len(rows))
	for i, r := range rows {
		ts[i] = r.Time
		body[i] = r.Body
		sev[i] = r.Severity
		ids[i] = r.ID
		scratch = scratch[:0]
		for k, v := range r.Labels {
			scratch = append(scratch, Label{k, v})
		}
		buf = AppendLabelsJSON(buf, SortLabels(scratch))
		ends[i] = len(buf)
	}
	start := 0
	for i, end := range ends {
		labels[i] = buf[start:end:end]
		start = end
	}
	return NewLogsFrameColumns(name, LogColumns{Time: ts, Body: body, Severity: sev, ID: ids, Labels: labels})
}

// LogColumns are the fields of a logs frame, one entry per line. A service
// that converts many lines fills them directly, which spares a LogRow per
// line and copying every row into the columns.
type LogColumns struct {
	Time     []time.Time
	Body     []string
	Severity []string
	ID       []string
	// Labels are JSON objects as AppendLabelsJSON writes them. A labels
	// value is never written in place once written: lines may share its
	// bytes, and so may values cut from it (derived fields); whoever
	// changes one (the scrubber) sets a new value.
	Labels []json.RawMessage
}

// SameBytes reports whether a and b are the very same bytes in memory, not
// just equal ones: lines of a logs frame may share one labels value (an SCF
// run's lines do), and whoever reads every line's labels reads them once.
func SameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// NewLogsFrameColumns builds the frame of NewLogsFrame from its columns,
// which must have the same length; the frame keeps them.
func NewLogsFrameColumns(name string, c LogColumns) *data.Frame {
	for i, s := range c.Severity {
		if s == "" {
			c.Severity[i] = SeverityUnknown
		}
	}
	f := data.NewFrame(name,
		data.NewField("timestamp", nil, c.Time),
		data.NewField("body", nil, c.Body),
		data.NewField("severity", nil, c.Severity),
		data.NewField("id", nil, c.ID),
		data.NewField("labels", nil, c.Labels),
	)
	f.SetMeta(&data.FrameMeta{
		Type:                   data.FrameTypeLogLines,
		TypeVersion:            data.FrameTypeVersion{0, 0},
		PreferredVisualization: data.VisTypeLogs,
	})
	return f
}

// NewLogsFrameLen is a logs frame of n lines yet to be written and its
// columns, which are the frame's own storage: a service that fills them
// fills the frame, without the copy data.NewField makes of the slices it
// is given (10 MB for 100,000 lines). Severity must be set on every line.
func NewLogsFrameLen(name string, n int) (*data.Frame, LogColumns) {
	f := data.NewFrame(name,
		data.NewFieldFromFieldType(data.FieldTypeTime, n),
		data.NewFieldFromFieldType(data.FieldTypeString, n),
		data.NewFieldFromFieldType(data.FieldTypeString, n),
		data.NewFieldFromFieldType(data.FieldTypeString, n),
		data.NewFieldFromFieldType(data.FieldTypeJSON, n),
	)
	for i, name := range []string{"timestamp", "body", "severity", "id", "labels"} {
		f.Fields[i].Name = name
	}
	f.SetMeta(&data.FrameMeta{
		Type:                   data.FrameTypeLogLines,
		TypeVersion:            data.FrameTypeVersion{0, 0},
		PreferredVisualization: data.VisTypeLogs,
	})
	return f, LogColumns{
		Time: storage[time.Time](f.Fields[0], n), Body: storage[string](f.Fields[1], n),
		Severity: storage[string](f.Fields[2], n), ID: storage[string](f.Fields[3], n),
		Labels: storage[json.RawMessage](f.Fields[4], n),
	}
}

// storage is the slice a field of n values of type T keeps them in. The
// SDK's fields hold their values in one Go slice; PointerAt gives its
// elements' addresses, checked at both ends.
func storage[T any](fld *data.Field, n int) []T {
	if n == 0 {
		return nil
	}
	s := unsafe.Slice(fld.PointerAt(0).(*T), n)
	if &s[n-1] != fld.PointerAt(n-1).(*T) {
		panic("frames: a field's values are not one slice")
	}
	return s
}

// SortLabels sorts labels by key in place and keeps, of a repeated key, the
// last value (as assigning them to a map in order would), so that
// AppendLabelsJSON writes what json.Marshal of that map writes.
func SortLabels(labels []Label) []Label {
	slices.SortStableFunc(labels, func(a, b Label) int { return cmp.Compare(a.Key, b.Key) })
	out := labels[:0]
	for i, l := range labels {
		if i+1 < len(labels) && labels[i+1].Key == l.Key {
			continue
		}
		out = append(out, l)
	}
	return out
}

// AppendLabelsJSON appends labels (sorted, keys unique: see SortLabels) as a
// JSON object, byte for byte as json.Marshal writes a map[string]string:
// the golden files of every service depend on these exact bytes.
func AppendLabelsJSON(dst []byte, labels []Label) []byte {
	dst = append(dst, '{')
	for i, l := range labels {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = AppendJSONString(dst, l.Key)
		dst = append(dst, ':')
		dst = AppendJSONString(dst, l.Value)
	}
	return append(dst, '}')
}

// AppendJSONString appends s as encoding/json writes a string with HTML
// escaping on (its default), for a service that writes its labels object
// itself: <, > and & as \u003c, \u003e, \u0026, control characters
// as \b \f \n \r \t or \u00XX, invalid UTF-8 as \ufffd, and U+2028 and
// U+2029 escaped.
func AppendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		// Eight bytes at a time while all of them are written as they are.
		for i+8 <= len(s) && safeWord(uint64(s[i])|uint64(s[i+1])<<8|uint64(s[i+2])<<16|uint64(s[i+3])<<24|
			uint64(s[i+4])<<32|uint64(s[i+5])<<40|uint64(s[i+6])<<48|uint64(s[i+7])<<56) {
			i += 8
		}
		if i >= len(s) {
			break
		}
		b := s[i]
		if b < utf8.RuneSelf {
			if jsonSafe[b] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case c == '\u2028' || c == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[c&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// safeWord reports whether all eight bytes of w are ones jsonSafe marks: no
// control character, non-ASCII byte, '"', '\\', '<', '>' or '&' (the "has a
// zero byte" bit trick on w xor'ed with each; it never misses one).
func safeWord(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	q, bs, lt, gt, amp := w^(ones*'"'), w^(ones*'\\'), w^(ones*'<'), w^(ones*'>'), w^(ones*'&')
	special := w | (w-ones*0x20)&^w |
		(q-ones)&^q | (bs-ones)&^bs | (lt-ones)&^lt | (gt-ones)&^gt | (amp-ones)&^amp
	return special&highs == 0
}

// jsonSafe marks the ASCII bytes encoding/json writes as they are with
// HTML escaping on.
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// FirstKey is the first of keys a log has (get looks a key up), or "".
func FirstKey(keys []string, get func(key string) (string, bool)) string {
	for _, k := range keys {
		if _, ok := get(k); ok {
			return k
		}
	}
	return ""
}

// FirstValue is the first non-empty value of keys in a log, or "".
func FirstValue(keys []string, get func(key string) (string, bool)) string {
	for _, k := range keys {
		if v, ok := get(k); ok && v != "" {
			return v
		}
	}
	return ""
}
