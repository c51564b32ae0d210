package frames

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// SeriesOptions choose the columns of a time series.
type SeriesOptions struct {
	// TimeField is the x column; empty means auto-detect.
	TimeField string
	// ValueFields are the y columns; empty means every numeric column.
	ValueFields []string
	// LegendFormat names series from labels, e.g. "{{host}} {{status}}".
	LegendFormat string
	// LabelFields are columns that label series even when they hold numbers
	// (the GROUP BY columns of the SQL, such as an HTTP status).
	LabelFields []string
}

// autoTimeFields are tried in order when no time field is given.
var autoTimeFields = []string{"__time__", "time", "t"}

// FindTimeField returns the index of the time column: the named one, else
// __time__, time or t (when they hold times or epoch numbers), else the first
// time-typed column. -1 when there is none.
func FindTimeField(f *data.Frame, name string) int {
	if name != "" {
		idx, _ := fieldIndex(f, name)
		return idx
	}
	for _, n := range autoTimeFields {
		if i, field := fieldIndex(f, n); field != nil && (isTimeField(field) || isNumeric(field)) {
			return i
		}
	}
	for i, field := range f.Fields {
		if isTimeField(field) {
			return i
		}
	}
	return -1
}

// NewWideTimeSeries turns a typed table (NewTypedTableFrame) into a wide
// time series frame: one time column sorted ascending and one float64
// column per value column and per distinct combination of the string
// (group-by) columns, which become the series' labels, as alert rules expect.
func NewWideTimeSeries(table *data.Frame, opts SeriesOptions) (*data.Frame, error) {
	ti := FindTimeField(table, opts.TimeField)
	if ti < 0 {
		if opts.TimeField != "" {
			return nil, fmt.Errorf("time field %q is not a column of the result (columns: %s)", opts.TimeField, columnNames(table))
		}
		return nil, fmt.Errorf("no time column in the result (columns: %s); select one as __time__, time or t, or set \"timeField\"", columnNames(table))
	}
	timeField := table.Fields[ti]
	times, err := fieldTimes(timeField)
	if err != nil {
		return nil, err
	}

	var values, labelCols []int
	if len(opts.ValueFields) > 0 {
		for _, name := range opts.ValueFields {
			i, field := fieldIndex(table, name)
			if field == nil {
				return nil, fmt.Errorf("value field %q is not a column of the result (columns: %s)", name, columnNames(table))
			}
			if !isNumeric(field) {
				return nil, fmt.Errorf("value field %q is not numeric", name)
			}
			values = append(values, i)
		}
	}
	isLabel := map[string]bool{}
	for _, n := range opts.LabelFields {
		isLabel[n] = true
	}
	for _, n := range opts.ValueFields {
		delete(isLabel, n)
	}
	for i, field := range table.Fields {
		if i == ti {
			continue
		}
		switch {
		case isLabel[field.Name]:
			labelCols = append(labelCols, i)
		case len(opts.ValueFields) == 0 && isNumeric(field):
			values = append(values, i)
		case field.Type() == data.FieldTypeNullableString || field.Type() == data.FieldTypeString:
			labelCols = append(labelCols, i)
		}
	}
	if len(values) == 0 {
		return nil, fmt.Errorf("no numeric column in the result (columns: %s) to draw as a time series", columnNames(table))
	}

	// Distinct times, ascending; rows without a time are dropped.
	uniq := map[int64]int{}
	var sorted []time.Time
	for _, t := range times {
		if t == nil {
			continue
		}
		if _, ok := uniq[t.UnixNano()]; !ok {
			uniq[t.UnixNano()] = 0
			sorted = append(sorted, *t)
		}
	}
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Before(sorted[j]) })
	for i, t := range sorted {
		uniq[t.UnixNano()] = i
	}

	type series struct {
		labels data.Labels
		key    string
		vals   map[int][]*float64 // value column -> points
	}
	byKey := map[string]*series{}
	var all []*series
	for r, t := range times {
		if t == nil {
			continue
		}
		labels := data.Labels{}
		for _, c := range labelCols {
			if v, ok := table.Fields[c].ConcreteAt(r); ok {
				labels[table.Fields[c].Name] = fmt.Sprint(v)
			} else {
				labels[table.Fields[c].Name] = ""
			}
		}
		key := labels.String()
		s := byKey[key]
		if s == nil {
			s = &series{labels: labels, key: key, vals: map[int][]*float64{}}
			for _, v := range values {
				s.vals[v] = make([]*float64, len(sorted))
			}
			byKey[key] = s
			all = append(all, s)
		}
		pos := uniq[t.UnixNano()]
		for _, v := range values {
			if f, ok := floatAt(table.Fields[v], r); ok {
				s.vals[v][pos] = &f
			}
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].key < all[j].key })

	out := data.NewFrame(table.Name, data.NewField(timeField.Name, nil, sorted))
	for _, v := range values {
		for _, s := range all {
			var labels data.Labels
			if len(s.labels) > 0 {
				labels = s.labels
			}
			field := data.NewField(table.Fields[v].Name, labels, s.vals[v])
			if opts.LegendFormat != "" {
				field.SetConfig(&data.FieldConfig{DisplayNameFromDS: ApplyLegend(opts.LegendFormat, table.Fields[v].Name, s.labels)})
			}
			out.Fields = append(out.Fields, field)
		}
	}
	out.SetMeta(&data.FrameMeta{Type: data.FrameTypeTimeSeriesWide, TypeVersion: DataplaneVersion})
	return out, nil
}

