// Package derived adds a data source's derived fields to logs frames: for
// each configured field, a string field holding the value found in each line
// (a regex capture from the body, or a label's value) whose config carries
// the link, so Explore, dashboards, alert notifications and public
// dashboards all get the links from the backend alike. It is pure: no I/O.
package derived

import (
	"encoding/json"
	"regexp"
	"runtime"
	"slices"
	"sync"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/settings"
)

// SelfQuery says how a service writes a link into its own data source: the
// query type to run, the keys of the origin query kept (its logstore,
// function or topics) and the key that takes the link's text.
type SelfQuery struct {
	QueryType string
	Keep      []string
	TextKey   string
}

// Set is one data source instance's derived fields, regexes compiled once.
type Set struct {
	fields []field
	// labels are the label keys wanted by label matchers, in field order;
	// quotedLabels the same between quotes (readLabels).
	labels       []string
	quotedLabels [][]byte
	selfUID      string
	selfName     string
	self         SelfQuery
}

type field struct {
	settings.DerivedField
	re *regexp.Regexp
	// label is the index in Set.labels of a label matcher, -1 for a regex.
	label int
}

// New compiles the fields (settings validated them) of the instance whose
// uid and name are selfUID and selfName; self writes links into it.
// It never fails: a field whose regex does not compile is left out.
func New(fields []settings.DerivedField, selfUID, selfName string, self SelfQuery) *Set {
	s := &Set{selfUID: selfUID, selfName: selfName, self: self}
	for _, f := range fields {
		c := field{DerivedField: f, label: -1}
		if f.MatcherType == settings.MatcherLabel {
			c.label = len(s.labels)
			s.labels = append(s.labels, f.MatcherRegex)
			s.quotedLabels = append(s.quotedLabels, []byte(`"`+f.MatcherRegex+`"`))
		} else {
			re, err := regexp.Compile(f.MatcherRegex)
			if err != nil || re.NumSubexp() == 0 {
				continue
			}
			c.re = re
		}
		s.fields = append(s.fields, c)
	}
	return s
}

// Apply adds the derived fields to every logs frame of frames; origin is
// the JSON of the query that made them (links into this data source keep
// its logstore, function or topics). A field none of whose lines has a
// value is not added, nor one whose name the frame already has.
func (s *Set) Apply(frames data.Frames, origin json.RawMessage) {
	if s == nil || len(s.fields) == 0 {
		return
	}
	var selfQuery map[string]json.RawMessage
	for _, frame := range frames {
		if frame == nil || frame.Meta == nil || frame.Meta.Type != data.FrameTypeLogLines {
			continue
		}
		s.addFields(frame, s.extract(frame), origin, &selfQuery)
	}
}

// PageValues are the derived fields' values of one page's lines: Values[i]
// holds field i's value of each line, or is nil when no line has one.
type PageValues struct {
	Lines  int
	Values [][]string
}

// Slice is p for its lines [from, to); a field none of those lines has a
// value for is nil.
func (p PageValues) Slice(from, to int) PageValues {
	out := PageValues{Lines: to - from, Values: make([][]string, len(p.Values))}
	for i, v := range p.Values {
		if v != nil && slices.ContainsFunc(v[from:to], func(s string) bool { return s != "" }) {
			out.Values[i] = v[from:to]
		}
	}
	return out
}

// Page reads the lines of one page of a logs answer (their bodies and
// labels objects) as Apply reads a frame's. Pages may be read at once.
func (s *Set) Page(body []string, labels []json.RawMessage) PageValues {
	out := PageValues{Lines: len(body)}
	if s != nil && len(s.fields) > 0 {
		src := lineSource{body: func(row int) string { return body[row] }}
		if labels != nil {
			src.labels = func(row int) []byte { return labels[row] }
		}
		out.Values = s.extractRows(src, len(body), 0, len(body))
	}
	return out
}

// Join adds the derived fields to a logs frame whose lines are those of
// pages, in order: Apply for a frame whose pages were read as they came.
func (s *Set) Join(frame *data.Frame, pages []PageValues, origin json.RawMessage) {
	if s == nil || len(s.fields) == 0 {
		return
	}
	n := 0
	for _, p := range pages {
		n += p.Lines
	}
	values := make([][]string, len(s.fields))
	at := 0
	for _, p := range pages {
		for i, part := range p.Values {
			if part == nil {
				continue
			}
			if values[i] == nil {
				values[i] = make([]string, n)
			}
			copy(values[i][at:], part)
		}
		at += p.Lines
	}
	var selfQuery map[string]json.RawMessage
	s.addFields(frame, values, origin, &selfQuery)
}

// addFields adds field i with values[i] to frame, with its link; a field
// without values, or whose name the frame has, is left out.
func (s *Set) addFields(frame *data.Frame, values [][]string, origin json.RawMessage, selfQuery *map[string]json.RawMessage) {
	for i, f := range s.fields {
		if values[i] == nil || hasField(frame, f.Name) {
			continue
		}
		out := data.NewField(f.Name, nil, values[i])
		if link, ok := s.link(f.DerivedField, origin, selfQuery); ok {
			out.SetConfig(&data.FieldConfig{Links: []data.DataLink{link}})
		}
		frame.Fields = append(frame.Fields, out)
	}
}

