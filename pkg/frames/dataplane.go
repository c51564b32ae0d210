package frames

import (
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// DataplaneVersion is the version of Grafana's dataplane contract that every
// numeric frame here declares. Server-side expressions (alert rules, SQL
// expressions) read a frame by its declared type only when the version is
// set: a zero version sends it down Grafana's older guessing path.
var DataplaneVersion = data.FrameTypeVersion{0, 1}

// DeclareTableType marks a typed table for what it is: "numeric-long" when
// Grafana can read it as numbers, one per numeric column and row, labelled by
// the row's text columns (an SQL aggregate with GROUP BY: `host, count(*)`),
// else a plain "table". A table qualifies only when every column is a number
// or a text without nulls and no two rows share their text values: a null
// label or a duplicate series is not something an alert rule can name, and
// a time or bool column means the rows are records, not measurements.
func DeclareTableType(f *data.Frame) {
	meta := f.Meta
	if meta == nil {
		meta = &data.FrameMeta{}
	}
	if isNumericLong(f) {
		meta.Type, meta.TypeVersion = data.FrameTypeNumericLong, DataplaneVersion
	} else {
		meta.Type, meta.TypeVersion = data.FrameTypeTable, data.FrameTypeVersion{}
	}
	f.SetMeta(meta)
}

func isNumericLong(f *data.Frame) bool {
	var texts []*data.Field
	numbers := 0
	for _, field := range f.Fields {
		switch t := field.Type(); {
		case t.Numeric():
			numbers++
		case t == data.FieldTypeString || t == data.FieldTypeNullableString:
			texts = append(texts, field)
		default:
			return false
		}
	}
	if numbers == 0 {
		return false
	}
	seen := make(map[string]struct{}, f.Rows())
	for r := 0; r < f.Rows(); r++ {
		labels := data.Labels{}
		for _, field := range texts {
			v, ok := field.ConcreteAt(r)
			if !ok {
				return false
			}
			labels[field.Name] = v.(string)
		}
		key := labels.String()
		if _, dup := seen[key]; dup {
			return false
		}
		seen[key] = struct{}{}
	}
	return true
}
