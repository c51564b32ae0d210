package cls

import (
	"net/http"
	"strconv"

	"github.com/logbridge/cloudlogs/pkg/jsontext"
	"github.com/logbridge/cloudlogs/pkg/tc3"
)

// searchPage is the answer of a Search chain's SearchLog call: read by
// decodeSearchPage when it has the usual shape, else by encoding/json.
type searchPage struct{ searchLogResponse }

// decodeFast reads a success answer of the usual shape into p; false
// leaves the answer (and p) to tc3's Decode.
func (p *searchPage) decodeFast(reply *tc3.Reply) bool {
	out, ok := decodeSearchPage(reply.Status, reply.Body)
	if ok {
		p.searchLogResponse = out
	}
	return ok
}

// decodeSearchPage reads a SearchLog answer of raw logs,
// {"Response":{"Context":…,"ListOver":…,"Results":[{…}],…}}, without
// encoding/json, whose struct decoding of a 1,000-log page took longer
// than building its frame (docs/benchmarks.md). It reads only what it
// can read exactly as encoding/json would (see jsontext.Reader): an error
// answer, a status other than 200, analysis rows, per-topic answers
// (Topics), a key that differs from a field's only in letter case, a value
// of another type or invalid JSON make ok false, and the caller decodes
// the body with encoding/json, so that those give what they always gave.
func decodeSearchPage(status int, body []byte) (out searchLogResponse, ok bool) {
	if status != http.StatusOK {
		return out, false
	}
	d := searchReader{Reader: jsontext.Reader{S: jsontext.InPlace(body)}}
	var seen bool
	ok = d.Object(envelopeKeys[:], func(int) bool {
		seen = true
		return d.response(&out)
	})
	if !ok || !seen || !d.End() {
		return searchLogResponse{}, false
	}
	return out, true
}

type searchReader struct{ jsontext.Reader }

// The keys read of each object, by their index.
var (
	envelopeKeys = [...]string{"Response"}
	searchKeys   = [...]string{"Context", "ListOver", "Analysis", "Results", "AnalysisRecords", "Columns", "Topics", "RequestId", "Error"}
	logInfoKeys  = [...]string{"TopicId", "TopicName", "Source", "FileName", "PkgId", "LogJson", "HostName", "RawLog", "Time", "PkgLogId"}
)

func (d *searchReader) response(out *searchLogResponse) bool {
	return d.Object(searchKeys[:], func(k int) bool {
		var ok bool
		switch searchKeys[k] {
		case "Context":
			out.Context, ok = d.Str()
		case "RequestId":
			out.RequestID, ok = d.Str()
		case "ListOver":
			out.ListOver, ok = d.Bool()
		case "Analysis":
			out.Analysis, ok = d.Bool()
		case "Results":
			out.Results, ok = d.results()
		case "AnalysisRecords":
			// Raw logs come with none: null, or [] (an empty slice).
			if ok = d.Null(); !ok && d.empty() {
				out.AnalysisRecords, ok = []string{}, true
			}
		case "Columns":
			if ok = d.Null(); !ok && d.empty() {
				out.Columns, ok = []Column{}, true
			}
		case "Topics":
			// Several topics' answers carry their cursors and errors here:
			// encoding/json reads those.
			ok = d.Null()
		}
		return ok
	})
}

// empty reads an array that must have no element.
func (d *searchReader) empty() bool {
	return d.Array(func() bool { return false })
}

// results reads Results: null, or the logs.
func (d *searchReader) results() ([]logInfo, bool) {
	if d.Null() {
		return nil, true
	}
	results := []logInfo{}
	ok := d.Array(func() bool {
		start := d.I
		li, ok := d.logInfo()
		if len(results) == 0 {
			// Size the page from its first log, so that it does not grow;
			// its unescaped text (LogJson's quotes) is at most the rest of
			// the body (but for the rare invalid byte, 3 bytes as U+FFFD).
			results = make([]logInfo, 0, (len(d.S)-start)/max(d.I-start, 1)+2)
			d.Grow(len(d.S) - start)
		}
		results = append(results, li)
		return ok
	})
	return results, ok
}

// logInfo reads one log of Results.
func (d *searchReader) logInfo() (li logInfo, ok bool) {
	strs := [...]*string{&li.TopicID, &li.TopicName, &li.Source, &li.FileName, &li.PkgID, &li.LogJSON, &li.HostName, &li.RawLog}
	ok = d.Object(logInfoKeys[:], func(k int) bool {
		var ok bool
		switch {
		case k < len(strs):
			*strs[k], ok = d.Str()
		case logInfoKeys[k] == "Time":
			// An int64 takes an integer literal (or null) only.
			var raw string
			if raw, ok = d.Raw(); ok && raw != "null" {
				li.Time, ok = parseInt(raw)
			}
		default: // PkgLogId, an idText: a string, or a number's text
			switch d.Peek() {
			case '"':
				var s string
				s, ok = d.Str()
				li.PkgLogID = idText(s)
			case 'n':
				ok = d.Null()
			default:
				var raw string
				raw, ok = d.Raw()
				li.PkgLogID = idText(raw)
			}
		}
		return ok
	})
	return li, ok
}

// parseInt reads a JSON integer as encoding/json does into an int64.
func parseInt(raw string) (int64, bool) {
	if raw == "" || raw[0] == '"' {
		return 0, false
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	return n, err == nil
}
