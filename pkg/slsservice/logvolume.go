package plugin

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/macros"
	"github.com/logbridge/cloudlogs/pkg/models"
	"github.com/logbridge/cloudlogs/pkg/sls"
)

// levelFieldNames are index fields that hold a log's level, by preference.
var levelFieldNames = []string{"level", "severity", "log_level"}

// maxVolumeBuckets bounds the grid: a long range with a small interval would
// otherwise ask SLS for hundreds of thousands of groups.
const maxVolumeBuckets = 2000

// queryLogVolume answers slsHistogram with logVolume: one series per level.
// With a level field in the index it counts by SQL per level; otherwise all
// logs are "unknown", counted by GetHistograms.
func (s *slsService) queryLogVolume(ctx context.Context, q backend.DataQuery, m models.SLSQuery) backend.DataResponse {
	search, _, _ := models.SplitSearchSQL(m.Query)
	if search == "" {
		search = models.DefaultSLSSearch
	}
	from, to := macros.UnixRange(q.TimeRange)
	levelField, err := s.levelField(ctx, m.Logstore)
	if err != nil {
		return slsErrorResponse(err, m.Logstore)
	}
	if levelField == "" {
		return s.histogramResponse(ctx, m, search, from, to, frames.NewSLSLogVolumeFromBuckets)
	}

	step := volumeStep(q.Interval, from, to)
	sql := fmt.Sprintf("select __time__ - __time__ %% %d as t, lower(%s) as level, count(*) as c group by t, level order by t limit 100000", step, quoteIdent(levelField))
	res, err := s.client.GetLogs(ctx, sls.GetLogsRequest{Logstore: m.Logstore, From: from, To: to, Topic: m.Topic, Query: search + " | " + sql, Line: sls.MaxLinesPerCall})
	if err != nil {
		return slsErrorResponse(err, m.Logstore)
	}
	vol := frames.NewLogVolume(from, to, step)
	for _, row := range res.Logs {
		tv, _ := row.Get("t")
		cv, _ := row.Get("c")
		lv, _ := row.Get("level")
		t, err1 := strconv.ParseInt(strings.TrimSpace(tv), 10, 64)
		c, err2 := strconv.ParseInt(strings.TrimSpace(cv), 10, 64)
		if err1 != nil || err2 != nil {
			continue
		}
		vol.Add(t, lv, c)
	}
	frame := vol.Frame("")
	setExecuted(frame, res.Request)
	if !res.Complete {
		addNotice(frame, data.NoticeSeverityWarning, partialNotice(s.settings.Timeout()))
	}
	return backend.DataResponse{Frames: data.Frames{frame}}
}

// levelField returns the logstore's indexed level field, or "" when the
// index has none (or the logstore has no index, which GetHistograms reports).
func (s *slsService) levelField(ctx context.Context, logstore string) (string, error) {
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

// volumeStep is the bucket width in whole seconds: the panel interval, at
// least a second, widened so the range has at most maxVolumeBuckets buckets.
func volumeStep(interval time.Duration, from, to int64) int64 {
	step := int64(interval / time.Second)
	if step < 1 {
		step = 1
	}
	if min := (to - from + maxVolumeBuckets - 1) / maxVolumeBuckets; step < min {
		step = min
	}
	return step
}
