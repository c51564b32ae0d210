package slsservice

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/querytext"
	"github.com/logbridge/cloudlogs/pkg/service"
	"github.com/logbridge/cloudlogs/pkg/sls"
)

// levelFieldNames are index fields that hold a log's level, by preference.
var levelFieldNames = []string{"level", "severity", "log_level"}

// queryLogVolume answers slsHistogram with logVolume: one series per level.
// With a level field in the index it counts by SQL per level; otherwise all
// logs are "unknown", counted by GetHistograms.
func (s *Service) queryLogVolume(ctx context.Context, q backend.DataQuery, m Query) backend.DataResponse {
	levelField, err := s.levelField(ctx, m.Logstore)
	if err != nil {
		return service.Error(err)
	}
	if levelField == "" {
		return s.unknownLevelVolume(ctx, q, m)
	}
	grid, _ := frames.NewGrid(q.TimeRange.From, q.TimeRange.To, q.Interval)
	sql := fmt.Sprintf("select __time__ - __time__ %% %d as t, lower(%s) as level, count(*) as c group by t, level order by t limit 100000", grid.StepSeconds(), querytext.QuoteIdent(levelField))
	from, to := UnixRange(q.TimeRange)
	res, err := s.client.GetLogs(ctx, sls.GetLogsRequest{Logstore: m.Logstore, From: from, To: to, Topic: m.Topic, Query: m.Text.WithSQL(sql), Line: sls.MaxLinesPerCall})
	if err != nil {
		return service.Error(err)
	}
	vol := frames.NewLogVolume(grid)
	for _, row := range res.Logs {
		tv, _ := row.Get("t")
		cv, _ := row.Get("c")
		lv, _ := row.Get("level")
		t, err1 := strconv.ParseInt(strings.TrimSpace(tv), 10, 64)
		c, err2 := strconv.ParseInt(strings.TrimSpace(cv), 10, 64)
		if err1 != nil || err2 != nil {
			continue
		}
		vol.Add(time.Unix(t, 0), lv, c)
	}
	return s.meta(res.Request, res.Complete).Respond(vol.Frame())
}

// unknownLevelVolume is the volume of a logstore without a level field: its
// GetHistograms buckets, all "unknown", on a grid of the buckets' width.
func (s *Service) unknownLevelVolume(ctx context.Context, q backend.DataQuery, m Query) backend.DataResponse {
	res, err := s.histograms(ctx, q, m, m.Text.SearchOrAll())
	if err != nil {
		return service.Error(err)
	}
	width := q.Interval
	if len(res.Buckets) > 0 {
		width = time.Duration(res.Buckets[0].To-res.Buckets[0].From) * time.Second
	}
	grid, _ := frames.NewGrid(q.TimeRange.From, q.TimeRange.To, width)
	vol := frames.NewLogVolume(grid, frames.SeverityUnknown)
	for _, b := range res.Buckets {
		vol.Add(time.Unix(b.From, 0), frames.SeverityUnknown, b.Count)
	}
	return s.meta(res.Request, res.Complete).Respond(vol.Frame())
}

// levelField returns the logstore's indexed level field, or "" when the
// index has none (or the logstore has no index, which GetHistograms reports).
func (s *Service) levelField(ctx context.Context, logstore string) (string, error) {
	fields, err := s.client.GetIndex(ctx, logstore)
	if err != nil {
		if e, ok := sls.AsError(err); ok && e.Code == sls.CodeIndexConfigNotExist {
			return "", nil
		}
		return "", err
	}
	for _, want := range levelFieldNames {
		for _, f := range fields {
			if strings.EqualFold(f.Name, want) {
				return f.Name, nil
			}
		}
	}
	return "", nil
}
