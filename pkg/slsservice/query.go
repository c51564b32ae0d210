package slsservice

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/logbridge/cloudlogs/pkg/adhoc"
	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/lenient"
	"github.com/logbridge/cloudlogs/pkg/querytext"
)

// Output formats of an SLS query (`format`).
const (
	FormatAuto       = frames.FormatAuto
	FormatLogs       = frames.FormatLogs
	FormatTable      = frames.FormatTable
	FormatTimeSeries = frames.FormatTimeSeries
)

// Defaults of SLS queries; the backend applies them because alert rules and
// provisioned dashboards send raw JSON without an editor.
const (
	DefaultLogsLimit    = 1000
	DefaultContextLines = 20
	MaxContextLines     = 100
)

// Query is the query JSON of every SLS query type. Unknown fields are
// ignored so that older and newer editors can share dashboards.
type Query struct {
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
	// Text is Query split into search and SQL, once, here.
	Text querytext.QueryText `json:"-"`
}

// rawSLSQuery accepts numbers as strings and tells absent from false/0.
type rawSLSQuery struct {
	QueryType    string             `json:"queryType"`
	Logstore     string             `json:"logstore"`
	Query        *string            `json:"query"`
	Topic        string             `json:"topic"`
	Limit        *lenient.Number    `json:"limit"`
	Offset       *lenient.Number    `json:"offset"`
	Reverse      *lenient.Bool      `json:"reverse"`
	Format       string             `json:"format"`
	TimeField    string             `json:"timeField"`
	ValueFields  lenient.StringList `json:"valueFields"`
	LegendFormat string             `json:"legendFormat"`
	LogVolume    lenient.Bool       `json:"logVolume"`
	PackID       string             `json:"packId"`
	PackMeta     string             `json:"packMeta"`
	BackLines    *lenient.Number    `json:"backLines"`
	ForwardLines *lenient.Number    `json:"forwardLines"`
}

// ParseQuery reads a query's JSON, applies the defaults of its query type
// (queryType, when given, overrides the JSON's) and validates it. maxRows is
// the data source's row cap. Errors say what to fix.
func ParseQuery(raw json.RawMessage, queryType string, maxRows int) (Query, error) {
	var r rawSLSQuery
	if err := lenient.DecodeQuery(raw, &r); err != nil {
		return Query{}, err
	}
	q := Query{
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
	if q.Query == "" && q.QueryType != QueryTypeProjectSQL {
		q.Query = querytext.DefaultSearch
	}
	q.Text = querytext.Parse(q.Query, querytext.DoubleQuotes)
	q.ValueFields = r.ValueFields
	var err error

	if q.Limit, err = wholeNumber("limit", r.Limit); err != nil {
		return Query{}, err
	}
	q.LimitSet = r.Limit != nil
	if q.Offset, err = wholeNumber("offset", r.Offset); err != nil {
		return Query{}, err
	}
	if q.Limit < 0 {
		return Query{}, fmt.Errorf("limit must be 0 or more, got %d; remove it to get the default of %d rows", q.Limit, DefaultLogsLimit)
	}
	if q.Offset < 0 {
		return Query{}, fmt.Errorf("offset must be 0 or more, got %d", q.Offset)
	}
	if q.Limit == 0 && q.QueryType == QueryTypeLogs {
		q.Limit = DefaultLogsLimit
		q.LimitSet = false
	}
	if maxRows > 0 && q.Limit > maxRows {
		q.Limit = maxRows
	}

	// Explore expects newest first, so logs default to reverse order.
	q.Reverse = q.QueryType == QueryTypeLogs
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
			return Query{}, fmt.Errorf("format %q is not supported; use \"auto\", \"logs\", \"table\" or \"timeSeries\"", q.Format)
		}
	}

	if q.BackLines, err = contextLines("backLines", r.BackLines); err != nil {
		return Query{}, err
	}
	if q.ForwardLines, err = contextLines("forwardLines", r.ForwardLines); err != nil {
		return Query{}, err
	}

	if err := q.applyAdhocFilters(raw); err != nil {
		return Query{}, err
	}
	// Every text that reaches SLS; the SQL's own $__ macros are expanded later.
	if err := querytext.VariablesError(querytext.Field{Name: "logstore", Text: q.Logstore}, querytext.Field{Name: "query", Text: q.Query},
		querytext.Field{Name: "topic", Text: q.Topic}, querytext.Field{Name: "packId", Text: q.PackID}, querytext.Field{Name: "packMeta", Text: q.PackMeta}); err != nil {
		return Query{}, err
	}
	switch q.QueryType {
	case QueryTypeLogs, QueryTypeSQL, QueryTypeHistogram, QueryTypeContext:
		if q.Logstore == "" {
			return Query{}, fmt.Errorf("%s needs a logstore: choose one in the query editor or set \"logstore\" in the query JSON", q.QueryType)
		}
	}
	switch q.QueryType {
	case QueryTypeSQL:
		if !q.Text.HasAnalytics() {
			return Query{}, fmt.Errorf("slsSql needs an analytic statement after \"|\", e.g. \"* | select count(*) as c\"; use the slsLogs query type for a plain search")
		}
	case QueryTypeProjectSQL:
		if q.Query == "" {
			return Query{}, fmt.Errorf("slsProjectSql needs an SQL query naming its logstore, e.g. \"select count(*) as c from app-log where $__timeFilter\"")
		}
	case QueryTypeContext:
		if q.PackID == "" || q.PackMeta == "" {
			return Query{}, fmt.Errorf("slsContext needs \"packId\" and \"packMeta\" (the __pack_id__ and __pack_meta__ labels of a log line)")
		}
	}
	return q, nil
}

