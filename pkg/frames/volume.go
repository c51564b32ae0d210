package frames

import (
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// MaxBuckets bounds the points of one series, the 11,000 Prometheus allows:
// a small interval over a long range would otherwise ask for (and draw)
// hundreds of thousands of buckets.
const MaxBuckets = 11_000

// Grid is the one bucket grid of every count over time (log volume, SCF
// metrics): steps of whole seconds, aligned on the Unix epoch as SLS's
// `__time__ - __time__ % step` aligns them, covering [from, to).
type Grid struct {
	Start time.Time
	Step  time.Duration
	Count int
}

// NewGrid plans the grid of a range for a panel interval: the interval in
// whole seconds (at least one), widened when the range would need more than
// MaxBuckets buckets (widened reports it).
func NewGrid(from, to time.Time, interval time.Duration) (g Grid, widened bool) {
	const second = int64(time.Second)
	stepS := max(int64(interval/time.Second), 1)
	span := to.UnixNano() - from.UnixNano()
	if minStep := ceilDiv(ceilDiv(span, second), MaxBuckets); stepS < minStep {
		stepS, widened = minStep, true
	}
	step := stepS * second
	start := from.UnixNano() - mod(from.UnixNano(), step)
	count := 0
	if span > 0 {
		count = int(ceilDiv(to.UnixNano()-start, step))
	}
	return Grid{Start: time.Unix(0, start).UTC(), Step: time.Duration(step), Count: count}, widened
}

// Index is the bucket of t, or -1 outside the grid.
func (g Grid) Index(t time.Time) int {
	if t.Before(g.Start) {
		return -1
	}
	i := int(t.Sub(g.Start) / g.Step)
	if i >= g.Count {
		return -1
	}
	return i
}

// Times are the bucket starts.
func (g Grid) Times() []time.Time {
	out := make([]time.Time, g.Count)
	for i := range out {
		out[i] = g.Start.Add(time.Duration(i) * g.Step)
	}
	return out
}

// StepSeconds is the step in whole seconds, for SQL that buckets __time__.
func (g Grid) StepSeconds() int64 { return int64(g.Step / time.Second) }

func ceilDiv(a, b int64) int64 {
	if a <= 0 {
		return 0
	}
	return (a + b - 1) / b
}

func mod(a, b int64) int64 { return ((a % b) + b) % b }

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

// LogVolume counts logs per level on a grid: the one log-volume shape of
// every service, and the one place its series get their level label.
type LogVolume struct {
	grid   Grid
	counts map[string][]int64
}

// NewLogVolume starts counting on g; levels are series shown even when they
// stay zero (a service that knows its levels up front, like SCF's info and
// error, gives alert rules a value for each).
func NewLogVolume(g Grid, levels ...string) *LogVolume {
	v := &LogVolume{grid: g, counts: map[string][]int64{}}
	for _, l := range levels {
		v.series(VolumeLevel(l))
	}
	return v
}

func (v *LogVolume) series(level string) []int64 {
	if v.counts[level] == nil {
		v.counts[level] = make([]int64, v.grid.Count)
	}
	return v.counts[level]
}

// Grid is the grid the volume counts on.
func (v *LogVolume) Grid() Grid { return v.grid }

// Add counts n logs of level at t (any time inside a bucket); times outside
// the grid are ignored.
func (v *LogVolume) Add(t time.Time, level string, n int64) {
	if i := v.grid.Index(t); i >= 0 {
		v.series(VolumeLevel(level))[i] += n
	}
}

// Frame is a wide frame: time plus one int64 series per level, in
// LogVolumeLevels order, each named by its level and labelled level=<level>
// as Explore's log volume expects, zero buckets included.
func (v *LogVolume) Frame() *data.Frame {
	f := data.NewFrame("", data.NewField("time", nil, v.grid.Times()))
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
