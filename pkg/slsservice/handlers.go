package plugin

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/macros"
	"github.com/logbridge/cloudlogs/pkg/models"
	"github.com/logbridge/cloudlogs/pkg/sls"
)

// queryLogs is slsLogs: a search paged through GetLogs into a logs frame.
func (s *slsService) queryLogs(ctx context.Context, q backend.DataQuery, m models.SLSQuery) backend.DataResponse {
	if models.HasAnalytics(m.Query) {
		// SLS ignores line/offset with SQL, so paging would repeat one
		// answer; run it as SQL shown as logs instead.
		if m.Format == models.FormatAuto {
			m.Format = models.FormatLogs
		}
		return s.querySQL(ctx, q, m)
	}
	from, to := macros.UnixRange(q.TimeRange)
	req := sls.GetLogsRequest{Logstore: m.Logstore, From: from, To: to, Topic: m.Topic, Query: m.Query, Offset: int64(m.Offset), Reverse: m.Reverse}
	res, err := s.client.GetLogsPaged(ctx, req, m.Limit, s.settings.Concurrency)
	if err != nil {
		return slsErrorResponse(err, m.Logstore)
	}
	executed := res.Request
	if res.Pages > 1 {
		executed += fmt.Sprintf(" (offset paged: %d pages of up to %d lines)", res.Pages, sls.MaxLinesPerCall)
	}
	frame, err := rowsFrame(m, res.Logs, models.FormatLogs, nil)
	if err != nil {
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, err.Error())
	}
	setExecuted(frame, executed)
	if !res.Complete {
		addNotice(frame, data.NoticeSeverityWarning, partialNotice(s.settings.Timeout()))
	}
	if len(res.Logs) >= m.Limit {
		addNotice(frame, data.NoticeSeverityInfo, fmt.Sprintf("showing the first %d lines (the query's limit); raise \"limit\" (up to the data source's maxRows, %d) to see more", m.Limit, s.settings.MaxRows))
	}
	return backend.DataResponse{Frames: data.Frames{frame}}
}

// querySQL is slsSql: `search | SQL` on one logstore over the time range.
func (s *slsService) querySQL(ctx context.Context, q backend.DataQuery, m models.SLSQuery) backend.DataResponse {
	search, sqlPart, _ := models.SplitSearchSQL(m.Query)
	if search == "" {
		search = models.DefaultSLSSearch
	}
	sqlPart, err := macros.Expand(sqlPart, macroQuery(q))
	if err != nil {
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, err.Error())
	}
	plan := planSQLLimit(sqlPart, m)
	from, to := macros.UnixRange(q.TimeRange)
	req := sls.GetLogsRequest{Logstore: m.Logstore, From: from, To: to, Topic: m.Topic, Query: search + " | " + plan.SQL, Line: sls.MaxLinesPerCall}
	res, err := s.client.GetLogs(ctx, req)
	if err != nil {
		return slsErrorResponse(err, m.Logstore)
	}
	return s.sqlResponse(m, plan, res)
}

// queryProjectSQL is slsProjectSql: plain SQL across the project. It has no
// from/to parameters, so the SQL itself must bound time ($__timeFilter).
func (s *slsService) queryProjectSQL(ctx context.Context, q backend.DataQuery, m models.SLSQuery) backend.DataResponse {
	if !macros.HasTimeCondition(m.Query) {
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream,
			"slsProjectSql needs a time condition, or it scans the whole logstore: add $__timeFilter to the WHERE clause, e.g. \"select count(*) as c from app-log where $__timeFilter\"")
	}
	sqlText, err := macros.Expand(m.Query, macroQuery(q))
	if err != nil {
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, err.Error())
	}
	plan := planSQLLimit(sqlText, m)
	res, err := s.client.GetProjectLogs(ctx, plan.SQL)
	if err != nil {
		return slsErrorResponse(err, "")
	}
	return s.sqlResponse(m, plan, res)
}

func (s *slsService) sqlResponse(m models.SLSQuery, plan sqlLimitPlan, res *sls.LogsResult) backend.DataResponse {
	rows := res.Logs
	if m.Format != models.FormatLogs {
		rows = dropSQLArtefacts(plan.SQL, rows)
	}
	// The data source's maxRows protects Grafana from huge results; cutting
	// to it is announced, never silent.
	truncated := len(rows) > s.settings.MaxRows
	if truncated {
		rows = rows[:s.settings.MaxRows]
	}
	frame, err := rowsFrame(m, rows, models.FormatAuto, groupByColumns(plan.SQL))
	if err != nil {
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, err.Error())
	}
	setExecuted(frame, res.Request)
	if !res.Complete {
		addNotice(frame, data.NoticeSeverityWarning, partialNotice(s.settings.Timeout()))
	}
	if len(res.Logs) >= plan.Cap {
		addNotice(frame, data.NoticeSeverityWarning, fmt.Sprintf("result has %d rows, the SQL LIMIT (or SLS's default of %d rows); add or raise `limit` in your SQL to see more", len(res.Logs), slsDefaultSQLRows))
	}
	if truncated {
		addNotice(frame, data.NoticeSeverityWarning, fmt.Sprintf("SLS returned %d rows; showing the first %d (the data source's maxRows); aggregate more in SQL or raise maxRows", len(res.Logs), s.settings.MaxRows))
	}
	return backend.DataResponse{Frames: data.Frames{frame}}
}

