package scf

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/logbridge/cloudlogs/pkg/jsontext"
	"github.com/logbridge/cloudlogs/pkg/lenient"
)

// decodeLogsPage reads an API 3.0 GetFunctionLogs answer of the usual
// shape, {"Response":{"TotalCount":n,"Data":[{...}],...}}, without
// encoding/json: the struct decoding of the envelope and then of the page
// scanned each body twice and allocated per number, and was 40 % of the
// plugin's CPU for an scfLogs query (docs/benchmarks.md).
//
// It reads only what it can read exactly as encoding/json would. Anything
// else (an error answer, a status other than 200, a key that differs from a
// field's name only in letter case, a repeated key, a value of an unusual
// type, a start time that does not parse, invalid JSON) makes ok false, and
// the caller decodes the body with encoding/json as before, so that such
// answers give the same page or the same error as ever.
//
// The body is copied into one string and every value without an escape is
// a piece of it; escaped values (every log has line breaks) are unescaped
// into one buffer per page: a page costs a handful of allocations.
func decodeLogsPage(status int, body []byte, namespace string, loc *time.Location) (page LogsPage, ok bool) {
	if status != http.StatusOK {
		return LogsPage{}, false
	}
	d := pageScanner{s: string(body)}
	var seen bool
	ok = d.object(topKeys[:], func(k int) bool {
		if seen {
			return false
		}
		seen = true
		return d.response()
	})
	if !ok || !seen || jsontext.SkipSpace(d.s, d.i) != len(d.s) {
		return LogsPage{}, false
	}
	return d.page(namespace, loc)
}

// The keys read of each object, by their index; a key equal to none of them
// but in letter case is one encoding/json would read (it matches keys to
// fields case-insensitively), so it ends the fast path.
var (
	topKeys      = [...]string{"Response"}
	responseKeys = [...]string{"TotalCount", "Data", "Error"}
	logKeys      = [...]string{"FunctionName", "RetMsg", "RequestId", "StartTime", "Log",
		"RetCode", "InvokeFinished", "Duration", "BillDuration", "MemUsage"}
)

const (
	keyTotalCount = iota
	keyData
	keyError
)

// logStrings is how many of logKeys are strings; the rest are numbers.
const logStrings = 5

// text is a string value: a piece of the body, or of the unescaped buffer.
type text struct {
	from, to  int
	unescaped bool
}

// rawLog is one Data entry as read, its strings not yet made.
type rawLog struct {
	strs [logStrings]text
	nums [len(logKeys) - logStrings]lenient.Number
}

type pageScanner struct {
	s     string
	i     int
	total int
	logs  []rawLog
	// unescaped holds the text of every escaped string of the page.
	unescaped strings.Builder
}

// object reads an object at d.i (after white space), calling member with
// the index in keys of each key found there, positioned at its value (after
// white space); member must step over the value. Other keys' values are
// skipped. false ends the fast path.
func (d *pageScanner) object(keys []string, member func(k int) bool) bool {
	s := d.s
	i := jsontext.SkipSpace(s, d.i)
	if i >= len(s) || s[i] != '{' {
		return false
	}
	if i = jsontext.SkipSpace(s, i+1); i < len(s) && s[i] == '}' {
		d.i = i + 1
		return true
	}
	for {
		k, next, ok := d.key(keys, i)
		if !ok {
			return false
		}
		d.i = next
		if k >= 0 {
			if !member(k) {
				return false
			}
		} else if d.i, ok = jsontext.SkipValue(s, d.i); !ok {
			return false
		}
		switch i = jsontext.SkipSpace(s, d.i); {
		case i < len(s) && s[i] == ',':
			i = jsontext.SkipSpace(s, i+1)
		case i < len(s) && s[i] == '}':
			d.i = i + 1
			return true
		default:
			return false
		}
	}
}

