package clsservice

import (
	"context"
	"fmt"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/logbridge/cloudlogs/pkg/cls"
	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/querytext"
	"github.com/logbridge/cloudlogs/pkg/service"
)

// defaultSQLRows is how many rows CLS returns for SQL without a LIMIT.
const defaultSQLRows = 100

// queryLogs is clsLogs: a search, paged by the client, into a logs frame.
func (s *Service) queryLogs(ctx context.Context, q backend.DataQuery, m Query) backend.DataResponse {
	res, err := s.client.Search(ctx, cls.SearchRequest{
		TopicIDs: m.TopicIDs, From: q.TimeRange.From, To: q.TimeRange.To,
		Query: m.Text.SearchOrAll(), Syntax: m.Syntax, Sort: m.Sort, Limit: m.Limit,
	})
	if err != nil {
		return service.Error(err)
	}
	meta := service.Meta{Executed: res.Request}
	if res.Calls > 1 {
		meta.Executed += " (" + plural(res.Calls, "SearchLog call") + ")"
	}
	if len(res.Logs) >= m.Limit && !res.Complete {
		meta.Info("showing the first %d lines (the query's limit); raise \"limit\" (up to the data source's maxRows, %d) to see more", m.Limit, s.settings.MaxRows)
	} else if !res.Complete {
		meta.MarkPartial(service.PartialCursorCap, "partial result: CLS stopped listing matching logs before the end of the range (its 10,000-log cursor cap inside one millisecond, or a cursor that expired twice); narrow the time range or the search")
	}
	return meta.Respond(NewLogsFrame(name(m), res.Logs))
}

// querySQL is clsSql: search | SQL over the range into a typed table or
// time series, typed by the answer's Columns.
func (s *Service) querySQL(ctx context.Context, q backend.DataQuery, m Query) backend.DataResponse {
	sql := querytext.ParseSQL(m.Text.SQL)
	limit, hasLimit := sql.Limit()
	if !hasLimit && m.LimitSet {
		sql, limit, hasLimit = sql.WithLimit(m.Limit), m.Limit, true
	}
	if !hasLimit {
		limit = defaultSQLRows
	}
	res, err := s.client.Analyze(ctx, cls.AnalysisRequest{
		TopicIDs: m.TopicIDs, From: q.TimeRange.From, To: q.TimeRange.To, Query: m.Text.WithSQL(sql.String()), Syntax: m.Syntax,
	})
	if err != nil {
		return service.Error(err)
	}
	frame, err := s.resultFrame(m, res, sql.GroupBy())
	if err != nil {
		return service.BadQuery(err)
	}
	meta := service.Meta{Executed: res.Request}
	if len(res.Rows) > s.settings.MaxRows {
		meta.Warn("CLS returned %d rows; showing the first %d (the data source's maxRows); aggregate more in SQL or raise maxRows", len(res.Rows), s.settings.MaxRows)
	}
	if len(res.Rows) >= limit {
		meta.Warn("result has %d rows, the SQL LIMIT (or CLS's default of %d rows); add or raise `limit` in your SQL to see more", len(res.Rows), defaultSQLRows)
	}
	return meta.Respond(frame)
}

// resultFrame shapes an SQL answer as the query's format asks, cut to the
// data source's maxRows (the caller says so in a notice).
func (s *Service) resultFrame(m Query, res *cls.AnalysisResult, groupBy []string) (*data.Frame, error) {
	t := frames.StringTable{Rows: res.Rows}
	kinds := make([]frames.Kind, len(res.Columns))
	for i, c := range res.Columns {
		t.Columns = append(t.Columns, c.Name)
		kinds[i] = prestoKind(c.Type)
	}
	if len(t.Rows) > s.settings.MaxRows {
		t.Rows = t.Rows[:s.settings.MaxRows]
	}
	table := frames.NewTableFrameOfKinds("", t, kinds)
	opts := frames.SeriesOptions{TimeField: m.TimeField, ValueFields: m.ValueFields, LegendFormat: m.LegendFormat, LabelFields: groupBy}
	return frames.ShapeTable(table, m.Format, opts)
}

// prestoKind maps a Presto column type to a frame field kind; CLS declares
// the type of every column, so "200" in a varchar column stays text.
func prestoKind(t string) frames.Kind {
	t = strings.ToLower(strings.TrimSpace(t))
	if i := strings.IndexByte(t, '('); i >= 0 {
		t = t[:i] // decimal(10,2), varchar(255)
	}
	switch t {
	case "bigint", "integer", "int", "smallint", "tinyint", "long":
		return frames.KindInt
	case "double", "real", "decimal", "float":
		return frames.KindFloat
	case "boolean":
		return frames.KindBool
	case "timestamp", "date", "timestamp with time zone":
		return frames.KindTime
	case "varchar", "char", "json", "text", "string":
		return frames.KindString
	}
	return frames.KindUnknown
}

// queryContext is clsContext: the logs around one log, in log order.
func (s *Service) queryContext(ctx context.Context, _ backend.DataQuery, m Query) backend.DataResponse {
	req := cls.ContextRequest{TopicID: m.TopicIDs[0], Time: m.Time, PkgID: m.PkgID, PkgLogID: m.PkgLogID, Prev: m.Prev, Next: m.Next}
	if m.Text.Search != querytext.DefaultSearch {
		req.Query = m.Text.Search
	}
	res, err := s.client.Context(ctx, req)
	if err != nil {
		return service.Error(err)
	}
	return service.Meta{Executed: res.Request}.Respond(NewLogsFrame(name(m), res.Logs))
}

func name(m Query) string {
	if len(m.TopicIDs) == 1 {
		return m.TopicIDs[0]
	}
	return ""
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