// queryHistogram is slsHistogram: a count over time (GetHistograms), or with
// logVolume one series per level for Explore's log volume.
func (s *slsService) queryHistogram(ctx context.Context, q backend.DataQuery, m models.SLSQuery) backend.DataResponse {
	if m.LogVolume {
		return s.queryLogVolume(ctx, q, m)
	}
	search, _, _ := models.SplitSearchSQL(m.Query)
	from, to := macros.UnixRange(q.TimeRange)
	return s.histogramResponse(ctx, m, search, from, to, frames.NewSLSHistogramFrame)
}

// histogramResponse runs GetHistograms for a search and shapes the buckets
// with toFrame, flagging a result that stayed Incomplete.
func (s *slsService) histogramResponse(ctx context.Context, m models.SLSQuery, search string, from, to int64,
	toFrame func(name string, buckets []sls.Bucket) *data.Frame) backend.DataResponse {
	res, err := s.client.GetHistograms(ctx, sls.HistogramsRequest{Logstore: m.Logstore, From: from, To: to, Topic: m.Topic, Query: search})
	if err != nil {
		return slsErrorResponse(err, m.Logstore)
	}
	frame := toFrame("", res.Buckets)
	setExecuted(frame, res.Request)
	if !res.Complete {
		addNotice(frame, data.NoticeSeverityWarning, partialNotice(s.settings.Timeout()))
	}
	return backend.DataResponse{Frames: data.Frames{frame}}
}

// queryContext is slsContext: the lines around one log (Explore's "show
// context"), in time order, labelled like slsLogs.
func (s *slsService) queryContext(ctx context.Context, q backend.DataQuery, m models.SLSQuery) backend.DataResponse {
	res, err := s.client.GetContextLogs(ctx, sls.ContextRequest{
		Logstore: m.Logstore, PackID: m.PackID, PackMeta: m.PackMeta, BackLines: m.BackLines, ForwardLines: m.ForwardLines,
	})
	if err != nil {
		return slsErrorResponse(err, m.Logstore)
	}
	frame := frames.NewSLSLogsFrame(m.Logstore, res.Logs)
	sortLogsFrameByTime(frame)
	setExecuted(frame, res.Request)
	if !res.Complete {
		addNotice(frame, data.NoticeSeverityWarning, "SLS answered the context request as Incomplete; some surrounding lines may be missing")
	}
	return backend.DataResponse{Frames: data.Frames{frame}}
}

// rowsFrame converts result rows by the query's format; auto means the
// query type's natural shape (fallback). labelFields are the SQL's GROUP BY
// columns, which label series even when they hold numbers.
func rowsFrame(m models.SLSQuery, rows []sls.Log, fallback string, labelFields []string) (*data.Frame, error) {
	format := m.Format
	if format == models.FormatAuto {
		format = fallback
	}
	switch format {
	case models.FormatLogs:
		return frames.NewSLSLogsFrame(m.Logstore, rows), nil
	}
	table := frames.NewTypedTableFrame("", frames.SLSStringTable(rows))
	opts := frames.SeriesOptions{TimeField: m.TimeField, ValueFields: m.ValueFields, LegendFormat: m.LegendFormat, LabelFields: labelFields}
	switch format {
	case models.FormatTable:
		return table, nil
	case models.FormatTimeSeries:
		if len(rows) == 0 {
			return emptyTimeSeries(), nil
		}
		return frames.NewWideTimeSeries(table, opts)
	}
	// auto on SQL: a time series when there is a time column and a number
	// to draw, a table otherwise.
	if len(rows) == 0 || frames.FindTimeField(table, m.TimeField) < 0 {
		return table, nil
	}
	ts, err := frames.NewWideTimeSeries(table, opts)
	if err != nil {
		if m.TimeField != "" || len(m.ValueFields) > 0 {
			return nil, err // the user asked for these columns
		}
		return table, nil
	}
	return ts, nil
}

func emptyTimeSeries() *data.Frame {
	f := data.NewFrame("", data.NewField("time", nil, []time.Time{}))
	f.SetMeta(&data.FrameMeta{Type: data.FrameTypeTimeSeriesWide, TypeVersion: data.FrameTypeVersion{0, 1}})
	return f
}

func macroQuery(q backend.DataQuery) macros.Query {
	interval := q.Interval
	if interval <= 0 {
		interval = time.Duration(q.TimeRange.Duration().Nanoseconds() / 1000)
	}
	return macros.Query{TimeRange: q.TimeRange, Interval: interval}
}

func setExecuted(f *data.Frame, executed string) {
	if f.Meta == nil {
		f.Meta = &data.FrameMeta{}
	}
	f.Meta.ExecutedQueryString = executed
}

func addNotice(f *data.Frame, sev data.NoticeSeverity, text string) {
	if f.Meta == nil {
		f.Meta = &data.FrameMeta{}
	}
	f.Meta.Notices = append(f.Meta.Notices, data.Notice{Severity: sev, Text: text})
}

func partialNotice(timeout time.Duration) string {
	return fmt.Sprintf("partial result: SLS still answered Incomplete when the query's time (%s) ran out; narrow the time range or query again (SLS caches progress for 15 minutes)", timeout)
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