// key reads the key at s[i] and its colon: its index in keys or -1 for a
// key to skip, and where its value starts.
func (d *pageScanner) key(keys []string, i int) (k, value int, ok bool) {
	s := d.s
	if i >= len(s) || s[i] != '"' {
		return 0, 0, false
	}
	end, escaped, ok := jsontext.ScanString(s, i)
	if !ok || escaped {
		return 0, 0, false
	}
	name := s[i+1 : end-1]
	if !isASCII(name) {
		// Unicode folding makes "K" (Kelvin) match "k", for one.
		return 0, 0, false
	}
	k = -1
	for j, want := range keys {
		if name == want {
			k = j
			break
		}
		if len(name) == len(want) && strings.EqualFold(name, want) {
			return 0, 0, false
		}
	}
	if end = jsontext.SkipSpace(s, end); end >= len(s) || s[end] != ':' {
		return 0, 0, false
	}
	return k, jsontext.SkipSpace(s, end+1), true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// response reads the object in "Response".
func (d *pageScanner) response() bool {
	var seen [len(responseKeys)]bool
	return d.object(responseKeys[:], func(k int) bool {
		if seen[k] || k == keyError {
			return false
		}
		seen[k] = true
		if k == keyData {
			return d.data()
		}
		// An int field takes an integer literal only.
		n := jsontext.NumberLen(d.s[d.i:])
		v, err := strconv.Atoi(d.s[d.i : d.i+n])
		d.i += n
		d.total = v
		return n > 0 && err == nil
	})
}

// data reads the Data array.
func (d *pageScanner) data() bool {
	s := d.s
	if d.i >= len(s) || s[d.i] != '[' {
		return false
	}
	i := jsontext.SkipSpace(s, d.i+1)
	if i < len(s) && s[i] == ']' {
		d.i = i + 1
		return true
	}
	for {
		d.i = i
		l, ok := d.log()
		if !ok {
			return false
		}
		if d.logs == nil {
			// Size the page from its first entry, so that it does not grow;
			// the unescaped text is at most the rest of the body (but for
			// the rare invalid byte, 3 bytes as U+FFFD).
			d.logs = make([]rawLog, 0, (len(s)-i)/max(d.i-i, 1)+2)
			d.unescaped.Grow(len(s) - i)
		}
		d.logs = append(d.logs, l)
		switch i = jsontext.SkipSpace(s, d.i); {
		case i < len(s) && s[i] == ',':
			i = jsontext.SkipSpace(s, i+1)
		case i < len(s) && s[i] == ']':
			d.i = i + 1
			return true
		default:
			return false
		}
	}
}

// log reads one Data entry.
func (d *pageScanner) log() (rawLog, bool) {
	var l rawLog
	var seen [len(logKeys)]bool
	ok := d.object(logKeys[:], func(k int) bool {
		if seen[k] {
			return false
		}
		seen[k] = true
		if k < logStrings {
			return d.str(&l.strs[k])
		}
		return d.number(&l.nums[k-logStrings])
	})
	return l, ok
}

// str reads a string field; null leaves it empty, as encoding/json does.
func (d *pageScanner) str(t *text) bool {
	s := d.s
	if d.i < len(s) && s[d.i] == 'n' {
		var ok bool
		d.i, ok = literalNull(s, d.i)
		return ok
	}
	if d.i >= len(s) || s[d.i] != '"' {
		return false
	}
	end, escaped, ok := jsontext.ScanString(s, d.i)
	if !ok {
		return false
	}
	if escaped {
		from := d.unescaped.Len()
		jsontext.WriteUnquoted(&d.unescaped, s[d.i+1:end-1])
		*t = text{from: from, to: d.unescaped.Len(), unescaped: true}
	} else {
		*t = text{from: d.i + 1, to: end - 1}
	}
	d.i = end
	return true
}

// number reads a lenient.Number field from its raw text, as its
// UnmarshalJSON does: a number, a string holding one, or null.
func (d *pageScanner) number(n *lenient.Number) bool {
	s := d.s
	end, ok := d.i+jsontext.NumberLen(s[d.i:]), true
	switch {
	case end > d.i:
	case d.i < len(s) && s[d.i] == '"':
		end, _, ok = jsontext.ScanString(s, d.i)
	case d.i < len(s) && s[d.i] == 'n':
		end, ok = literalNull(s, d.i)
	default:
		return false
	}
	if !ok {
		return false
	}
	v, set, err := lenient.ParseNumber(s[d.i:end])
	if err != nil {
		return false
	}
	if set {
		*n = v
	}
	d.i = end
	return true
}

func literalNull(s string, i int) (int, bool) {
	if !strings.HasPrefix(s[i:], "null") {
		return 0, false
	}
	return i + 4, true
}

// page makes the invocations of the entries read.
func (d *pageScanner) page(namespace string, loc *time.Location) (LogsPage, bool) {
	unescaped := d.unescaped.String()
	get := func(t text) string {
		if t.unescaped {
			return unescaped[t.from:t.to]
		}
		return d.s[t.from:t.to]
	}
	page := LogsPage{Total: d.total, Invocations: make([]Invocation, len(d.logs))}
	for i, l := range d.logs {
		// The fields in logKeys' order.
		v := v3Log{FunctionName: get(l.strs[0]), RetMsg: get(l.strs[1]), RequestID: get(l.strs[2]),
			StartTime: get(l.strs[3]), Log: get(l.strs[4]), RetCode: l.nums[0], InvokeFinished: l.nums[1],
			Duration: l.nums[2], BillDuration: l.nums[3], MemUsage: l.nums[4]}
		inv, err := v.invocation(namespace, loc)
		if err != nil {
			return LogsPage{}, false
		}
		page.Invocations[i] = inv
	}
	return page, true
}
