package plugin

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/models"
	"github.com/logbridge/cloudlogs/pkg/scf"
)

// scfQueryFunc answers one parsed, validated SCF query.
type scfQueryFunc func(ctx context.Context, q backend.DataQuery, m models.SCFQuery) backend.DataResponse

// withQuery parses the query JSON (applying every default) before the
// handler runs; logVolume (Explore's log volume) is answered for any SCF
// query type.
func (s *scfService) withQuery(fn scfQueryFunc) queryFunc {
	return func(ctx context.Context, _ backend.PluginContext, q backend.DataQuery) backend.DataResponse {
		m, err := models.ParseSCFQuery(q.JSON, q.QueryType, s.settings)
		if err != nil {
			return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream,
				fmt.Sprintf("query %s: %v", q.RefID, err))
		}
		var r backend.DataResponse
		if m.LogVolume {
			r = s.queryLogVolume(ctx, q, m)
		} else {
			r = fn(ctx, q, m)
		}
		for _, f := range r.Frames {
			f.RefID = q.RefID
		}
		return r
	}
}

// scanCap bounds how many invocations one query reads when it must read a
// whole range (metrics, log volume, sorts SCF cannot do): ten times the
// data source's maxRows (100,000 by default). Reaching it adds a warning.
func (s *scfService) scanCap() int { return s.settings.MaxRows * 10 }

func (s *scfService) fetchRequest(q backend.DataQuery, m models.SCFQuery) scf.FetchRequest {
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
func (s *scfService) fetchRows(ctx context.Context, q backend.DataQuery, m models.SCFQuery) ([]scf.Invocation, *data.FrameMeta, error) {
	res, err := s.client.Fetch(ctx, s.fetchRequest(q, m))
	if err != nil {
		return nil, nil, err
	}
	rows := res.Invocations
	if m.Offset >= len(rows) {
		rows = nil
	} else {
		rows = rows[m.Offset:]
	}
	meta := &data.FrameMeta{ExecutedQueryString: s.describe(m, q.TimeRange, res.Requests)}
	if m.LimitCapped {
		meta.Notices = append(meta.Notices, data.Notice{Severity: data.NoticeSeverityWarning,
			Text: fmt.Sprintf("limit lowered to the data source's maxRows (%d)", s.settings.MaxRows)})
	}
	if res.More {
		meta.Notices = append(meta.Notices, data.Notice{Severity: data.NoticeSeverityInfo,
			Text: fmt.Sprintf("showing %d invocations; more match — raise the limit (up to maxRows %d) or narrow the time range", len(rows), s.settings.MaxRows)})
	}
	if res.ClientSorted {
		meta.Notices = append(meta.Notices, data.Notice{Severity: data.NoticeSeverityInfo,
			Text: fmt.Sprintf("sorted by %s in the plugin: SCF cannot sort this way over this range (%s)", m.OrderBy, s.clientSortReason(m))})
	}
	if res.ScanCapped {
		meta.Notices = append(meta.Notices, data.Notice{Severity: data.NoticeSeverityWarning,
			Text: fmt.Sprintf("the sort saw only the newest %d invocations of the range (the safety cap, maxRows × 10); narrow the time range", s.scanCap())})
	}
	return rows, meta, nil
}

func (s *scfService) clientSortReason(m models.SCFQuery) string {
	if s.client.APIVersion() == scf.APIv2 {
		return "the legacy v2 API has no time parameters, so the range is read newest first"
	}
	if m.OrderBy == scf.OrderByRequestID {
		return "API 3.0 has no requestId sort"
	}
	return "the range spans more than one day-long API window"
}

func (s *scfService) queryLogs(ctx context.Context, q backend.DataQuery, m models.SCFQuery) backend.DataResponse {
	rows, meta, err := s.fetchRows(ctx, q, m)
	if err != nil {
		return scfErrorResponse(q, err)
	}
	f := frames.NewSCFLogsFrame(frameName(m), rows)
	f.Meta.ExecutedQueryString, f.Meta.Notices = meta.ExecutedQueryString, meta.Notices
	return backend.DataResponse{Frames: data.Frames{f}}
}

func (s *scfService) queryInvocations(ctx context.Context, q backend.DataQuery, m models.SCFQuery) backend.DataResponse {
	rows, meta, err := s.fetchRows(ctx, q, m)
	if err != nil {
		return scfErrorResponse(q, err)
	}
	f := frames.NewSCFInvocationsFrame(frameName(m), rows)
	f.Meta.ExecutedQueryString, f.Meta.Notices = meta.ExecutedQueryString, meta.Notices
	return backend.DataResponse{Frames: data.Frames{f}}
}

// aggregate reads every invocation of the range (up to the scan cap) for
// metrics and log volume, and plans the buckets of q.Interval.
func (s *scfService) aggregate(ctx context.Context, q backend.DataQuery, m models.SCFQuery) ([]scf.Invocation, frames.SCFBuckets, *data.FrameMeta, error) {
	req := s.fetchRequest(q, m)
	req.OrderBy, req.Desc, req.Need = scf.OrderByStartTime, true, s.scanCap()
	res, err := s.client.Fetch(ctx, req)
	if err != nil {
		return nil, frames.SCFBuckets{}, nil, err
	}
	buckets, widened := frames.NewSCFBuckets(q.TimeRange.From, q.TimeRange.To, q.Interval)
	meta := &data.FrameMeta{ExecutedQueryString: s.describe(m, q.TimeRange, res.Requests)}
	if res.More {
		meta.Notices = append(meta.Notices, data.Notice{Severity: data.NoticeSeverityWarning,
			Text: fmt.Sprintf("computed from the newest %d invocations only (the safety cap, maxRows × 10): older intervals are undercounted; narrow the time range or raise maxRows", len(res.Invocations))})
	}
	if widened {
		meta.Notices = append(meta.Notices, data.Notice{Severity: data.NoticeSeverityInfo,
			Text: fmt.Sprintf("interval widened to %s to keep at most %d points", buckets.Interval, frames.SCFMaxBuckets)})
	}
	return res.Invocations, buckets, meta, nil
}

func (s *scfService) queryMetrics(ctx context.Context, q backend.DataQuery, m models.SCFQuery) backend.DataResponse {
	invs, buckets, meta, err := s.aggregate(ctx, q, m)
	if err != nil {
		return scfErrorResponse(q, err)
	}
	f, err := frames.NewSCFMetricsFrame(frameName(m), invs, buckets, m.Metrics)
	if err != nil {
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, err.Error())
	}
	f.Meta.ExecutedQueryString, f.Meta.Notices = meta.ExecutedQueryString, meta.Notices
	return backend.DataResponse{Frames: data.Frames{f}}
}

func (s *scfService) queryLogVolume(ctx context.Context, q backend.DataQuery, m models.SCFQuery) backend.DataResponse {
	invs, buckets, meta, err := s.aggregate(ctx, q, m)
	if err != nil {
		return scfErrorResponse(q, err)
	}
	fs := frames.NewSCFLogVolumeFrames(invs, buckets)
	for _, f := range fs {
		f.Meta.ExecutedQueryString, f.Meta.Notices = meta.ExecutedQueryString, meta.Notices
	}
	return backend.DataResponse{Frames: fs}
}

func frameName(m models.SCFQuery) string {
	if m.FunctionName != "" {
		return m.FunctionName
	}
	return m.Namespace
}

// describe is the "executed query" Grafana's query inspector shows.
func (s *scfService) describe(m models.SCFQuery, tr backend.TimeRange, requests int) string {
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
