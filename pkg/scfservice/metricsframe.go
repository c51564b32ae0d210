package frames

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/logbridge/cloudlogs/pkg/models"
	"github.com/logbridge/cloudlogs/pkg/scf"
)

// SCFMaxBuckets bounds the points of one series: a tiny interval over a
// long range would otherwise allocate millions of empty buckets.
const SCFMaxBuckets = 20_000

// SCFBuckets is the bucket grid of a range: starts at from rounded down to
// the interval (on the Unix epoch, as Grafana aligns), up to before to.
type SCFBuckets struct {
	First    time.Time
	Interval time.Duration
	Count    int
}

// NewSCFBuckets plans the grid; an interval under one second becomes one
// second, and one that would give over SCFMaxBuckets is widened (widened
// reports it).
func NewSCFBuckets(from, to time.Time, interval time.Duration) (b SCFBuckets, widened bool) {
	if interval < time.Second {
		interval = time.Second
	}
	span := to.Sub(from)
	if span <= 0 {
		return SCFBuckets{First: from, Interval: interval}, false
	}
	if span/interval > SCFMaxBuckets {
		interval = (span / SCFMaxBuckets).Truncate(time.Second) + time.Second
		widened = true
	}
	first := time.Unix(0, from.UnixNano()-scfMod(from.UnixNano(), int64(interval))).UTC()
	count := int((to.Sub(first) + interval - 1) / interval)
	return SCFBuckets{First: first, Interval: interval, Count: count}, widened
}

func scfMod(a, b int64) int64 {
	m := a % b
	if m < 0 {
		m += b
	}
	return m
}

// Index is the bucket of t, or -1 outside the grid.
func (b SCFBuckets) Index(t time.Time) int {
	if t.Before(b.First) {
		return -1
	}
	i := int(t.Sub(b.First) / b.Interval)
	if i >= b.Count {
		return -1
	}
	return i
}

// Times are the bucket starts.
func (b SCFBuckets) Times() []time.Time {
	out := make([]time.Time, b.Count)
	for i := range out {
		out[i] = b.First.Add(time.Duration(i) * b.Interval)
	}
	return out
}

type scfMetricSpec struct {
	display, unit string
	value         func(invs []scf.Invocation, durations []float64) float64
}

var scfMetricSpecs = map[string]scfMetricSpec{
	models.SCFMetricInvocations: {"Invocations", "short", func(invs []scf.Invocation, _ []float64) float64 { return float64(len(invs)) }},
	models.SCFMetricErrors:      {"Errors", "short", func(invs []scf.Invocation, _ []float64) float64 { return float64(countFailed(invs)) }},
	models.SCFMetricErrorRate: {"Error rate", "percent", func(invs []scf.Invocation, _ []float64) float64 {
		if len(invs) == 0 {
			return 0
		}
		return 100 * float64(countFailed(invs)) / float64(len(invs))
	}},
	models.SCFMetricDurationAvg: {"Duration avg", "ms", func(_ []scf.Invocation, d []float64) float64 {
		if len(d) == 0 {
			return 0
		}
		var sum float64
		for _, v := range d {
			sum += v
		}
		return sum / float64(len(d))
	}},
	models.SCFMetricDurationP50: {"Duration p50", "ms", func(_ []scf.Invocation, d []float64) float64 { return percentile(d, 50) }},
	models.SCFMetricDurationP95: {"Duration p95", "ms", func(_ []scf.Invocation, d []float64) float64 { return percentile(d, 95) }},
	models.SCFMetricDurationP99: {"Duration p99", "ms", func(_ []scf.Invocation, d []float64) float64 { return percentile(d, 99) }},
	models.SCFMetricDurationMax: {"Duration max", "ms", func(_ []scf.Invocation, d []float64) float64 { return percentile(d, 100) }},
	models.SCFMetricBillDur: {"Billed duration", "ms", func(invs []scf.Invocation, _ []float64) float64 {
		var sum int64
		for _, inv := range invs {
			sum += inv.BillDurationMs
		}
		return float64(sum)
	}},
	models.SCFMetricMemoryMax: {"Memory max", "decbytes", func(invs []scf.Invocation, _ []float64) float64 {
		var m int64
		for _, inv := range invs {
			m = max(m, inv.MemUsageBytes)
		}
		return float64(m)
	}},
}

func countFailed(invs []scf.Invocation) int {
	n := 0
	for _, inv := range invs {
		if inv.Failed() {
			n++
		}
	}
	return n
}

// percentile is the nearest-rank percentile of sorted values; 0 when empty.
func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

// NewSCFMetricsFrame is the wide time series of an scfMetrics query: a
// time field and one float64 field per metric, every bucket present (an
// empty bucket is zero), so alert rules get a value for every interval.
func NewSCFMetricsFrame(name string, invs []scf.Invocation, b SCFBuckets, metrics []string) (*data.Frame, error) {
	groups := make([][]scf.Invocation, b.Count)
	for _, inv := range invs {
		if i := b.Index(inv.StartTime); i >= 0 {
			groups[i] = append(groups[i], inv)
		}
	}
	fields := []*data.Field{data.NewField("time", nil, b.Times())}
	values := make([][]float64, len(metrics))
	for m, name := range metrics {
		if _, ok := scfMetricSpecs[name]; !ok {
			return nil, fmt.Errorf("metric %q is not known", name)
		}
		values[m] = make([]float64, b.Count)
	}
	for i, g := range groups {
		durations := make([]float64, len(g))
		for j, inv := range g {
			durations[j] = inv.DurationMs
		}
		slices.Sort(durations)
		for m, name := range metrics {
			values[m][i] = scfMetricSpecs[name].value(g, durations)
		}
	}
	for m, name := range metrics {
		spec := scfMetricSpecs[name]
		f := data.NewField(name, nil, values[m])
		f.Config = &data.FieldConfig{DisplayNameFromDS: spec.display, Unit: spec.unit}
		fields = append(fields, f)
	}
	frame := data.NewFrame(name, fields...)
	frame.SetMeta(&data.FrameMeta{Type: data.FrameTypeTimeSeriesWide, TypeVersion: data.FrameTypeVersion{0, 1}, PreferredVisualization: data.VisTypeGraph})
	return frame, nil
}

// NewSCFLogVolumeFrames answer Explore's log volume: per interval, the
// count of successful invocations as series "info" and of failed ones as
// "error", each labelled {"level": ...} as Grafana's log volume expects.
func NewSCFLogVolumeFrames(invs []scf.Invocation, b SCFBuckets) data.Frames {
	info := make([]float64, b.Count)
	errs := make([]float64, b.Count)
	for _, inv := range invs {
		if i := b.Index(inv.StartTime); i >= 0 {
			if inv.Failed() {
				errs[i]++
			} else {
				info[i]++
			}
		}
	}
	series := func(level string, v []float64) *data.Frame {
		f := data.NewField(level, data.Labels{"level": level}, v)
		f.Config = &data.FieldConfig{DisplayNameFromDS: level}
		frame := data.NewFrame(level, data.NewField("time", nil, b.Times()), f)
		frame.SetMeta(&data.FrameMeta{Type: data.FrameTypeTimeSeriesMulti, TypeVersion: data.FrameTypeVersion{0, 1}})
		return frame
	}
	return data.Frames{series(SeverityInfo, info), series(SeverityError, errs)}
}
