// Package dataplanecheck reads data frames the way Grafana's server-side
// expressions read them, by the rules of Grafana's dataplane contract, so
// tests can prove that alert rules and SQL expressions accept a query's
// answer. Grafana's own reader library is not a module this project can use;
// this one is written from the contract and is stricter where the contract
// leaves Grafana to guess (it refuses what Grafana would quietly skip).
package dataplanecheck

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// Series is one number stream a reader finds: its name, its labels, and its
// points (one for a numeric frame).
type Series struct {
	Name   string
	Labels data.Labels
	Points int
	Last   *float64
}

// Key names a series as alerting does: name and labels.
func (s Series) Key() string { return s.Name + s.Labels.String() }

// Reading is what a query's frames hold for a server-side reader.
type Reading struct {
	Type   data.FrameType
	Series []Series
}

// Read validates frames of one query as the dataplane type their first frame
// declares and returns the series in them. Log lines and tables have no
// series. A numeric type without a version is refused: Grafana would not read
// it as dataplane data at all.
func Read(frames data.Frames) (Reading, error) {
	if len(frames) == 0 {
		return Reading{}, errors.New("no frames")
	}
	first := frames[0]
	if first == nil || first.Meta == nil || first.Meta.Type == "" {
		return Reading{}, errors.New("the first frame declares no type")
	}
	typ := first.Meta.Type
	for i, f := range frames {
		if f.Meta == nil || f.Meta.Type != typ {
			return Reading{}, fmt.Errorf("frame %d is not of the first frame's type %q", i, typ)
		}
	}
	if (typ.IsNumeric() || typ.IsTimeSeries()) && first.Meta.TypeVersion == (data.FrameTypeVersion{}) {
		return Reading{}, fmt.Errorf("type %q has no version, so Grafana does not read it as dataplane data", typ)
	}
	r := Reading{Type: typ}
	var err error
	switch typ {
	case data.FrameTypeTimeSeriesWide:
		r.Series, err = readWide(frames)
	case data.FrameTypeTimeSeriesMulti:
		r.Series, err = readMulti(frames)
	case data.FrameTypeNumericLong:
		r.Series, err = readNumericLong(frames)
	case data.FrameTypeNumericWide, data.FrameTypeNumericMulti:
		r.Series, err = readNumericWide(frames)
	case data.FrameTypeLogLines:
		for _, f := range frames {
			if err = checkLogLines(f); err != nil {
				break
			}
		}
	case data.FrameTypeTable:
	default:
		err = fmt.Errorf("type %q is not one this reader knows", typ)
	}
	if err == nil {
		err = uniqueSeries(r.Series)
	}
	return r, err
}

// ForAlerting is what an alert rule's query step accepts: a numeric or time
// series dataplane answer; each series becomes one alert instance, named by
// its labels.
func ForAlerting(frames data.Frames) ([]Series, error) {
	r, err := Read(frames)
	if err != nil {
		return nil, err
	}
	if !r.Type.IsNumeric() && !r.Type.IsTimeSeries() {
		return nil, fmt.Errorf("type %q is not numbers or time series, which alert rules need", r.Type)
	}
	return r.Series, nil
}

// ForSQLExpressions is the rule Grafana's SQL expressions apply to each
// query they read: one frame with no labels on its fields is taken as a
// table, anything else must be dataplane numbers or time series.
func ForSQLExpressions(frames data.Frames) error {
	if len(frames) == 1 && !hasLabels(frames[0]) {
		return nil
	}
	r, err := Read(frames)
	if err != nil {
		return err
	}
	if !r.Type.IsNumeric() && !r.Type.IsTimeSeries() {
		return fmt.Errorf("%d frames of type %q: SQL expressions take one frame without labels or dataplane numbers", len(frames), r.Type)
	}
	return nil
}

func hasLabels(f *data.Frame) bool {
	for _, field := range f.Fields {
		if len(field.Labels) > 0 {
			return true
		}
	}
	return false
}

// readWide: one frame; no fields is "no data"; else one time field sorted
// ascending without nulls and at least one numeric field.
func readWide(frames data.Frames) ([]Series, error) {
	for i, f := range frames[1:] {
		if len(f.Fields) > 0 {
			return nil, fmt.Errorf("timeseries-wide is one frame, but frame %d has fields", i+1)
		}
	}
	f := frames[0]
	if len(f.Fields) == 0 {
		return []Series{}, nil
	}
	times, err := timeColumn(f)
	if err != nil {
		return nil, err
	}
	var out []Series
	for _, field := range f.Fields {
		if field.Type().Numeric() {
			out = append(out, seriesOf(field, field.Labels))
		}
	}
	if len(out) == 0 {
		return nil, errors.New("timeseries-wide frame has no numeric field")
	}
	return out, sortedTimes(times)
}

