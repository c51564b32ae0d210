package frames

import (
	"sort"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/logbridge/cloudlogs/pkg/sls"
)

// NewSLSHistogramFrame turns GetHistograms buckets into one `count` series
// over time (bucket start), zero buckets kept so the graph has no gaps.
func NewSLSHistogramFrame(name string, buckets []sls.Bucket) *data.Frame {
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

// LogVolumeLevels are the levels of Explore's log volume, in display order.
var LogVolumeLevels = []string{SeverityError, SeverityWarning, SeverityInfo, SeverityDebug, SeverityUnknown}

// VolumeLevel folds any level spelling into one of LogVolumeLevels.
func VolumeLevel(level string) string {
	switch s := NormalizeSeverity(level); s {
	case SeverityCritical:
		return SeverityError
	case SeverityTrace:
		return SeverityDebug
	default:
		return s
	}
}

// LogVolume accumulates counts per level on a fixed grid of buckets.
type LogVolume struct {
	start, step int64
	n           int
	counts      map[string][]int64
}

// NewLogVolume makes a grid of buckets of step seconds covering [from, to),
// aligned to multiples of step as `__time__ - __time__ % step` is.
func NewLogVolume(from, to, step int64) *LogVolume {
	if step < 1 {
		step = 1
	}
	start := from - mod(from, step)
	n := int((to - start + step - 1) / step)
	return &LogVolume{start: start, step: step, n: max(n, 0), counts: map[string][]int64{}}
}

func mod(a, b int64) int64 { return ((a % b) + b) % b }

// Add counts c logs of level at Unix second t (any time inside a bucket).
func (v *LogVolume) Add(t int64, level string, c int64) {
	i := int((t - v.start) / v.step)
	if t < v.start || i >= v.n {
		return
	}
	lv := VolumeLevel(level)
	if v.counts[lv] == nil {
		v.counts[lv] = make([]int64, v.n)
	}
	v.counts[lv][i] += c
}

// Frame is a wide frame: time plus one series per level seen, each named by
// its level and labelled level=<level>, zero buckets included.
func (v *LogVolume) Frame(name string) *data.Frame {
	times := make([]time.Time, v.n)
	for i := range times {
		times[i] = time.Unix(v.start+int64(i)*v.step, 0).UTC()
	}
	f := data.NewFrame(name, data.NewField("time", nil, times))
	for _, lv := range LogVolumeLevels {
		counts, ok := v.counts[lv]
		if !ok {
			continue
		}
		field := data.NewField(lv, data.Labels{"level": lv}, counts)
		field.SetConfig(&data.FieldConfig{DisplayNameFromDS: lv})
		f.Fields = append(f.Fields, field)
	}
	f.SetMeta(&data.FrameMeta{Type: data.FrameTypeTimeSeriesWide, TypeVersion: data.FrameTypeVersion{0, 1}})
	return f
}

// NewSLSLogVolumeFromBuckets is the log volume of a logstore without a level
// field: every log is "unknown", counted by GetHistograms' buckets.
func NewSLSLogVolumeFromBuckets(name string, buckets []sls.Bucket) *data.Frame {
	f := NewSLSHistogramFrame(name, buckets)
	counts := f.Fields[1]
	counts.Name = SeverityUnknown
	counts.Labels = data.Labels{"level": SeverityUnknown}
	counts.SetConfig(&data.FieldConfig{DisplayNameFromDS: SeverityUnknown})
	return f
}
