package models

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Output formats of an SLS query (`format`).
const (
	FormatAuto       = "auto"
	FormatLogs       = "logs"
	FormatTable      = "table"
	FormatTimeSeries = "timeSeries"
)

// Defaults of SLS queries; the backend applies them because alert rules and
// provisioned dashboards send raw JSON without an editor.
const (
	DefaultSLSSearch       = "*"
	DefaultSLSLogsLimit    = 1000
	DefaultSLSContextLines = 20
	MaxSLSContextLines     = 100
)

// SLSQuery is the query JSON of every SLS query type. Unknown fields are
// ignored so that older and newer editors can share dashboards.
type SLSQuery struct {
	QueryType    string   `json:"queryType"`
	Logstore     string   `json:"logstore"`
	Query        string   `json:"query"`
	Topic        string   `json:"topic"`
	Limit        int      `json:"limit"`
	Offset       int      `json:"offset"`
	Reverse      bool     `json:"reverse"`
	Format       string   `json:"format"`
	TimeField    string   `json:"timeField"`
	ValueFields  []string `json:"valueFields"`
	LegendFormat string   `json:"legendFormat"`
	LogVolume    bool     `json:"logVolume"`
	PackID       string   `json:"packId"`
	PackMeta     string   `json:"packMeta"`
	BackLines    int      `json:"backLines"`
	ForwardLines int      `json:"forwardLines"`
	// LimitSet tells an explicit limit from the default (SQL only appends a
	// LIMIT when the user asked for one).
	LimitSet bool `json:"-"`
}

// rawSLSQuery accepts numbers as strings and tells absent from false/0.
type rawSLSQuery struct {
	QueryType    string          `json:"queryType"`
	Logstore     string          `json:"logstore"`
	Query        *string         `json:"query"`
	Topic        string          `json:"topic"`
	Limit        *Number         `json:"limit"`
	Offset       *Number         `json:"offset"`
	Reverse      *flexBool       `json:"reverse"`
	Format       string          `json:"format"`
	TimeField    string          `json:"timeField"`
	ValueFields  json.RawMessage `json:"valueFields"`
	LegendFormat string          `json:"legendFormat"`
	LogVolume    flexBool        `json:"logVolume"`
	PackID       string          `json:"packId"`
	PackMeta     string          `json:"packMeta"`
	BackLines    *Number         `json:"backLines"`
	ForwardLines *Number         `json:"forwardLines"`
}

// flexBool accepts true, "true", 1 and their negatives.
type flexBool bool

func (b *flexBool) UnmarshalJSON(raw []byte) error {
	switch strings.ToLower(strings.Trim(strings.TrimSpace(string(raw)), `"`)) {
	case "true", "1":
		*b = true
	case "false", "0", "", "null":
		*b = false
	default:
		return fmt.Errorf("%s is not true or false", raw)
	}
	return nil
}