// readMulti: each frame one time field and one numeric field.
func readMulti(frames data.Frames) ([]Series, error) {
	var out []Series
	for i, f := range frames {
		if len(f.Fields) == 0 {
			continue
		}
		times, err := timeColumn(f)
		if err != nil {
			return nil, fmt.Errorf("frame %d: %w", i, err)
		}
		var values []*data.Field
		for _, field := range f.Fields {
			if field.Type().Numeric() {
				values = append(values, field)
			}
		}
		if len(values) != 1 {
			return nil, fmt.Errorf("timeseries-multi frame %d has %d numeric fields, want 1", i, len(values))
		}
		if err := sortedTimes(times); err != nil {
			return nil, fmt.Errorf("frame %d: %w", i, err)
		}
		out = append(out, seriesOf(values[0], values[0].Labels))
	}
	return out, nil
}

// readNumericLong: one frame; text fields are labels (no nulls), each
// numeric field and row one number.
func readNumericLong(frames data.Frames) ([]Series, error) {
	if len(frames) != 1 {
		return nil, fmt.Errorf("numeric-long is one frame, got %d", len(frames))
	}
	f := frames[0]
	var texts, numbers []*data.Field
	for _, field := range f.Fields {
		switch t := field.Type(); {
		case t.Numeric():
			numbers = append(numbers, field)
		case t == data.FieldTypeString || t == data.FieldTypeNullableString:
			texts = append(texts, field)
		default:
			return nil, fmt.Errorf("numeric-long field %q is %s; only numbers and text belong", field.Name, t)
		}
	}
	if len(f.Fields) > 0 && len(numbers) == 0 {
		return nil, errors.New("numeric-long frame has no numeric field")
	}
	var out []Series
	for r := 0; r < f.Rows(); r++ {
		labels := data.Labels{}
		for _, field := range texts {
			v, ok := field.ConcreteAt(r)
			if !ok {
				return nil, fmt.Errorf("label field %q is null in row %d", field.Name, r)
			}
			labels[field.Name] = v.(string)
		}
		for _, field := range numbers {
			s := Series{Name: field.Name, Labels: labels, Points: 1}
			if v, ok := number(field, r); ok {
				s.Last = &v
			}
			out = append(out, s)
		}
	}
	return out, nil
}

// readNumericWide: each frame one row; numeric fields carry the labels.
func readNumericWide(frames data.Frames) ([]Series, error) {
	var out []Series
	for i, f := range frames {
		if len(f.Fields) == 0 {
			continue
		}
		if f.Rows() != 1 {
			return nil, fmt.Errorf("numeric frame %d has %d rows, want 1", i, f.Rows())
		}
		for _, field := range f.Fields {
			if field.Type().Numeric() {
				out = append(out, seriesOf(field, field.Labels))
			}
		}
	}
	return out, nil
}

// checkLogLines: a time field and a text body, the first of each kind.
func checkLogLines(f *data.Frame) error {
	if len(f.Fields) == 0 {
		return nil
	}
	var timeField, body *data.Field
	for _, field := range f.Fields {
		switch t := field.Type(); {
		case timeField == nil && (t == data.FieldTypeTime || t == data.FieldTypeNullableTime):
			timeField = field
		case body == nil && (t == data.FieldTypeString || t == data.FieldTypeNullableString):
			body = field
		}
	}
	switch {
	case timeField == nil:
		return errors.New("log-lines frame has no time field")
	case body == nil:
		return errors.New("log-lines frame has no text field for the line")
	case timeField.Name != "timestamp" || body.Name != "body":
		return fmt.Errorf("log-lines fields are %q and %q, want timestamp and body", timeField.Name, body.Name)
	}
	return nil
}

func timeColumn(f *data.Frame) ([]time.Time, error) {
	for _, field := range f.Fields {
		switch field.Type() {
		case data.FieldTypeTime:
			out := make([]time.Time, field.Len())
			for i := range out {
				out[i] = field.At(i).(time.Time)
			}
			return out, nil
		case data.FieldTypeNullableTime:
			out := make([]time.Time, field.Len())
			for i := range out {
				v, ok := field.ConcreteAt(i)
				if !ok {
					return nil, fmt.Errorf("time field %q is null in row %d", field.Name, i)
				}
				out[i] = v.(time.Time)
			}
			return out, nil
		}
	}
	return nil, errors.New("time series frame has no time field")
}

func sortedTimes(times []time.Time) error {
	if !sort.SliceIsSorted(times, func(i, j int) bool { return times[i].Before(times[j]) }) {
		return errors.New("time field is not sorted ascending")
	}
	return nil
}

func seriesOf(field *data.Field, labels data.Labels) Series {
	s := Series{Name: field.Name, Labels: labels, Points: field.Len()}
	if n := field.Len(); n > 0 {
		if v, ok := number(field, n-1); ok {
			s.Last = &v
		}
	}
	return s
}

func number(field *data.Field, i int) (float64, bool) {
	v, err := field.FloatAt(i)
	if err != nil || math.IsNaN(v) {
		return 0, false
	}
	if field.Type().Nullable() {
		if _, ok := field.ConcreteAt(i); !ok {
			return 0, false
		}
	}
	return v, true
}

func uniqueSeries(all []Series) error {
	seen := map[string]bool{}
	for _, s := range all {
		if seen[s.Key()] {
			return fmt.Errorf("two series are named %s: alerting could not tell them apart", s.Key())
		}
		seen[s.Key()] = true
	}
	return nil
}
