package scfservice

import (
	"context"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/logbridge/cloudlogs/pkg/cls"
	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/scf"
	"github.com/logbridge/cloudlogs/pkg/service"
)

// rows reads the invocations a logs or invocations query shows, from the
// query's log source; a function with no topic whose GetFunctionLogs fails
// gets the one error that says how to turn on delivery. onPage, when set,
// gets each GetFunctionLogs page as it arrives (scf.FetchRequest).
func (s *Service) rows(ctx context.Context, q backend.DataQuery, m Query, onPage func([]scf.Invocation)) ([]scf.Invocation, service.Meta, error) {
	topic, noTopic, err := s.logSourceOf(ctx, m)
	switch {
	case err != nil:
		return nil, service.Meta{}, err
	case topic != "":
		return s.rowsFromCLS(ctx, q, m, topic)
	}
	rows, meta, err := s.fetchRows(ctx, q, m, onPage)
	return rows, meta, fallbackError(m, noTopic, err)
}

// fallbackError is err of a GetFunctionLogs read; for a function read there
// because it has no CLS topic (auto's fallback), a failure becomes the one
// error that says how to turn on log delivery.
func fallbackError(m Query, noTopic bool, err error) error {
	if err != nil && noTopic {
		return noTopicError(m, err)
	}
	return err
}

func (s *Service) rowsFromCLS(ctx context.Context, q backend.DataQuery, m Query, topic string) ([]scf.Invocation, service.Meta, error) {
	invs, more, calls, executed, err := s.fetchFromCLS(ctx, topic, q.TimeRange.From, q.TimeRange.To, m)
	if err != nil {
		return nil, service.Meta{}, err
	}
	meta := service.Meta{Executed: fmt.Sprintf("CLS topic %s: %s (%d calls)", topic, executed, calls)}
	if m.LimitCapped {
		meta.Warn("limit lowered to the data source's maxRows (%d)", s.settings.MaxRows)
	}
	if more {
		meta.Info("showing %d invocations; more match — raise the limit (up to maxRows %d) or narrow the time range", len(invs), s.settings.MaxRows)
	}
	return invs, meta, nil
}

// aggregateFromCLS answers scfMetrics (or, with volume, the log volume) with
// one CLS SQL statement over the whole range: CLS does the counting.
func (s *Service) aggregateFromCLS(ctx context.Context, q backend.DataQuery, m Query, topic string, volume bool) backend.DataResponse {
	grid, widened := frames.NewGrid(q.TimeRange.From, q.TimeRange.To, q.Interval)
	res, err := s.cls.Analyze(ctx, cls.AnalysisRequest{TopicIDs: []string{topic}, From: q.TimeRange.From, To: q.TimeRange.To,
		Query: metricsSQL(m, grid.Step.Milliseconds()), Syntax: cls.SyntaxCQL})
	if err != nil {
		return service.Error(err)
	}
	meta := service.Meta{Executed: fmt.Sprintf("CLS topic %s: %s", topic, res.Request)}
	if widened {
		meta.Info("interval widened to %s to keep at most %d points", grid.Step, frames.MaxBuckets)
	}
	if volume {
		values := metricValuesOf(res, grid, []string{MetricInvocations, MetricErrors})
		vol := frames.NewLogVolume(grid, frames.SeverityInfo, frames.SeverityError)
		for i, t := range grid.Times() {
			vol.Add(t, frames.SeverityInfo, int64(values[0][i]-values[1][i]))
			vol.Add(t, frames.SeverityError, int64(values[1][i]))
		}
		return meta.Respond(vol.Frame())
	}
	for _, metric := range m.Metrics {
		if metric == MetricBillDur {
			meta.Info("billDuration is not in CLS's function log records, so it is 0 here; read it with logSource \"getFunctionLogs\" where that API still answers")
		}
	}
	return meta.Respond(metricsFrame(frameName(m), grid, m.Metrics, metricValuesOf(res, grid, m.Metrics)))
}