// ParseSLSQuery reads a query's JSON, applies the defaults of its query type
// (queryType, when given, overrides the JSON's) and validates it. maxRows is
// the data source's row cap. Errors say what to fix.
func ParseSLSQuery(raw json.RawMessage, queryType string, maxRows int) (SLSQuery, error) {
	var r rawSLSQuery
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &r); err != nil {
			return SLSQuery{}, fmt.Errorf("the query JSON is not valid: %v", err)
		}
	}
	q := SLSQuery{
		QueryType:    strings.TrimSpace(r.QueryType),
		Logstore:     strings.TrimSpace(r.Logstore),
		Topic:        strings.TrimSpace(r.Topic),
		Format:       strings.TrimSpace(r.Format),
		TimeField:    strings.TrimSpace(r.TimeField),
		LegendFormat: r.LegendFormat,
		LogVolume:    bool(r.LogVolume),
		PackID:       strings.TrimSpace(r.PackID),
		PackMeta:     strings.TrimSpace(r.PackMeta),
	}
	if queryType != "" {
		q.QueryType = queryType
	}
	if r.Query != nil {
		q.Query = strings.TrimSpace(*r.Query)
	}
	if q.Query == "" && q.QueryType != QueryTypeSLSProjectSQL {
		q.Query = DefaultSLSSearch
	}
	var err error
	if q.ValueFields, err = parseStringList(r.ValueFields); err != nil {
		return SLSQuery{}, fmt.Errorf("valueFields must be a list of column names, e.g. [\"count\"]: %v", err)
	}

	if q.Limit, err = wholeNumber("limit", r.Limit); err != nil {
		return SLSQuery{}, err
	}
	q.LimitSet = r.Limit != nil
	if q.Offset, err = wholeNumber("offset", r.Offset); err != nil {
		return SLSQuery{}, err
	}
	if q.Limit < 0 {
		return SLSQuery{}, fmt.Errorf("limit must be 0 or more, got %d; remove it to get the default of %d rows", q.Limit, DefaultSLSLogsLimit)
	}
	if q.Offset < 0 {
		return SLSQuery{}, fmt.Errorf("offset must be 0 or more, got %d", q.Offset)
	}
	if q.Limit == 0 && q.QueryType == QueryTypeSLSLogs {
		q.Limit = DefaultSLSLogsLimit
		q.LimitSet = false
	}
	if maxRows > 0 && q.Limit > maxRows {
		q.Limit = maxRows
	}

	// Explore expects newest first, so logs default to reverse order.
	q.Reverse = q.QueryType == QueryTypeSLSLogs
	if r.Reverse != nil {
		q.Reverse = bool(*r.Reverse)
	}

	switch q.Format {
	case "":
		q.Format = FormatAuto
	case FormatAuto, FormatLogs, FormatTable, FormatTimeSeries:
	default:
		// Accept the casing old dashboards used ("timeseries", "Table").
		matched := false
		for _, f := range []string{FormatAuto, FormatLogs, FormatTable, FormatTimeSeries} {
			if strings.EqualFold(q.Format, f) {
				q.Format, matched = f, true
			}
		}
		if !matched {
			return SLSQuery{}, fmt.Errorf("format %q is not supported; use \"auto\", \"logs\", \"table\" or \"timeSeries\"", q.Format)
		}
	}

	if q.BackLines, err = contextLines("backLines", r.BackLines); err != nil {
		return SLSQuery{}, err
	}
	if q.ForwardLines, err = contextLines("forwardLines", r.ForwardLines); err != nil {
		return SLSQuery{}, err
	}

	switch q.QueryType {
	case QueryTypeSLSLogs, QueryTypeSLSSQL, QueryTypeSLSHistogram, QueryTypeSLSContext:
		if q.Logstore == "" {
			return SLSQuery{}, fmt.Errorf("%s needs a logstore: choose one in the query editor or set \"logstore\" in the query JSON", q.QueryType)
		}
	}
	switch q.QueryType {
	case QueryTypeSLSSQL:
		if !HasAnalytics(q.Query) {
			return SLSQuery{}, fmt.Errorf("slsSql needs an analytic statement after \"|\", e.g. \"* | select count(*) as c\"; use the slsLogs query type for a plain search")
		}
	case QueryTypeSLSProjectSQL:
		if q.Query == "" {
			return SLSQuery{}, fmt.Errorf("slsProjectSql needs an SQL query naming its logstore, e.g. \"select count(*) as c from app-log where $__timeFilter\"")
		}
	case QueryTypeSLSContext:
		if q.PackID == "" || q.PackMeta == "" {
			return SLSQuery{}, fmt.Errorf("slsContext needs \"packId\" and \"packMeta\" (the __pack_id__ and __pack_meta__ labels of a log line)")
		}
	}
	return q, nil
}

func wholeNumber(name string, n *Number) (int, error) {
	if n == nil {
		return 0, nil
	}
	f := float64(*n)
	if f != float64(int(f)) {
		return 0, fmt.Errorf("%s must be a whole number, got %v", name, f)
	}
	return int(f), nil
}

func contextLines(name string, n *Number) (int, error) {
	if n == nil {
		return DefaultSLSContextLines, nil
	}
	v, err := wholeNumber(name, n)
	if err != nil {
		return 0, err
	}
	if v < 0 || v > MaxSLSContextLines {
		return 0, fmt.Errorf("%s must be from 0 to %d, got %d", name, MaxSLSContextLines, v)
	}
	return v, nil
}

// parseStringList accepts ["a","b"] or "a, b".
func parseStringList(raw json.RawMessage) ([]string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var list []string
	if err := json.Unmarshal(raw, &list); err != nil {
		var s string
		if err2 := json.Unmarshal(raw, &s); err2 != nil {
			return nil, err
		}
		list = strings.Split(s, ",")
	}
	var out []string
	for _, v := range list {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out, nil
}

// SplitSearchSQL splits "search | sql" at the first pipe outside quotes.
// A query without one has no analytic part.
func SplitSearchSQL(query string) (search, sql string, hasSQL bool) {
	var quote rune
	escaped := false
	for i, r := range query {
		switch {
		case escaped:
			escaped = false
		case r == '\\' && quote != 0:
			escaped = true
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '\'' || r == '`':
			quote = r
		case r == '|':
			return strings.TrimSpace(query[:i]), strings.TrimSpace(query[i+1:]), true
		}
	}
	return strings.TrimSpace(query), "", false
}

// HasAnalytics reports whether a logstore query has an SQL part after "|".
func HasAnalytics(query string) bool {
	_, sql, ok := SplitSearchSQL(query)
	return ok && sql != ""
}

// InferSLSQueryType picks the type of a query that has none: slsSql when its
// `query` has an analytic part, else slsLogs.
func InferSLSQueryType(raw json.RawMessage) string {
	var r struct {
		Query string `json:"query"`
	}
	_ = json.Unmarshal(raw, &r)
	if HasAnalytics(r.Query) {
		return QueryTypeSLSSQL
	}
	return QueryTypeSLSLogs
}
