package slsservice

import (
	"sort"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/logbridge/cloudlogs/pkg/sls"
)

// NewHistogramFrame turns GetHistograms buckets into one `count` series
// over time (bucket start), zero buckets kept so the graph has no gaps.
func NewHistogramFrame(name string, buckets []sls.Bucket) *data.Frame {
	sorted := append([]sls.Bucket(nil), buckets...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].From < sorted[j].From })
	times := make([]time.Time, len(sorted))
	counts := make([]int64, len(sorted))
	for i, b := range sorted {
		times[i] = time.Unix(b.From, 0).UTC()
		counts[i] = b.Count
	}
	f := data.NewFrame(name, data.NewField("time", nil, times), data.NewField("count", nil, counts))
	f.SetMeta(&data.FrameMeta{Type: data.FrameTypeTimeSeriesWide, TypeVersion: data.FrameTypeVersion{0, 1}})
	return f
}