// applyAdhocFilters writes the dashboard's ad-hoc filters into the search,
// so every caller (panel, alert rule, public dashboard) gets the same rows.
// A log line's context is read unfiltered, as Explore shows it.
func (q *Query) applyAdhocFilters(raw json.RawMessage) error {
	filters, err := adhoc.Parse(raw)
	if err != nil || len(filters) == 0 || q.QueryType == QueryTypeContext {
		return err
	}
	if q.QueryType == QueryTypeProjectSQL {
		return fmt.Errorf("ad-hoc filters cannot be applied to slsProjectSql, whose SQL names its own logstores; use slsSql, or remove the filters from this panel's dashboard")
	}
	text, err := withAdhocFilters(q.Text, filters)
	if err != nil {
		return err
	}
	q.Query = text
	q.Text = querytext.Parse(text, querytext.DoubleQuotes)
	return nil
}

func wholeNumber(name string, n *lenient.Number) (int, error) {
	if n == nil {
		return 0, nil
	}
	return n.Whole(name)
}

func contextLines(name string, n *lenient.Number) (int, error) {
	if n == nil {
		return DefaultContextLines, nil
	}
	v, err := wholeNumber(name, n)
	if err != nil {
		return 0, err
	}
	if v < 0 || v > MaxContextLines {
		return 0, fmt.Errorf("%s must be from 0 to %d, got %d", name, MaxContextLines, v)
	}
	return v, nil
}

// inferQueryType is the one place a query without a type gets one: the JSON's
// queryType when it has one, else slsSql when its text has an analytic part
// after a "|" (outside phrases and escapes), else slsLogs.
func inferQueryType(raw json.RawMessage) string {
	var r struct {
		QueryType string `json:"queryType"`
		Query     string `json:"query"`
	}
	_ = json.Unmarshal(raw, &r)
	if qt := strings.TrimSpace(r.QueryType); qt != "" {
		return qt
	}
	if querytext.Parse(r.Query, querytext.DoubleQuotes).HasAnalytics() {
		return QueryTypeSQL
	}
	return QueryTypeLogs
}
