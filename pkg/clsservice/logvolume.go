package clsservice

import (
	"context"
	"fmt"
	"sort"
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

// queryHistogram is clsHistogram: log counts per interval, summed over the
// query's topics.
func (s *Service) queryHistogram(ctx context.Context, q backend.DataQuery, m Query) backend.DataResponse {
	hist, executed, err := s.histograms(ctx, q, m, m.TopicIDs)
	if err != nil {
		return service.Error(err)
	}
	return service.Meta{Executed: executed}.Respond(histogramFrame(hist))
}

// histograms runs DescribeLogHistogram (one topic a call) for topics and
// sums their buckets, which share the range and so the interval.
func (s *Service) histograms(ctx context.Context, q backend.DataQuery, m Query, topics []string) (*cls.HistogramResult, string, error) {
	sum := &cls.HistogramResult{}
	counts := map[int64]int64{}
	executed := ""
	for _, topic := range topics {
		res, err := s.client.Histogram(ctx, cls.HistogramRequest{
			TopicID: topic, From: q.TimeRange.From, To: q.TimeRange.To, Query: m.Text.SearchOrAll(), Syntax: m.Syntax, Interval: q.Interval,
		})
		if err != nil {
			return nil, "", err
		}
		if executed == "" {
			sum.Interval, executed = res.Interval, res.Request
		}
		sum.TotalCount += res.TotalCount
		for _, b := range res.Buckets {
			if _, seen := counts[b.Start.UnixMilli()]; !seen {
				sum.Buckets = append(sum.Buckets, cls.Bucket{Start: b.Start})
			}
			counts[b.Start.UnixMilli()] += b.Count
		}
	}
	sort.Slice(sum.Buckets, func(i, j int) bool { return sum.Buckets[i].Start.Before(sum.Buckets[j].Start) })
	for i := range sum.Buckets {
		sum.Buckets[i].Count = counts[sum.Buckets[i].Start.UnixMilli()]
	}
	if len(topics) > 1 {
		executed += fmt.Sprintf(" (and %d more topics)", len(topics)-1)
	}
	return sum, executed, nil
}

// queryLogVolume answers clsHistogram with logVolume: one series per level.
// A topic with a level field enabled for SQL is counted by SQL per level;
// the logs of a topic without one are all "unknown", counted by histogram.
func (s *Service) queryLogVolume(ctx context.Context, q backend.DataQuery, m Query) backend.DataResponse {
	levelFields := make([]string, len(m.TopicIDs))
	anyLevel := false
	for i, topic := range m.TopicIDs {
		f, err := s.levelField(ctx, topic)
		if err != nil {
			return service.Error(err)
		}
		levelFields[i], anyLevel = f, anyLevel || f != ""
	}
	if !anyLevel {
		hist, executed, err := s.histograms(ctx, q, m, m.TopicIDs)
		if err != nil {
			return service.Error(err)
		}
		grid, _ := frames.NewGrid(q.TimeRange.From, q.TimeRange.To, hist.Interval)
		vol := frames.NewLogVolume(grid, frames.SeverityUnknown)
		for _, b := range hist.Buckets {
			vol.Add(b.Start, frames.SeverityUnknown, b.Count)
		}
		return service.Meta{Executed: executed}.Respond(vol.Frame())
	}
	grid, _ := frames.NewGrid(q.TimeRange.From, q.TimeRange.To, q.Interval)
	vol := frames.NewLogVolume(grid)
	meta := service.Meta{}
	for i, topic := range m.TopicIDs {
		executed, err := s.countLevels(ctx, q, m, topic, levelFields[i], vol)
		if err != nil {
			return service.Error(err)
		}
		if meta.Executed == "" {
			meta.Executed = executed
		}
	}
	return meta.Respond(vol.Frame())
}

// countLevels adds one topic's logs per level and bucket to vol: by SQL on
// its level field, or all "unknown" by histogram when it has none.
func (s *Service) countLevels(ctx context.Context, q backend.DataQuery, m Query, topic, levelField string, vol *frames.LogVolume) (string, error) {
	if levelField == "" {
		hist, executed, err := s.histograms(ctx, q, m, []string{topic})
		if err != nil {
			return "", err
		}
		for _, b := range hist.Buckets {
			vol.Add(b.Start, frames.SeverityUnknown, b.Count)
		}
		return executed, nil
	}
	sql := fmt.Sprintf("select __TIMESTAMP__ - __TIMESTAMP__ %% %d as t, lower(%s) as level, count(*) as c group by t, level order by t limit 100000",
		vol.Grid().Step.Milliseconds(), querytext.QuoteIdent(levelField))
	res, err := s.client.Analyze(ctx, cls.AnalysisRequest{TopicIDs: []string{topic}, From: q.TimeRange.From, To: q.TimeRange.To, Query: m.Text.WithSQL(sql), Syntax: m.Syntax})
	if err != nil {
		return "", err
	}
	for _, row := range res.Rows {
		t, err1 := strconv.ParseInt(res.Text(row, "t"), 10, 64)
		c, err2 := strconv.ParseInt(res.Text(row, "c"), 10, 64)
		if err1 == nil && err2 == nil {
			vol.Add(time.UnixMilli(t), res.Text(row, "level"), c)
		}
	}
	return res.Request, nil
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
