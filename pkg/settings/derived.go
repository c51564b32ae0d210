package settings

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// Matcher types of a derived field: where its value comes from.
const (
	// MatcherRegex takes the value from the log line's body: the first
	// capture group of matcherRegex that matched.
	MatcherRegex = "regex"
	// MatcherLabel takes the value of the label (a field of the log line)
	// that matcherRegex names.
	MatcherLabel = "label"
)

// MaxDerivedFields bounds the derived fields of one data source: each one is
// a scan of every logs frame, so the cost stays proportional and small.
const MaxDerivedFields = 20

// maxMatcherLength bounds a regex or label name; RE2 runs in linear time,
// but a huge program still costs memory per instance.
const maxMatcherLength = 1000

// DerivedField is one jsonData.derivedFields row: a value taken from each
// log line, shown as its own field with a link (to a URL, or to a query of
// another data source, or of this one).
type DerivedField struct {
	Name         string `json:"name"`
	MatcherType  string `json:"matcherType"`
	MatcherRegex string `json:"matcherRegex"`
	// URL is the link's address, or with DatasourceUID the query text of the
	// internal link; ${__value.raw} is the field's value. Empty: no link.
	URL             string `json:"url,omitempty"`
	URLDisplayLabel string `json:"urlDisplayLabel,omitempty"`
	// DatasourceUID makes the link internal: Explore opens that data source
	// with URL as its query.
	DatasourceUID string `json:"datasourceUid,omitempty"`
}

// logsFrameFields are the fields every logs frame already has; a derived
// field of the same name would be hidden by them.
var logsFrameFields = []string{"timestamp", "body", "severity", "id", "labels"}

// DefaultDerivedFields are the derived fields of a data source whose
// jsonData has no derivedFields: links from a line's request or trace id to
// the other lines with it, in this data source (selfUID). An empty list in
// jsonData turns them off.
func DefaultDerivedFields(service, selfUID string) []DerivedField {
	traceKeys := []string{"trace_id", "traceId", "request_id"}
	var out []DerivedField
	switch service {
	case ServiceSLS:
		for _, k := range traceKeys {
			out = append(out, selfLabelLink(k, "Lines with this "+k, k+`: "${__value.raw}"`, selfUID))
		}
	case ServiceCLS:
		// SCF_RequestId is the request id of SCF function logs shipped to CLS.
		for _, k := range append(traceKeys, "SCF_RequestId") {
			out = append(out, selfLabelLink(k, "Lines with this "+k, k+`:"${__value.raw}"`, selfUID))
		}
	case ServiceSCF:
		// An SCF link into itself puts its text in the query's requestId.
		out = append(out, selfLabelLink("requestId", "Logs of this invocation", "${__value.raw}", selfUID))
	}
	return out
}

func selfLabelLink(label, title, query, selfUID string) DerivedField {
	return DerivedField{Name: label, MatcherType: MatcherLabel, MatcherRegex: label,
		URL: query, URLDisplayLabel: title, DatasourceUID: selfUID}
}

