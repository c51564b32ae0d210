package scfservice

import (
	"fmt"
	"math"
	"slices"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/scf"
)

type scfMetricSpec struct {
	display, unit string
	value         func(invs []scf.Invocation, durations []float64) float64
}

var scfMetricSpecs = map[string]scfMetricSpec{
	MetricInvocations: {"Invocations", "short", func(invs []scf.Invocation, _ []float64) float64 { return float64(len(invs)) }},
	MetricErrors:      {"Errors", "short", func(invs []scf.Invocation, _ []float64) float64 { return float64(countFailed(invs)) }},
	MetricErrorRate: {"Error rate", "percent", func(invs []scf.Invocation, _ []float64) float64 {
		if len(invs) == 0 {
			return 0
		}
		return 100 * float64(countFailed(invs)) / float64(len(invs))
	}},
	MetricDurationAvg: {"Duration avg", "ms", func(_ []scf.Invocation, d []float64) float64 {
		if len(d) == 0 {
			return 0
		}
		var sum float64
		for _, v := range d {
			sum += v
		}
		return sum / float64(len(d))
	}},
	MetricDurationP50: {"Duration p50", "ms", func(_ []scf.Invocation, d []float64) float64 { return percentile(d, 50) }},
	MetricDurationP95: {"Duration p95", "ms", func(_ []scf.Invocation, d []float64) float64 { return percentile(d, 95) }},
	MetricDurationP99: {"Duration p99", "ms", func(_ []scf.Invocation, d []float64) float64 { return percentile(d, 99) }},
	MetricDurationMax: {"Duration max", "ms", func(_ []scf.Invocation, d []float64) float64 { return percentile(d, 100) }},
	MetricBillDur: {"Billed duration", "ms", func(invs []scf.Invocation, _ []float64) float64 {
		var sum int64
		for _, inv := range invs {
			sum += inv.BillDurationMs
		}
		return float64(sum)
	}},
	MetricMemoryMax: {"Memory max", "decbytes", func(invs []scf.Invocation, _ []float64) float64 {
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

// NewMetricsFrame is the wide time series of an scfMetrics query: a
// time field and one float64 field per metric, every bucket present (an
// empty bucket is zero), so alert rules get a value for every interval.
func NewMetricsFrame(name string, invs []scf.Invocation, g frames.Grid, metrics []string) (*data.Frame, error) {
	groups := make([][]scf.Invocation, g.Count)
	for _, inv := range invs {
		if i := g.Index(inv.StartTime); i >= 0 {
			groups[i] = append(groups[i], inv)
		}
	}
	values := make([][]float64, len(metrics))
	for m, name := range metrics {
		if _, ok := scfMetricSpecs[name]; !ok {
			return nil, fmt.Errorf("metric %q is not known", name)
		}
		values[m] = make([]float64, g.Count)
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
	return metricsFrame(name, g, metrics, values), nil
}

// metricsFrame lays out per-bucket values (values[m][bucket] of metrics[m])
// in the metrics frame shape, whatever computed them.
func metricsFrame(name string, g frames.Grid, metrics []string, values [][]float64) *data.Frame {
	fields := []*data.Field{data.NewField("time", nil, g.Times())}
	for m, metric := range metrics {
		spec := scfMetricSpecs[metric]
		f := data.NewField(metric, nil, values[m])
		f.Config = &data.FieldConfig{DisplayNameFromDS: spec.display, Unit: spec.unit}
		fields = append(fields, f)
	}
	frame := data.NewFrame(name, fields...)
	frame.SetMeta(&data.FrameMeta{Type: data.FrameTypeTimeSeriesWide, TypeVersion: data.FrameTypeVersion{0, 1}, PreferredVisualization: data.VisTypeGraph})
	return frame
}

// NewLogVolumeFrame answers Explore's log volume: per interval, the count
// of successful invocations as level "info" and of failed ones as "error".
func NewLogVolumeFrame(invs []scf.Invocation, g frames.Grid) *data.Frame {
	vol := frames.NewLogVolume(g, frames.SeverityInfo, frames.SeverityError)
	for _, inv := range invs {
		level := frames.SeverityInfo
		if inv.Failed() {
			level = frames.SeverityError
		}
		vol.Add(inv.StartTime, level, 1)
	}
	return vol.Frame()
}
