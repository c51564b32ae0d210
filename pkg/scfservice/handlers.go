package scfservice

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/scf"
	"github.com/logbridge/cloudlogs/pkg/service"
)

// scanCap bounds how many invocations one query reads when it must read a
// whole range (metrics, log volume, sorts SCF cannot do): ten times the
// data source's maxRows (100,000 by default). Reaching it adds a warning.
func (s *Service) scanCap() int { return s.settings.MaxRows * 10 }

func (s *Service) fetchRequest(q backend.DataQuery, m Query) scf.FetchRequest {
	return scf.FetchRequest{
		Template: scf.LogsRequest{
			FunctionName: m.FunctionName, Namespace: m.Namespace, Qualifier: m.Qualifier,
			RequestID: m.RequestID, RetCode: m.RetCode,
		},
		From: q.TimeRange.From, To: q.TimeRange.To,
		OrderBy: m.OrderBy, Desc: m.Desc,
		Need: m.Offset + m.Limit, ScanCap: s.scanCap(),
	}
}

// fetchRows reads the rows a logs or invocations query shows, with the
// notices the user should see about them.
func (s *Service) fetchRows(ctx context.Context, q backend.DataQuery, m Query, onPage func([]scf.Invocation)) ([]scf.Invocation, service.Meta, error) {
	req := s.fetchRequest(q, m)
	req.OnPage = onPage
	res, err := s.client.Fetch(ctx, req)
	if err != nil {
		return nil, service.Meta{}, err
	}
	rows := res.Invocations
	if m.Offset >= len(rows) {
		rows = nil
	} else {
		rows = rows[m.Offset:]
	}
	meta := service.Meta{Executed: s.describe(m, q.TimeRange, res.Requests)}
	if m.LimitCapped {
		meta.Warn("limit lowered to the data source's maxRows (%d)", s.settings.MaxRows)
	}
	if res.More {
		meta.Info("showing %d invocations; more match — raise the limit (up to maxRows %d) or narrow the time range", len(rows), s.settings.MaxRows)
	}
	if res.ClientSorted {
		meta.Info("sorted by %s in the plugin: SCF cannot sort this way over this range (%s)", m.OrderBy, s.clientSortReason(m))
	}
	if res.ScanCapped {
		meta.MarkPartial(service.PartialScanCap, "partial result: the sort saw only the newest %d invocations of the range (the plugin's safety cap, maxRows × 10), so older ones that sort first may be missing; narrow the time range or raise maxRows", s.scanCap())
	}
	return rows, meta, nil
}

func (s *Service) clientSortReason(m Query) string {
	if s.client.APIVersion() == scf.APIv2 {
		return "the legacy v2 API has no time parameters, so the range is read newest first"
	}
	if m.OrderBy == scf.OrderByRequestID {
		return "API 3.0 has no requestId sort"
	}
	return "the range spans more than one day-long API window"
}

// queryLogs is scfLogs: the invocations' log entries as log lines, each
// page's written as it arrives.
func (s *Service) queryLogs(ctx context.Context, q backend.DataQuery, m Query) backend.DataResponse {
	work := frames.LineWorkOf(ctx)
	rows, meta, err := s.rows(ctx, q, m, linePreparer(work))
	if err != nil {
		return service.Error(err)
	}
	return meta.Respond(newLogsFrameFor(frameName(m), rows, work))
}

// queryInvocations is scfInvocations: one table row per invocation.
func (s *Service) queryInvocations(ctx context.Context, q backend.DataQuery, m Query) backend.DataResponse {
	rows, meta, err := s.rows(ctx, q, m, nil)
	if err != nil {
		return service.Error(err)
	}
	return meta.Respond(NewInvocationsFrame(frameName(m), rows))
}

// aggregate reads every invocation of the range (up to the scan cap) for
// metrics and log volume, and plans the grid of q.Interval.
func (s *Service) aggregate(ctx context.Context, q backend.DataQuery, m Query) ([]scf.Invocation, frames.Grid, service.Meta, error) {
	req := s.fetchRequest(q, m)
	req.OrderBy, req.Desc, req.Need = scf.OrderByStartTime, true, s.scanCap()
	res, err := s.client.Fetch(ctx, req)
	if err != nil {
		return nil, frames.Grid{}, service.Meta{}, err
	}
	grid, widened := frames.NewGrid(q.TimeRange.From, q.TimeRange.To, q.Interval)
	meta := service.Meta{Executed: s.describe(m, q.TimeRange, res.Requests)}
	if res.More {
		meta.MarkPartial(service.PartialScanCap, "partial result: computed from the newest %d invocations only (the plugin's safety cap, maxRows × 10): older intervals are undercounted; narrow the time range or raise maxRows", len(res.Invocations))
	}
	if widened {
		meta.Info("interval widened to %s to keep at most %d points", grid.Step, frames.MaxBuckets)
	}
	return res.Invocations, grid, meta, nil
}

// queryMetrics is scfMetrics: invocation metrics per interval.
func (s *Service) queryMetrics(ctx context.Context, q backend.DataQuery, m Query) backend.DataResponse {
	return s.queryAggregate(ctx, q, m, false)
}

// queryLogVolume is any SCF query with logVolume: Explore's log volume,
// successful invocations as info and failed ones as error.
func (s *Service) queryLogVolume(ctx context.Context, q backend.DataQuery, m Query) backend.DataResponse {
	return s.queryAggregate(ctx, q, m, true)
}

// queryAggregate counts invocations per interval: by CLS SQL when the
// function's logs are in CLS, else from the invocations read.
func (s *Service) queryAggregate(ctx context.Context, q backend.DataQuery, m Query, volume bool) backend.DataResponse {
	topic, noTopic, err := s.logSourceOf(ctx, m)
	switch {
	case err != nil:
		return service.Error(err)
	case topic != "":
		return s.aggregateFromCLS(ctx, q, m, topic, volume)
	}
	invs, grid, meta, err := s.aggregate(ctx, q, m)
	if err != nil {
		return service.Error(fallbackError(m, noTopic, err))
	}
	if volume {
		return meta.Respond(NewLogVolumeFrame(invs, grid))
	}
	f, err := NewMetricsFrame(frameName(m), invs, grid, m.Metrics)
	if err != nil {
		return service.BadQuery(err)
	}
	return meta.Respond(f)
}

func frameName(m Query) string {
	if m.FunctionName != "" {
		return m.FunctionName
	}
	return m.Namespace
}

// describe is the "executed query" Grafana's query inspector shows.
func (s *Service) describe(m Query, tr backend.TimeRange, requests int) string {
	loc := s.client.Location()
	parts := []string{"GetFunctionLogs"}
	add := func(k, v string) {
		if v != "" {
			parts = append(parts, k+"="+v)
		}
	}
	add("FunctionName", m.FunctionName)
	if s.client.APIVersion() == scf.APIv3 {
		add("Namespace", m.Namespace)
		add("Qualifier", m.Qualifier)
	}
	add("RequestId", m.RequestID)
	add("Filter.RetCode", m.RetCode)
	add("OrderBy", m.OrderBy)
	add("Order", map[bool]string{true: "desc", false: "asc"}[m.Desc])
	parts = append(parts, fmt.Sprintf("range=[%s, %s) %s", tr.From.In(loc).Format(time.DateTime), tr.To.In(loc).Format(time.DateTime), loc),
		fmt.Sprintf("(%d requests, API %s)", requests, s.client.APIVersion()))
	return strings.Join(parts, " ")
}
