package clsservice

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/logbridge/cloudlogs/pkg/adhoc"
	"github.com/logbridge/cloudlogs/pkg/cls"
	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/lenient"
	"github.com/logbridge/cloudlogs/pkg/querytext"
)

// Query types, the `queryType` of a panel query. Alert rules and provisioned
// dashboards send these strings, so they never change.
const (
	QueryTypeLogs      = "clsLogs"
	QueryTypeSQL       = "clsSql"
	QueryTypeHistogram = "clsHistogram"
	QueryTypeContext   = "clsContext"
)

// Defaults and limits of CLS queries.
const (
	DefaultLogsLimit    = 1000
	DefaultContextLines = 10
	MaxContextLines     = 100
	// MaxTopics is how many topics one SearchLog may cover.
	MaxTopics = 50
)

// Query is a validated CLS panel query with every default applied.
type Query struct {
	QueryType    string
	TopicIDs     []string
	Query        string
	Text         querytext.QueryText
	Syntax       cls.Syntax
	Limit        int
	LimitSet     bool
	Sort         string
	Format       string
	TimeField    string
	ValueFields  []string
	LegendFormat string
	LogVolume    bool
	// Context of one log (clsContext).
	PkgID    string
	PkgLogID int64
	Time     time.Time
	Prev     int
	Next     int
}

type rawQuery struct {
	QueryType    string             `json:"queryType"`
	TopicID      string             `json:"topicId"`
	TopicIDs     []string           `json:"topicIds"`
	Query        string             `json:"query"`
	Syntax       string             `json:"syntax"`
	Limit        *lenient.Number    `json:"limit"`
	Sort         string             `json:"sort"`
	Format       string             `json:"format"`
	TimeField    string             `json:"timeField"`
	ValueFields  lenient.StringList `json:"valueFields"`
	LegendFormat string             `json:"legendFormat"`
	LogVolume    lenient.Bool       `json:"logVolume"`
	PkgID        string             `json:"pkgId"`
	PkgLogID     json.RawMessage    `json:"pkgLogId"`
	Time         *lenient.Number    `json:"time"`
	PrevLogs     *lenient.Number    `json:"prevLogs"`
	NextLogs     *lenient.Number    `json:"nextLogs"`
}

// ParseQuery reads a query's JSON for a query type, applies the defaults and
// validates it; every problem is reported at once, each saying what to fix.
func ParseQuery(raw json.RawMessage, queryType string, maxRows int) (Query, error) {
	var r rawQuery
	if err := lenient.DecodeQuery(raw, &r); err != nil {
		return Query{}, err
	}
	q := Query{QueryType: queryType, Query: strings.TrimSpace(r.Query), TimeField: strings.TrimSpace(r.TimeField),
		LegendFormat: r.LegendFormat, LogVolume: bool(r.LogVolume), PkgID: strings.TrimSpace(r.PkgID)}
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	add(q.readTopics(r))
	add(q.readSyntax(r.Syntax))
	if q.Query == "" {
		q.Query = querytext.DefaultSearch
	}
	q.Text = querytext.Parse(q.Query, dialect(q.Syntax))
	add(q.applyAdhocFilters(raw))
	add(q.variablesError())
	add(q.readLimit(r.Limit, maxRows))
	add(q.readSort(r.Sort))
	add(q.readFormat(r.Format))
	q.ValueFields = r.ValueFields
	switch q.QueryType {
	case QueryTypeSQL:
		if !q.Text.HasAnalytics() {
			add(errors.New(`clsSql needs an analytic statement after "|", e.g. "* | select count(*) as c"; use clsLogs for a plain search`))
		}
	case QueryTypeLogs, QueryTypeHistogram:
		if q.Text.HasAnalytics() {
			add(fmt.Errorf(`%s takes a search only; the part after "|" is SQL: use clsSql for it`, q.QueryType))
		}
	case QueryTypeContext:
		add(q.readContext(r))
	}
	if len(errs) > 0 {
		return Query{}, errors.Join(errs...)
	}
	return q, nil
}

// dialect is how a syntax quotes phrases: CQL takes '…' too, Lucene does not.
func dialect(s cls.Syntax) querytext.Dialect {
	if s == cls.SyntaxCQL {
		return querytext.DoubleAndSingleQuotes
	}
	return querytext.DoubleQuotes
}

func (q *Query) readTopics(r rawQuery) error {
	seen := map[string]bool{}
	for _, id := range append([]string{r.TopicID}, r.TopicIDs...) {
		if id = strings.TrimSpace(id); id != "" && !seen[id] {
			seen[id] = true
			q.TopicIDs = append(q.TopicIDs, id)
		}
	}
	switch {
	case len(q.TopicIDs) == 0:
		return fmt.Errorf("%s needs a topic: choose one in the query editor or set \"topicId\" in the query JSON", q.QueryType)
	case len(q.TopicIDs) > MaxTopics:
		return fmt.Errorf("one query covers at most %d topics, got %d; split it into several queries", MaxTopics, len(q.TopicIDs))
	case len(q.TopicIDs) > 1 && q.QueryType == QueryTypeContext:
		return fmt.Errorf("%s reads one topic; keep one of the %d topics", q.QueryType, len(q.TopicIDs))
	}
	return nil
}

