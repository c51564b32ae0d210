package frames

import (
	"math"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sp(s string) *string { return &s }

func TestNewTypedTableFrameTypesColumns(t *testing.T) {
	tbl := StringTable{
		Columns: []string{"i", "f", "b", "ts", "s", "n", "__time__", "mixed"},
		Rows: [][]*string{
			{sp("1"), sp("1.5"), sp("true"), sp("2024-01-02 03:04:05.000"), sp("a"), nil, sp("1700000000"), sp("1")},
			{sp("-2"), sp("2"), sp("FALSE"), sp("2024-01-02 03:05:05"), sp("b"), sp("null"), sp("1700000060"), sp("x")},
			{sp("null"), sp(""), nil, nil, nil, sp(""), sp("1700000120"), sp("2")},
		},
	}
	f := NewTypedTableFrame("r", tbl)
	types := map[string]data.FieldType{}
	for _, field := range f.Fields {
		types[field.Name] = field.Type()
	}
	assert.Equal(t, map[string]data.FieldType{
		"i": data.FieldTypeNullableInt64, "f": data.FieldTypeNullableFloat64, "b": data.FieldTypeNullableBool,
		"ts": data.FieldTypeNullableTime, "s": data.FieldTypeNullableString, "n": data.FieldTypeNullableString,
		"__time__": data.FieldTypeNullableTime, "mixed": data.FieldTypeNullableString,
	}, types)
	v, _ := f.Fields[0].ConcreteAt(1)
	assert.Equal(t, int64(-2), v)
	_, ok := f.Fields[0].ConcreteAt(2)
	assert.False(t, ok, "null stays null")
	v, _ = f.Fields[1].ConcreteAt(1)
	assert.Equal(t, 2.0, v)
	v, _ = f.Fields[3].ConcreteAt(0)
	assert.Equal(t, time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), v)
	v, _ = f.Fields[6].ConcreteAt(1)
	assert.Equal(t, time.Unix(1700000060, 0).UTC(), v)
	assert.Equal(t, 3, f.Fields[7].Len())
}

func TestParseFloatRejectsNonSQLForms(t *testing.T) {
	for _, s := range []string{"0x10", "1_000", "inf", "nan"} {
		_, ok := parseFloat(s)
		assert.False(t, ok, s)
	}
	v, ok := parseFloat("NaN")
	assert.True(t, ok && math.IsNaN(v))
	v, ok = parseFloat("1e3")
	assert.True(t, ok)
	assert.Equal(t, 1000.0, v)
}

func TestWideTimeSeriesGroupsByStringColumns(t *testing.T) {
	tbl := StringTable{
		Columns: []string{"t", "host", "status", "c", "avg"},
		Rows: [][]*string{
			{sp("120"), sp("b"), sp("500"), sp("1"), sp("0.5")},
			{sp("60"), sp("a"), sp("200"), sp("3"), sp("1.5")},
			{sp("60"), sp("b"), sp("500"), sp("2"), sp("2.5")},
			{sp("120"), sp("a"), sp("200"), sp("4"), sp("3.5")},
		},
	}
	typed := NewTypedTableFrame("r", tbl)
	// status holds numbers, so it is a value unless valueFields says otherwise.
	ts, err := NewWideTimeSeries(typed, SeriesOptions{ValueFields: []string{"c"}, LegendFormat: "{{host}} {{status}}"})
	require.NoError(t, err)
	require.Len(t, ts.Fields, 3)
	assert.Equal(t, []time.Time{time.Unix(60, 0).UTC(), time.Unix(120, 0).UTC()}, []time.Time{ts.Fields[0].At(0).(time.Time), ts.Fields[0].At(1).(time.Time)})
	assert.Equal(t, data.Labels{"host": "a"}, ts.Fields[1].Labels)
	assert.Equal(t, data.Labels{"host": "b"}, ts.Fields[2].Labels)
	a0, _ := ts.Fields[1].ConcreteAt(0)
	a1, _ := ts.Fields[1].ConcreteAt(1)
	assert.Equal(t, []any{3.0, 4.0}, []any{a0, a1})
	assert.Equal(t, "a", ts.Fields[1].Config.DisplayNameFromDS, "unknown legend names become empty")
	assert.Equal(t, data.TimeSeriesTypeWide, ts.TimeSeriesSchema().Type)

	all, err := NewWideTimeSeries(typed, SeriesOptions{})
	require.NoError(t, err)
	assert.Len(t, all.Fields, 1+3*2, "status, c and avg for hosts a and b")

	grouped, err := NewWideTimeSeries(typed, SeriesOptions{LabelFields: []string{"t", "host", "status"}})
	require.NoError(t, err)
	require.Len(t, grouped.Fields, 1+2*2, "c and avg for (a,200) and (b,500)")
	assert.Equal(t, "c", grouped.Fields[1].Name)
	assert.Equal(t, data.Labels{"host": "a", "status": "200"}, grouped.Fields[1].Labels)
}

func TestWideTimeSeriesErrors(t *testing.T) {
	typed := NewTypedTableFrame("r", StringTable{Columns: []string{"host", "c"}, Rows: [][]*string{{sp("a"), sp("1")}}})
	_, err := NewWideTimeSeries(typed, SeriesOptions{})
	assert.ErrorContains(t, err, "no time column in the result (columns: host, c)")
	_, err = NewWideTimeSeries(typed, SeriesOptions{TimeField: "when"})
	assert.ErrorContains(t, err, `time field "when" is not a column`)
	typed = NewTypedTableFrame("r", StringTable{Columns: []string{"t", "c"}, Rows: [][]*string{{sp("1"), sp("1")}}})
	_, err = NewWideTimeSeries(typed, SeriesOptions{ValueFields: []string{"nope"}})
	assert.ErrorContains(t, err, `value field "nope" is not a column`)
}

func TestEpochUnits(t *testing.T) {
	assert.Equal(t, time.Unix(1700000000, 0).UTC(), epochTime(1700000000))
	assert.Equal(t, time.Unix(1700000000, 0).UTC(), epochTime(1700000000000))
	assert.Equal(t, time.Unix(1700000000, 0).UTC(), epochTime(1700000000000000))
}

func TestApplyLegend(t *testing.T) {
	assert.Equal(t, "c web 500", ApplyLegend("{{__field}} {{ host }} {{status}}", "c", data.Labels{"host": "web", "status": "500"}))
}

func fieldInts(f *data.Field) []int64 {
	out := make([]int64, f.Len())
	for i := range out {
		out[i] = f.At(i).(int64)
	}
	return out
}

func TestTableOfDeclaredKinds(t *testing.T) {
	tbl := StringTable{Columns: []string{"code", "ratio", "name", "odd"}, Rows: [][]*string{
		{sp("200"), sp("1"), sp("007"), sp("x")},
		{sp("404"), sp("0.5"), nil, sp("1")},
	}}
	f := NewTableFrameOfKinds("t", tbl, []Kind{KindString, KindFloat, KindString, KindInt})
	assert.Equal(t, data.FieldTypeNullableString, f.Fields[0].Type(), "declared varchar stays text even when it looks numeric")
	assert.Equal(t, data.FieldTypeNullableFloat64, f.Fields[1].Type(), "declared double: 1 is 1.0")
	assert.Equal(t, "007", *f.Fields[2].At(0).(*string), "leading zeros kept")
	assert.Equal(t, data.FieldTypeNullableString, f.Fields[3].Type(), "a value that does not parse as declared: typed by the values, nothing lost")
}
