package scf

import (
	"net/http"
	"strconv"
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
// It reads only what it can read exactly as encoding/json would (see
// jsontext.Reader); anything else (an error answer, a status other than
// 200, a key that differs from a field's name only in letter case, a
// repeated key, a value of an unusual type, a start time that does not
// parse, invalid JSON) makes ok false, and the caller decodes the body with
// encoding/json as before, so that such answers give the same page or the
// same error as ever. A page costs a handful of allocations.
func decodeLogsPage(status int, body []byte, namespace string, loc *time.Location) (page LogsPage, ok bool) {
	if status != http.StatusOK {
		return LogsPage{}, false
	}
	d := pageReader{Reader: jsontext.Reader{S: jsontext.InPlace(body)}}
	var seen bool
	ok = d.Object(topKeys[:], func(int) bool {
		seen = true
		return d.response()
	})
	if !ok || !seen || !d.End() {
		return LogsPage{}, false
	}
	return d.page(namespace, loc)
}

// The keys read of each object, by their index.
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

type pageReader struct {
	jsontext.Reader
	total int
	logs  []v3Log
}

// response reads the object in "Response"; an error answer is left to
// encoding/json and tc3.
func (d *pageReader) response() bool {
	return d.Object(responseKeys[:], func(k int) bool {
		switch k {
		case keyData:
			return d.data()
		case keyTotalCount:
			// An int field takes an integer literal only.
			raw, ok := d.Raw()
			n, err := strconv.Atoi(raw)
			d.total = n
			return ok && err == nil
		}
		return false
	})
}

// data reads the Data array.
func (d *pageReader) data() bool {
	return d.Array(func() bool {
		start := d.I
		l, ok := d.log()
		if d.logs == nil {
			// Size the page from its first entry, so that it does not
			// grow; its unescaped text is at most the rest of the body
			// (but for the rare invalid byte, 3 bytes as U+FFFD).
			d.logs = make([]v3Log, 0, (len(d.S)-start)/max(d.I-start, 1)+2)
			d.Grow(len(d.S) - start)
		}
		d.logs = append(d.logs, l)
		return ok
	})
}

// log reads one Data entry.
func (d *pageReader) log() (l v3Log, ok bool) {
	strs := [...]*string{&l.FunctionName, &l.RetMsg, &l.RequestID, &l.StartTime, &l.Log}
	nums := [...]*lenient.Number{&l.RetCode, &l.InvokeFinished, &l.Duration, &l.BillDuration, &l.MemUsage}
	ok = d.Object(logKeys[:], func(k int) bool {
		if k < len(strs) {
			var ok bool
			*strs[k], ok = d.Str()
			return ok
		}
		// A lenient.Number reads its raw text as its UnmarshalJSON does.
		raw, ok := d.Raw()
		if !ok {
			return false
		}
		n, set, err := lenient.ParseNumber(raw)
		if set {
			*nums[k-len(strs)] = n
		}
		return err == nil
	})
	return l, ok
}

// page makes the invocations of the entries read.
func (d *pageReader) page(namespace string, loc *time.Location) (LogsPage, bool) {
	page := LogsPage{Total: d.total, Invocations: make([]Invocation, len(d.logs))}
	for i := range d.logs {
		inv, err := d.logs[i].invocation(namespace, loc)
		if err != nil {
			return LogsPage{}, false
		}
		page.Invocations[i] = inv
	}
	return page, true
}