// derivedFields reads jsonData.derivedFields: absent or null gives the
// service's defaults, a list is validated row by row (each message names
// the row and the field to fix).
func derivedFields(raw json.RawMessage, service, selfUID string) ([]DerivedField, []error) {
	if len(bytes.TrimSpace(raw)) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return DefaultDerivedFields(service, selfUID), nil
	}
	var rows []DerivedField
	if err := json.Unmarshal(raw, &rows); err != nil {
		return nil, []error{fmt.Errorf("settings: derivedFields must be a list of {name, matcherType, matcherRegex, url, urlDisplayLabel, datasourceUid} with text values: %v", err)}
	}
	if len(rows) > MaxDerivedFields {
		return nil, []error{fmt.Errorf("settings: derivedFields has %d rows; at most %d are allowed", len(rows), MaxDerivedFields)}
	}
	var errs []error
	seen := map[string]int{}
	for i := range rows {
		r := &rows[i]
		r.Name = strings.TrimSpace(r.Name)
		r.MatcherType = strings.ToLower(strings.TrimSpace(r.MatcherType))
		if r.MatcherType == "" {
			r.MatcherType = MatcherRegex // as Loki: a regex unless told
		}
		r.URL = strings.TrimSpace(r.URL)
		r.DatasourceUID = strings.TrimSpace(r.DatasourceUID)
		row := fmt.Sprintf("settings: derivedFields[%d]", i)
		if r.Name != "" {
			row += fmt.Sprintf(" (%q)", r.Name)
		}
		if err := checkDerivedField(*r); err != "" {
			errs = append(errs, fmt.Errorf("%s: %s", row, err))
			continue
		}
		if j, dup := seen[r.Name]; dup {
			errs = append(errs, fmt.Errorf("%s: name is also used by derivedFields[%d]; give each derived field its own name", row, j))
		}
		seen[r.Name] = i
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return rows, nil
}

// checkDerivedField says what is wrong with one row, or "".
func checkDerivedField(r DerivedField) string {
	switch {
	case r.Name == "":
		return "name is missing; it names the field shown with each log line"
	case containsFold(logsFrameFields, r.Name):
		return fmt.Sprintf("name %q is a field every logs frame has (%s); choose another", r.Name, strings.Join(logsFrameFields, ", "))
	case r.MatcherRegex == "":
		if r.MatcherType == MatcherLabel {
			return "matcherRegex is missing; for the label type it is the name of the label to take the value from"
		}
		return "matcherRegex is missing; write a regular expression with one capture group around the value, e.g. traceID=(\\w+)"
	case len(r.MatcherRegex) > maxMatcherLength:
		return fmt.Sprintf("matcherRegex is %d characters long; at most %d are allowed", len(r.MatcherRegex), maxMatcherLength)
	}
	switch r.MatcherType {
	case MatcherRegex:
		re, err := regexp.Compile(r.MatcherRegex)
		if err != nil {
			return fmt.Sprintf("matcherRegex %q is not a valid regular expression (RE2 syntax, as Go reads it): %v%s", r.MatcherRegex, err, re2Hint(r.MatcherRegex))
		}
		if re.NumSubexp() == 0 {
			return fmt.Sprintf("matcherRegex %q has no capture group; put parentheses around the value to take, e.g. traceID=(\\w+)", r.MatcherRegex)
		}
	case MatcherLabel:
	default:
		return fmt.Sprintf("matcherType %q is unknown; use %q (a regex on the line) or %q (a label's value)", r.MatcherType, MatcherRegex, MatcherLabel)
	}
	if r.DatasourceUID != "" {
		if r.URL == "" {
			return "url is missing; an internal link needs the query to run in the linked data source, e.g. ${__value.raw}"
		}
		return ""
	}
	if scheme, ok := urlScheme(r.URL); ok && scheme != "http" && scheme != "https" {
		return fmt.Sprintf("url must be an http or https address or a path in Grafana, not a %s: link", scheme)
	}
	return ""
}

// re2Hint explains the one surprise for a regex written for JavaScript or
// PCRE: RE2 keeps linear time by having no lookaround or backreference.
func re2Hint(re string) string {
	for _, s := range []string{"(?=", "(?!", "(?<=", "(?<!", `\1`} {
		if strings.Contains(re, s) {
			return "; RE2 has no lookahead, lookbehind or backreferences: match the text around the value instead, e.g. traceID=(\\w+)"
		}
	}
	return ""
}

// urlScheme is the scheme in front of a URL ("javascript" of
// "javascript:..."), if it has one.
func urlScheme(u string) (string, bool) {
	i := strings.IndexByte(u, ':')
	if i <= 0 {
		return "", false
	}
	for j, c := range u[:i] {
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (j == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return "", false
		}
	}
	return strings.ToLower(u[:i]), true
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
