package slsservice

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/service"
	"github.com/logbridge/cloudlogs/pkg/sls"
)

// queryLogs is slsLogs: a search paged through GetLogs into a logs frame.
// Each page becomes frame columns as soon as it is decoded (LogsPages), so
// the decoded lines of all pages are never held at once.
func (s *Service) queryLogs(ctx context.Context, q backend.DataQuery, m Query) backend.DataResponse {
	from, to := UnixRange(q.TimeRange)
	req := sls.GetLogsRequest{Logstore: m.Logstore, From: from, To: to, Topic: m.Topic, Query: m.Query, Offset: int64(m.Offset), Reverse: m.Reverse}
	var frame *data.Frame
	var res *sls.PagedLogs
	var err error
	if m.Format == FormatAuto || m.Format == FormatLogs {
		pages := NewLogsPages(m.Limit/sls.MaxLinesPerCall + 1)
		pages.SetLineWork(frames.LineWorkOf(ctx))
		res, err = s.client.GetLogsPagedTo(ctx, req, m.Limit, s.settings.Concurrency, pages.Add)
		if err != nil {
			return service.Error(err)
		}
		frame = pages.Frame(m.Logstore, res.Kept)
	} else {
		res, err = s.client.GetLogsPaged(ctx, req, m.Limit, s.settings.Concurrency)
		if err != nil {
			return service.Error(err)
		}
		if frame, err = rowsFrame(m, res.Logs, FormatLogs, nil); err != nil {
			return service.BadQuery(err)
		}
	}
	meta := s.meta(res.Request, !res.Incomplete)
	if res.TimedOut {
		meta.MarkPartial(service.PartialDeadline, "partial result: the query's time (%s) ran out before every page of lines answered (SLS was slow, not Incomplete); showing the %d lines of the first %d pages; raise the data source's timeout, lower the limit or narrow the time range",
			s.settings.Timeout(), res.Lines, res.Kept)
	}
	if res.Pages > 1 {
		meta.Executed += fmt.Sprintf(" (offset paged: %d pages of up to %d lines)", res.Pages, sls.MaxLinesPerCall)
	}
	if res.Lines >= m.Limit {
		meta.Info("showing the first %d lines (the query's limit); raise \"limit\" (up to the data source's maxRows, %d) to see more", m.Limit, s.settings.MaxRows)
	}
	return meta.Respond(frame)
}

// querySQLAsLogs is slsLogs with an SQL part: the SQL's rows as log lines.
func (s *Service) querySQLAsLogs(ctx context.Context, q backend.DataQuery, m Query) backend.DataResponse {
	if m.Format == FormatAuto {
		m.Format = FormatLogs
	}
	return s.querySQL(ctx, q, m)
}

// querySQL is slsSql: `search | SQL` on one logstore over the time range.
func (s *Service) querySQL(ctx context.Context, q backend.DataQuery, m Query) backend.DataResponse {
	sqlPart, err := expandMacros(m.Text.SQL, macroContextOf(q))
	if err != nil {
		return service.BadQuery(err)
	}
	plan := planSQL(sqlPart, m)
	from, to := UnixRange(q.TimeRange)
	req := sls.GetLogsRequest{Logstore: m.Logstore, From: from, To: to, Topic: m.Topic, Query: m.Text.WithSQL(plan.SQL.String()), Line: sls.MaxLinesPerCall}
	res, err := s.client.GetLogs(ctx, req)
	if err != nil {
		return service.Error(err)
	}
	return s.sqlResponse(m, plan, res)
}

// queryProjectSQL is slsProjectSql: plain SQL across the project. It has no
// from/to parameters, so the SQL itself must bound time ($__timeFilter).
func (s *Service) queryProjectSQL(ctx context.Context, q backend.DataQuery, m Query) backend.DataResponse {
	if !HasTimeCondition(m.Query) {
		return service.BadQuery(fmt.Errorf("slsProjectSql needs a time condition, or it scans the whole logstore: add $__timeFilter to the WHERE clause, e.g. \"select count(*) as c from app-log where $__timeFilter\""))
	}
	sqlText, err := expandMacros(m.Query, macroContextOf(q))
	if err != nil {
		return service.BadQuery(err)
	}
	plan := planSQL(sqlText, m)
	res, err := s.client.GetProjectLogs(ctx, plan.SQL.String())
	if err != nil {
		return service.Error(err)
	}
	return s.sqlResponse(m, plan, res)
}

