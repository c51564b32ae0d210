package frames

import (
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func unix(s int64) time.Time { return time.Unix(s, 0).UTC() }

func TestLogVolumeFillsZeroBuckets(t *testing.T) {
	g, widened := NewGrid(unix(100), unix(400), time.Minute) // buckets 60,120,...,360
	require.False(t, widened)
	v := NewLogVolume(g)
	v.Add(unix(130), "WARN", 2)
	v.Add(unix(135), "warning", 1)
	v.Add(unix(300), "ERROR", 5)
	v.Add(unix(301), "fatal", 1)
	v.Add(unix(999), "info", 1) // outside: dropped
	f := v.Frame()
	require.Len(t, f.Fields, 3)
	assert.Equal(t, 6, f.Fields[0].Len())
	assert.Equal(t, unix(60), f.Fields[0].At(0))
	assert.Equal(t, "error", f.Fields[1].Name)
	assert.Equal(t, data.Labels{"level": "error"}, f.Fields[1].Labels)
	assert.Equal(t, "error", f.Fields[1].Config.DisplayNameFromDS)
	assert.Equal(t, []int64{0, 0, 0, 0, 6, 0}, fieldInts(f.Fields[1]))
	assert.Equal(t, []int64{0, 3, 0, 0, 0, 0}, fieldInts(f.Fields[2]))
	assert.Equal(t, data.FrameTypeTimeSeriesWide, f.Meta.Type)
}

func TestLogVolumeDeclaredLevelsStayWhenZero(t *testing.T) {
	g, _ := NewGrid(unix(0), unix(120), time.Minute)
	v := NewLogVolume(g, SeverityInfo, SeverityError)
	v.Add(unix(10), "info", 1)
	f := v.Frame()
	require.Len(t, f.Fields, 3)
	assert.Equal(t, "error", f.Fields[1].Name, "error first, as Explore stacks it")
	assert.Equal(t, []int64{0, 0}, fieldInts(f.Fields[1]))
	assert.Equal(t, []int64{1, 0}, fieldInts(f.Fields[2]))
}

func TestGridAlignsOnTheEpochAndCoversTheRange(t *testing.T) {
	g, _ := NewGrid(time.Unix(90, 500_000_000), time.Unix(181, 0), 30*time.Second)
	assert.Equal(t, unix(90), g.Start)
	assert.Equal(t, 4, g.Count, "90, 120, 150, 180: the last bucket holds 180.x")
	assert.Equal(t, int64(30), g.StepSeconds())
	assert.Equal(t, 0, g.Index(time.Unix(91, 0)))
	assert.Equal(t, 3, g.Index(time.Unix(180, 999)))
	assert.Equal(t, -1, g.Index(time.Unix(89, 0)))
	assert.Equal(t, -1, g.Index(time.Unix(210, 0)))
}

func TestGridWidensATinyInterval(t *testing.T) {
	base := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	g, widened := NewGrid(base, base.Add(7*24*time.Hour), time.Millisecond)
	assert.True(t, widened)
	assert.LessOrEqual(t, g.Count, MaxBuckets+1)
	assert.Equal(t, time.Duration(0), g.Step%time.Second, "whole seconds")
	g, widened = NewGrid(base, base.Add(time.Minute), 0)
	assert.False(t, widened)
	assert.Equal(t, time.Second, g.Step, "the minimum interval is one second")
	assert.Equal(t, 60, g.Count)
	g, _ = NewGrid(base, base, time.Second)
	assert.Equal(t, 0, g.Count, "an empty range has no buckets")
}
