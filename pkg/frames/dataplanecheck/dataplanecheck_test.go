package dataplanecheck

import (
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var v01 = data.FrameTypeVersion{0, 1}

func typed(f *data.Frame, typ data.FrameType, v data.FrameTypeVersion) *data.Frame {
	f.SetMeta(&data.FrameMeta{Type: typ, TypeVersion: v})
	return f
}

func TestReadWideTimeSeries(t *testing.T) {
	t0 := time.Unix(0, 0)
	f := typed(data.NewFrame("",
		data.NewField("time", nil, []time.Time{t0, t0.Add(time.Minute)}),
		data.NewField("c", data.Labels{"status": "200"}, []float64{1, 2}),
		data.NewField("c", data.Labels{"status": "500"}, []*float64{nil, nil}),
	), data.FrameTypeTimeSeriesWide, v01)
	series, err := ForAlerting(data.Frames{f})
	require.NoError(t, err)
	require.Len(t, series, 2)
	assert.Equal(t, 2.0, *series[0].Last)
	assert.Nil(t, series[1].Last, "a null point is no value, not zero")
	require.NoError(t, ForSQLExpressions(data.Frames{f}), "labelled, but dataplane time series")

	unsorted := typed(data.NewFrame("",
		data.NewField("time", nil, []time.Time{t0.Add(time.Minute), t0}),
		data.NewField("c", nil, []float64{1, 2})), data.FrameTypeTimeSeriesWide, v01)
	_, err = Read(data.Frames{unsorted})
	assert.ErrorContains(t, err, "not sorted")

	dup := typed(data.NewFrame("", data.NewField("time", nil, []time.Time{t0}),
		data.NewField("c", data.Labels{"a": "1"}, []float64{1}), data.NewField("c", data.Labels{"a": "1"}, []float64{1})),
		data.FrameTypeTimeSeriesWide, v01)
	_, err = Read(data.Frames{dup})
	assert.ErrorContains(t, err, "two series")

	timeOnly := typed(data.NewFrame("", data.NewField("time", nil, []time.Time{})), data.FrameTypeTimeSeriesWide, v01)
	_, err = Read(data.Frames{timeOnly})
	assert.ErrorContains(t, err, "no numeric field", "no data is a frame without fields")
	empty, err := ForAlerting(data.Frames{typed(data.NewFrame(""), data.FrameTypeTimeSeriesWide, v01)})
	require.NoError(t, err)
	assert.Empty(t, empty)
}

func TestReadRefusesAnUnversionedNumericType(t *testing.T) {
	f := typed(data.NewFrame("", data.NewField("time", nil, []time.Time{time.Unix(0, 0)}), data.NewField("c", nil, []float64{1})),
		data.FrameTypeTimeSeriesWide, data.FrameTypeVersion{})
	_, err := Read(data.Frames{f})
	assert.ErrorContains(t, err, "no version")
}

func TestReadNumericLong(t *testing.T) {
	f := typed(data.NewFrame("",
		data.NewField("host", nil, []*string{ptr("a"), ptr("b")}),
		data.NewField("c", nil, []*int64{ptr[int64](3), nil}),
	), data.FrameTypeNumericLong, v01)
	series, err := ForAlerting(data.Frames{f})
	require.NoError(t, err)
	require.Len(t, series, 2)
	assert.Equal(t, data.Labels{"host": "a"}, series[0].Labels)
	assert.Equal(t, 3.0, *series[0].Last)
	assert.Nil(t, series[1].Last)

	nullLabel := typed(data.NewFrame("", data.NewField("host", nil, []*string{nil}), data.NewField("c", nil, []int64{1})),
		data.FrameTypeNumericLong, v01)
	_, err = Read(data.Frames{nullLabel})
	assert.ErrorContains(t, err, "null")

	withTime := typed(data.NewFrame("", data.NewField("t", nil, []time.Time{time.Unix(0, 0)}), data.NewField("c", nil, []int64{1})),
		data.FrameTypeNumericLong, v01)
	_, err = Read(data.Frames{withTime})
	assert.ErrorContains(t, err, "only numbers and text")
}

func TestSQLExpressionsTakeOneUnlabelledFrameOrDataplane(t *testing.T) {
	table := typed(data.NewFrame("", data.NewField("uri", nil, []string{"/a"})), data.FrameTypeTable, data.FrameTypeVersion{})
	require.NoError(t, ForSQLExpressions(data.Frames{table}))
	assert.Error(t, ForSQLExpressions(data.Frames{table, table}), "two plain tables are ambiguous")
	_, err := ForAlerting(data.Frames{table})
	assert.ErrorContains(t, err, "alert rules need")

	labelled := data.NewFrame("", data.NewField("time", nil, []time.Time{time.Unix(0, 0)}),
		data.NewField("c", data.Labels{"a": "b"}, []float64{1}))
	assert.Error(t, ForSQLExpressions(data.Frames{labelled}), "labels without a declared type")
}

func TestReadLogLines(t *testing.T) {
	f := typed(data.NewFrame("", data.NewField("timestamp", nil, []time.Time{time.Unix(0, 0)}),
		data.NewField("body", nil, []string{"x"})), data.FrameTypeLogLines, data.FrameTypeVersion{})
	r, err := Read(data.Frames{f})
	require.NoError(t, err)
	assert.Empty(t, r.Series)
	bad := typed(data.NewFrame("", data.NewField("time", nil, []time.Time{time.Unix(0, 0)}),
		data.NewField("line", nil, []string{"x"})), data.FrameTypeLogLines, data.FrameTypeVersion{})
	_, err = Read(data.Frames{bad})
	assert.ErrorContains(t, err, "want timestamp and body")
}

func ptr[T any](v T) *T { return &v }