var legendToken = regexp.MustCompile(`\{\{\s*([^}\s]+)\s*\}\}`)

// ApplyLegend fills {{label}} with the series' label values; {{__field}} is
// the value column's name. Unknown names become empty, as in Prometheus.
func ApplyLegend(format, field string, labels data.Labels) string {
	return strings.TrimSpace(legendToken.ReplaceAllStringFunc(format, func(m string) string {
		name := legendToken.FindStringSubmatch(m)[1]
		if name == "__field" {
			return field
		}
		return labels[name]
	}))
}

func fieldIndex(f *data.Frame, name string) (int, *data.Field) {
	for i, field := range f.Fields {
		if field.Name == name {
			return i, field
		}
	}
	return -1, nil
}

func columnNames(f *data.Frame) string {
	names := make([]string, len(f.Fields))
	for i, field := range f.Fields {
		names[i] = field.Name
	}
	return strings.Join(names, ", ")
}

func isTimeField(f *data.Field) bool {
	return f.Type() == data.FieldTypeTime || f.Type() == data.FieldTypeNullableTime
}

func isNumeric(f *data.Field) bool {
	return f.Type().Numeric()
}

func floatAt(f *data.Field, i int) (float64, bool) {
	v, err := f.NullableFloatAt(i)
	if err != nil || v == nil || math.IsNaN(*v) {
		return 0, false
	}
	return *v, true
}

// fieldTimes reads a time column: times, or epoch numbers whose size tells
// the unit (seconds, milliseconds, microseconds or nanoseconds).
func fieldTimes(f *data.Field) ([]*time.Time, error) {
	out := make([]*time.Time, f.Len())
	switch {
	case isTimeField(f):
		for i := range out {
			if v, ok := f.ConcreteAt(i); ok {
				t := v.(time.Time)
				out[i] = &t
			}
		}
	case isNumeric(f):
		for i := range out {
			if v, ok := floatAt(f, i); ok {
				t := epochTime(v)
				out[i] = &t
			}
		}
	default:
		return nil, fmt.Errorf("time field %q holds %s values, not times or epoch numbers", f.Name, f.Type().ItemTypeString())
	}
	return out, nil
}

func epochTime(v float64) time.Time {
	abs := math.Abs(v)
	switch {
	case abs < 1e11:
		return time.Unix(0, int64(v*1e9)).UTC()
	case abs < 1e14:
		return time.UnixMilli(int64(v)).UTC()
	case abs < 1e17:
		return time.UnixMicro(int64(v)).UTC()
	}
	return time.Unix(0, int64(v)).UTC()
}

// NewEmptyTimeSeries is a time series with no rows: a query that asked for
// a time series and matched nothing still answers in that shape. The
// dataplane contract spells "no data" as a typed frame with no fields; a
// lone time column would read as a series missing its values.
func NewEmptyTimeSeries() *data.Frame {
	f := data.NewFrame("")
	f.SetMeta(&data.FrameMeta{Type: data.FrameTypeTimeSeriesWide, TypeVersion: DataplaneVersion})
	return f
}

// The shapes a result table may take: a query's "format" (logs frames are
// the services' own).
const (
	FormatAuto       = "auto"
	FormatLogs       = "logs"
	FormatTable      = "table"
	FormatTimeSeries = "timeSeries"
)

// ShapeTable returns a typed table in the shape format asks for: the table,
// a wide time series, or with auto a time series when the table has a time
// column and a number to draw (else the table, unless opts named columns
// that do not fit: then the error says so).
func ShapeTable(table *data.Frame, format string, opts SeriesOptions) (*data.Frame, error) {
	empty := table.Rows() == 0
	switch format {
	case FormatTable:
		return table, nil
	case FormatTimeSeries:
		if empty {
			return NewEmptyTimeSeries(), nil
		}
		return NewWideTimeSeries(table, opts)
	}
	if empty || FindTimeField(table, opts.TimeField) < 0 {
		return table, nil
	}
	ts, err := NewWideTimeSeries(table, opts)
	if err != nil {
		if opts.TimeField != "" || len(opts.ValueFields) > 0 {
			return nil, err // the user asked for these columns
		}
		return table, nil
	}
	return ts, nil
}