// extract reads each line once and returns, per field, its values, or nil
// when no line has one. A large frame's lines are read in parts at once,
// one per core: the fields are added after the answer's last page arrived,
// and their time is the answer's.
func (s *Set) extract(frame *data.Frame) [][]string {
	n := frame.Rows()
	parts := 1
	if n >= frames.ParallelRows {
		parts = runtime.GOMAXPROCS(0)
	}
	src := frameLines(frame)
	partValues := make([][][]string, parts)
	var wg sync.WaitGroup
	for k := range parts {
		wg.Go(func() { partValues[k] = s.extractRows(src, n, k*n/parts, (k+1)*n/parts) })
	}
	wg.Wait()
	values := partValues[0]
	for k := 1; k < parts; k++ {
		from, to := k*n/parts, (k+1)*n/parts
		for i, part := range partValues[k] {
			if part == nil {
				continue
			}
			if values[i] == nil {
				values[i] = part
			} else {
				copy(values[i][from:to], part[from:to])
			}
		}
	}
	return values
}

// lineSource reads a logs answer's lines: the body and the labels object
// of a row; either is nil when the lines have none.
type lineSource struct {
	body   func(row int) string
	labels func(row int) []byte
}

// frameLines reads a logs frame's lines.
func frameLines(frame *data.Frame) lineSource {
	var src lineSource
	if body := fieldNamed(frame, "body"); body != nil {
		src.body = func(row int) string { return text(body.PointerAt(row)) }
	}
	if labels := fieldNamed(frame, "labels"); labels != nil {
		src.labels = func(row int) []byte { return rawLabels(labels.PointerAt(row)) }
	}
	return src
}

// extractRows is extract for the lines [from, to) of n: each field's
// values are a slice of every line, written at [from, to) only.
func (s *Set) extractRows(src lineSource, n, from, to int) [][]string {
	values := make([][]string, len(s.fields))
	found := make([]string, len(s.labels))
	var prev []byte
	for row := from; row < to; row++ {
		if len(s.labels) > 0 && src.labels != nil {
			// A frame may give lines the very same labels bytes (SCF: all
			// lines of one run): their values are read once.
			if raw := src.labels(row); row == from || !frames.SameBytes(raw, prev) {
				clear(found)
				s.readLabels(raw, found)
				prev = raw
			}
		}
		var line string
		var lineRead bool
		for i, f := range s.fields {
			var v string
			if f.label >= 0 {
				v = found[f.label]
			} else if src.body != nil {
				if !lineRead {
					line = src.body(row)
					lineRead = true
				}
				v = firstGroup(f.re, line)
			}
			if v == "" {
				continue
			}
			if values[i] == nil {
				values[i] = make([]string, n)
			}
			values[i][row] = v
		}
	}
	return values
}

// firstGroup is the first capture group of re that matched in line.
func firstGroup(re *regexp.Regexp, line string) string {
	m := re.FindStringSubmatchIndex(line)
	for g := 1; 2*g+1 < len(m); g++ {
		if m[2*g] >= 0 && m[2*g+1] > m[2*g] {
			return line[m[2*g]:m[2*g+1]]
		}
	}
	return ""
}

// link is the field's link: internal into another data source (its query
// text under "query", as Loki writes it), into this one (the origin's
// context kept, see SelfQuery), or to a URL. No URL, no link.
func (s *Set) link(f settings.DerivedField, origin json.RawMessage, selfQuery *map[string]json.RawMessage) (data.DataLink, bool) {
	if f.URL == "" {
		return data.DataLink{}, false
	}
	if f.DatasourceUID == "" {
		return data.DataLink{Title: f.URLDisplayLabel, URL: f.URL, TargetBlank: true}, true
	}
	internal := &data.InternalDataLink{DatasourceUID: f.DatasourceUID, Query: map[string]any{"refId": "A", "query": f.URL}}
	if f.DatasourceUID == s.selfUID && s.self.QueryType != "" {
		if *selfQuery == nil {
			*selfQuery = map[string]json.RawMessage{}
			_ = json.Unmarshal(origin, selfQuery) // a query that ran was valid JSON
		}
		internal.DatasourceName = s.selfName
		internal.Query = s.selfQueryOf(*selfQuery, f.URL)
	}
	return data.DataLink{Title: f.URLDisplayLabel, Internal: internal}, true
}

func (s *Set) selfQueryOf(origin map[string]json.RawMessage, text string) map[string]any {
	q := map[string]any{"refId": "A", "queryType": s.self.QueryType}
	for _, k := range s.self.Keep {
		if v, ok := origin[k]; ok && string(v) != "null" {
			q[k] = v
		}
	}
	q[s.self.TextKey] = text
	return q
}

func fieldNamed(frame *data.Frame, name string) *data.Field {
	for _, f := range frame.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

func hasField(frame *data.Frame, name string) bool {
	return slices.ContainsFunc(frame.Fields, func(f *data.Field) bool { return f.Name == name })
}

// rawLabels is a labels value as JSON bytes, whichever of the types a logs
// frame may hold it in, reached by PointerAt (At would box each value).
func rawLabels(p any) []byte {
	switch l := p.(type) {
	case *json.RawMessage:
		return *l
	case **json.RawMessage:
		if *l != nil {
			return **l
		}
	case *string:
		return []byte(*l)
	case **string:
		if *l != nil {
			return []byte(**l)
		}
	}
	return nil
}

// text is a string value reached by PointerAt, "" when null or not a string.
func text(p any) string {
	switch s := p.(type) {
	case *string:
		return *s
	case **string:
		if *s != nil {
			return **s
		}
	}
	return ""
}