func (s *Service) sqlResponse(m Query, plan sqlPlan, res *sls.LogsResult) backend.DataResponse {
	rows := res.Logs
	if m.Format != FormatLogs {
		rows = dropSQLArtefacts(plan.SQL, rows)
	}
	// The data source's maxRows protects Grafana from huge results; cutting
	// to it is announced, never silent.
	truncated := len(rows) > s.settings.MaxRows
	if truncated {
		rows = rows[:s.settings.MaxRows]
	}
	frame, err := rowsFrame(m, rows, FormatAuto, plan.SQL.GroupBy())
	if err != nil {
		return service.BadQuery(err)
	}
	meta := s.meta(res.Request, res.Complete)
	if len(res.Logs) >= plan.Cap {
		meta.Warn("result has %d rows, the SQL LIMIT (or SLS's default of %d rows); add or raise `limit` in your SQL to see more", len(res.Logs), defaultSQLRows)
	}
	if truncated {
		meta.Warn("SLS returned %d rows; showing the first %d (the data source's maxRows); aggregate more in SQL or raise maxRows", len(res.Logs), s.settings.MaxRows)
	}
	return meta.Respond(frame)
}

// queryHistogram is slsHistogram: a count over time from GetHistograms.
func (s *Service) queryHistogram(ctx context.Context, q backend.DataQuery, m Query) backend.DataResponse {
	res, err := s.histograms(ctx, q, m, m.Text.Search)
	if err != nil {
		return service.Error(err)
	}
	return s.meta(res.Request, res.Complete).Respond(NewHistogramFrame("", res.Buckets))
}

// histograms runs GetHistograms for a search over the query's range.
func (s *Service) histograms(ctx context.Context, q backend.DataQuery, m Query, search string) (*sls.HistogramsResult, error) {
	from, to := UnixRange(q.TimeRange)
	return s.client.GetHistograms(ctx, sls.HistogramsRequest{Logstore: m.Logstore, From: from, To: to, Topic: m.Topic, Query: search})
}

// queryContext is slsContext: the lines around one log (Explore's "show
// context"), in time order, labelled like slsLogs.
func (s *Service) queryContext(ctx context.Context, _ backend.DataQuery, m Query) backend.DataResponse {
	res, err := s.client.GetContextLogs(ctx, sls.ContextRequest{
		Logstore: m.Logstore, PackID: m.PackID, PackMeta: m.PackMeta, BackLines: m.BackLines, ForwardLines: m.ForwardLines,
	})
	if err != nil {
		return service.Error(err)
	}
	frame := NewLogsFrame(m.Logstore, res.Logs)
	sortLogsFrameByTime(frame)
	meta := service.Meta{Executed: res.Request}
	if !res.Complete {
		meta.MarkPartial(service.PartialProgress, "partial result: SLS still answered the context request Incomplete (its progress) when the query's time ran out; some surrounding lines may be missing")
	}
	return meta.Respond(frame)
}

// meta starts the answer's metadata: the request SLS ran, and the partial
// flag when SLS still answered Incomplete (its progress) at the query's
// deadline, after repeating the request.
func (s *Service) meta(executed string, complete bool) service.Meta {
	m := service.Meta{Executed: executed}
	if !complete {
		m.MarkPartial(service.PartialProgress, "partial result: SLS still answered Incomplete (its progress: not every shard had finished) when the query's time (%s) ran out, after repeating the request; narrow the time range or query again (SLS caches progress for 15 minutes)", s.settings.Timeout())
	}
	return m
}

// rowsFrame converts result rows by the query's format; auto means the
// query type's natural shape (fallback). labelFields are the SQL's GROUP BY
// columns, which label series even when they hold numbers.
func rowsFrame(m Query, rows []sls.Log, fallback string, labelFields []string) (*data.Frame, error) {
	format := m.Format
	if format == FormatAuto {
		format = fallback
	}
	if format == FormatLogs {
		return NewLogsFrame(m.Logstore, rows), nil
	}
	table := frames.NewTypedTableFrame("", StringTableOf(rows))
	opts := frames.SeriesOptions{TimeField: m.TimeField, ValueFields: m.ValueFields, LegendFormat: m.LegendFormat, LabelFields: labelFields}
	return frames.ShapeTable(table, format, opts)
}

func macroContextOf(q backend.DataQuery) macroContext {
	interval := q.Interval
	if interval <= 0 {
		interval = time.Duration(q.TimeRange.Duration().Nanoseconds() / 1000)
	}
	return macroContext{TimeRange: q.TimeRange, Interval: interval}
}

// sortLogsFrameByTime orders a logs frame by its timestamp, keeping the
// order of equal times (SLS's own order within a second).
func sortLogsFrameByTime(f *data.Frame) {
	n, _ := f.RowLen()
	if n < 2 {
		return
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	ts := f.Fields[0]
	sort.SliceStable(idx, func(a, b int) bool {
		return ts.At(idx[a]).(time.Time).Before(ts.At(idx[b]).(time.Time))
	})
	for _, field := range f.Fields {
		vals := make([]any, n)
		for i, j := range idx {
			vals[i] = field.At(j)
		}
		for i, v := range vals {
			field.Set(i, v)
		}
	}
}
