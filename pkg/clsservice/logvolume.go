package clsservice

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/logbridge/cloudlogs/pkg/cls"
	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/querytext"
	"github.com/logbridge/cloudlogs/pkg/service"
)

// histogramFrame is a count series over time (bucket starts), zero buckets
// kept so the graph has no gaps.
func histogramFrame(res *cls.HistogramResult) *data.Frame {
	times := make([]time.Time, len(res.Buckets))
	counts := make([]int64, len(res.Buckets))
	for i, b := range res.Buckets {
		times[i], counts[i] = b.Start.UTC(), b.Count
	}
	f := data.NewFrame("", data.NewField("time", nil, times), data.NewField("count", nil, counts))
	f.SetMeta(&data.FrameMeta{Type: data.FrameTypeTimeSeriesWide, TypeVersion: data.FrameTypeVersion{0, 1}})
	return f
}

// queryLogVolume answers clsHistogram with logVolume: one series per level.
// With a level field enabled for SQL in the topic's index it counts by SQL
// per level; otherwise every log is "unknown", counted by the histogram.
func (s *Service) queryLogVolume(ctx context.Context, q backend.DataQuery, m Query) backend.DataResponse {
	topic := m.TopicIDs[0]
	levelField, err := s.levelField(ctx, topic)
	if err != nil {
		return service.Error(err)
	}
	if levelField == "" {
		return s.unknownLevelVolume(ctx, q, m)
	}
	grid, _ := frames.NewGrid(q.TimeRange.From, q.TimeRange.To, q.Interval)
	step := grid.Step.Milliseconds()
	sql := fmt.Sprintf("select __TIMESTAMP__ - __TIMESTAMP__ %% %d as t, lower(%s) as level, count(*) as c group by t, level order by t limit 100000",
		step, querytext.QuoteIdent(levelField))
	res, err := s.client.Analyze(ctx, cls.AnalysisRequest{TopicIDs: m.TopicIDs, From: q.TimeRange.From, To: q.TimeRange.To, Query: m.Text.WithSQL(sql), Syntax: m.Syntax})
	if err != nil {
		return service.Error(err)
	}
	vol := frames.NewLogVolume(grid)
	for _, row := range res.Rows {
		t, err1 := strconv.ParseInt(res.Text(row, "t"), 10, 64)
		c, err2 := strconv.ParseInt(res.Text(row, "c"), 10, 64)
		if err1 == nil && err2 == nil {
			vol.Add(time.UnixMilli(t), res.Text(row, "level"), c)
		}
	}
	return service.Meta{Executed: res.Request}.Respond(vol.Frame())
}

// unknownLevelVolume counts all logs as "unknown" on the histogram's grid.
func (s *Service) unknownLevelVolume(ctx context.Context, q backend.DataQuery, m Query) backend.DataResponse {
	res, err := s.client.Histogram(ctx, cls.HistogramRequest{
		TopicID: m.TopicIDs[0], From: q.TimeRange.From, To: q.TimeRange.To, Query: m.Text.SearchOrAll(), Syntax: m.Syntax, Interval: q.Interval,
	})
	if err != nil {
		return service.Error(err)
	}
	grid, _ := frames.NewGrid(q.TimeRange.From, q.TimeRange.To, res.Interval)
	vol := frames.NewLogVolume(grid, frames.SeverityUnknown)
	for _, b := range res.Buckets {
		vol.Add(b.Start, frames.SeverityUnknown, b.Count)
	}
	return service.Meta{Executed: res.Request}.Respond(vol.Frame())
}

// levelField is the topic's level field enabled for SQL, or "".
func (s *Service) levelField(ctx context.Context, topicID string) (string, error) {
	fields, err := s.client.Index(ctx, topicID)
	if err != nil {
		return "", err
	}
	for _, want := range levelKeys {
		for _, f := range fields {
			if f.SQL && strings.EqualFold(f.Name, want) {
				return f.Name, nil
			}
		}
	}
	return "", nil
}