// applyAdhocFilters writes the dashboard's ad-hoc filters into the search,
// so every caller (panel, alert rule, public dashboard) gets the same rows.
// A log line's context is read unfiltered, as Explore shows it.
func (q *Query) applyAdhocFilters(raw json.RawMessage) error {
	filters, err := adhoc.Parse(raw)
	if err != nil || len(filters) == 0 || q.QueryType == QueryTypeContext {
		return err
	}
	text, err := withAdhocFilters(q.Text, filters, q.Syntax)
	if err != nil {
		return err
	}
	q.Query = text
	q.Text = querytext.Parse(text, dialect(q.Syntax))
	return nil
}

// variablesError reports a template variable left in any text sent to CLS.
func (q *Query) variablesError() error {
	fields := []querytext.Field{{Name: "query", Text: q.Query}, {Name: "pkgId", Text: q.PkgID}}
	for _, id := range q.TopicIDs {
		fields = append(fields, querytext.Field{Name: "topicId", Text: id})
	}
	return querytext.VariablesError(fields...)
}

func (q *Query) readSyntax(s string) error {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "cql":
		q.Syntax = cls.SyntaxCQL
	case "lucene":
		q.Syntax = cls.SyntaxLucene
	default:
		return fmt.Errorf(`syntax %q is not supported; use "cql" (the default) or "lucene"`, s)
	}
	return nil
}

func (q *Query) readLimit(n *lenient.Number, maxRows int) error {
	if n != nil {
		v, err := n.Whole("limit")
		if err != nil {
			return err
		}
		if v < 0 {
			return fmt.Errorf("limit must be 0 or more, got %d", v)
		}
		q.Limit, q.LimitSet = v, v > 0
	}
	if q.Limit == 0 && q.QueryType == QueryTypeLogs {
		q.Limit = DefaultLogsLimit
	}
	if maxRows > 0 && q.Limit > maxRows {
		q.Limit = maxRows
	}
	return nil
}

func (q *Query) readSort(s string) error {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "desc":
		q.Sort = "desc"
	case "asc":
		q.Sort = "asc"
	default:
		return fmt.Errorf(`sort %q is not valid; use "desc" (newest first) or "asc"`, s)
	}
	return nil
}

func (q *Query) readFormat(f string) error {
	f = strings.TrimSpace(f)
	if f == "" {
		q.Format = frames.FormatAuto
		return nil
	}
	for _, known := range []string{frames.FormatAuto, frames.FormatLogs, frames.FormatTable, frames.FormatTimeSeries} {
		if strings.EqualFold(f, known) {
			q.Format = known
			return nil
		}
	}
	return fmt.Errorf(`format %q is not supported; use "auto", "logs", "table" or "timeSeries"`, f)
}

func (q *Query) readContext(r rawQuery) error {
	var errs []error
	id := strings.Trim(strings.TrimSpace(string(r.PkgLogID)), `"`)
	n, err := strconv.ParseInt(id, 10, 64)
	if q.PkgID == "" || err != nil || r.Time == nil {
		errs = append(errs, errors.New(`clsContext needs "pkgId", "pkgLogId" (a number) and "time" (the log's Unix milliseconds): the __pkg_id__ and __pkg_log_id__ labels and the time of a log line`))
	}
	q.PkgLogID = n
	if r.Time != nil {
		q.Time = time.UnixMilli(int64(*r.Time))
	}
	for _, c := range []struct {
		name string
		in   *lenient.Number
		out  *int
	}{{"prevLogs", r.PrevLogs, &q.Prev}, {"nextLogs", r.NextLogs, &q.Next}} {
		*c.out = DefaultContextLines
		if c.in == nil {
			continue
		}
		v, err := c.in.Whole(c.name)
		if err != nil || v < 0 || v > MaxContextLines {
			errs = append(errs, fmt.Errorf("%s must be a whole number from 0 to %d, got %v", c.name, MaxContextLines, float64(*c.in)))
			continue
		}
		*c.out = v
	}
	return errors.Join(errs...)
}

// inferQueryType is the one place a query without a type gets one: the JSON's
// queryType when it has one, else clsSql when its text has an analytic part,
// else clsLogs.
func inferQueryType(raw json.RawMessage) string {
	var r struct {
		QueryType string `json:"queryType"`
		Query     string `json:"query"`
		Syntax    string `json:"syntax"`
	}
	_ = json.Unmarshal(raw, &r)
	if qt := strings.TrimSpace(r.QueryType); qt != "" {
		return qt
	}
	d := querytext.DoubleAndSingleQuotes
	if strings.EqualFold(strings.TrimSpace(r.Syntax), "lucene") {
		d = querytext.DoubleQuotes
	}
	if querytext.Parse(r.Query, d).HasAnalytics() {
		return QueryTypeSQL
	}
	return QueryTypeLogs
}
