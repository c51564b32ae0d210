package frames

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// StringTable is a result whose cells all arrive as text (SLS SQL answers);
// a nil cell is SQL null.
type StringTable struct {
	Columns []string
	Rows    [][]*string
}

// timeLayouts are the timestamp spellings SQL results use, tried in order.
var timeLayouts = []string{
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04:05",
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
}

// NewTypedTableFrame types each column by its values: int64, float64, bool
// or time when every non-null cell of the column parses so, else string.
// "null" and empty cells become null. An integer column named __time__ holds
// Unix seconds and becomes time.
func NewTypedTableFrame(name string, t StringTable) *data.Frame {
	return NewTableFrameOfKinds(name, t, nil)
}

func nullIfEmpty(s *string) *string {
	if s == nil {
		return nil
	}
	v := strings.TrimSpace(*s)
	if v == "" || strings.EqualFold(v, "null") {
		return nil
	}
	return &v
}

// Kind is the type a text column is converted to.
type Kind int

// The kinds a column can have; KindUnknown means "infer from the values".
const (
	KindUnknown Kind = iota
	KindString
	KindInt
	KindFloat
	KindBool
	KindTime
)

// NewTableFrameOfKinds is NewTypedTableFrame for answers that declare their
// column types (CLS's Columns): kinds[i] types column i. A column whose
// values do not all parse as declared is typed by its values instead, so no
// value is ever lost.
func NewTableFrameOfKinds(name string, t StringTable, kinds []Kind) *data.Frame {
	f := data.NewFrame(name)
	f.SetMeta(&data.FrameMeta{PreferredVisualization: data.VisTypeTable})
	for c, col := range t.Columns {
		cells := make([]*string, len(t.Rows))
		for r, row := range t.Rows {
			if c < len(row) {
				cells[r] = nullIfEmpty(row[c])
			}
		}
		kind := KindUnknown
		if c < len(kinds) {
			kind = kinds[c]
		}
		if kind == KindUnknown || !allParseAs(cells, kind) {
			kind = inferKind(cells)
		}
		f.Fields = append(f.Fields, typedFieldAs(col, cells, kind))
	}
	DeclareTableType(f)
	return f
}

func allParseAs(cells []*string, k Kind) bool {
	for _, c := range cells {
		if c != nil && !parsesAs(*c, k) {
			return false
		}
	}
	return true
}

func parsesAs(s string, k Kind) bool {
	switch k {
	case KindInt:
		_, err := strconv.ParseInt(s, 10, 64)
		return err == nil
	case KindFloat:
		_, ok := parseFloat(s)
		return ok
	case KindBool:
		return strings.EqualFold(s, "true") || strings.EqualFold(s, "false")
	case KindTime:
		_, err := parseTime(s)
		return err == nil
	}
	return true
}

func typedFieldAs(name string, cells []*string, kind Kind) *data.Field {
	switch kind {
	case KindInt:
		vals := make([]*int64, len(cells))
		for i, c := range cells {
			if c != nil {
				v, _ := strconv.ParseInt(*c, 10, 64)
				vals[i] = &v
			}
		}
		if name == "__time__" {
			times := make([]*time.Time, len(vals))
			for i, v := range vals {
				if v != nil {
					t := time.Unix(*v, 0).UTC()
					times[i] = &t
				}
			}
			return data.NewField(name, nil, times)
		}
		return data.NewField(name, nil, vals)
	case KindFloat:
		vals := make([]*float64, len(cells))
		for i, c := range cells {
			if c != nil {
				v, _ := parseFloat(*c)
				vals[i] = &v
			}
		}
		return data.NewField(name, nil, vals)
	case KindBool:
		vals := make([]*bool, len(cells))
		for i, c := range cells {
			if c != nil {
				v := strings.EqualFold(*c, "true")
				vals[i] = &v
			}
		}
		return data.NewField(name, nil, vals)
	case KindTime:
		vals := make([]*time.Time, len(cells))
		for i, c := range cells {
			if c != nil {
				v, _ := parseTime(*c)
				vals[i] = &v
			}
		}
		return data.NewField(name, nil, vals)
	}
	return data.NewField(name, nil, cells)
}

// inferKind picks the narrowest type every non-null cell fits.
func inferKind(cells []*string) Kind {
	isInt, isFloat, isBool, isTime, any := true, true, true, true, false
	for _, c := range cells {
		if c == nil {
			continue
		}
		any = true
		if isInt {
			if _, err := strconv.ParseInt(*c, 10, 64); err != nil {
				isInt = false
			}
		}
		if isFloat {
			if _, ok := parseFloat(*c); !ok {
				isFloat = false
			}
		}
		if isBool {
			isBool = strings.EqualFold(*c, "true") || strings.EqualFold(*c, "false")
		}
		if isTime {
			_, err := parseTime(*c)
			isTime = err == nil
		}
		if !isInt && !isFloat && !isBool && !isTime {
			return KindString
		}
	}
	switch {
	case !any:
		return KindString
	case isInt:
		return KindInt
	case isFloat:
		return KindFloat
	case isBool:
		return KindBool
	case isTime:
		return KindTime
	}
	return KindString
}

// parseFloat accepts decimal numbers and SLS's NaN/Infinity spellings, but
// not hex or other forms strconv allows that no SQL engine prints.
func parseFloat(s string) (float64, bool) {
	switch s {
	case "NaN":
		return math.NaN(), true
	case "Infinity", "+Infinity":
		return math.Inf(1), true
	case "-Infinity":
		return math.Inf(-1), true
	}
	if strings.ContainsAny(s, "xXpP_") || strings.EqualFold(s, "inf") || strings.EqualFold(s, "nan") {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

func parseTime(s string) (time.Time, error) {
	var err error
	for _, layout := range timeLayouts {
		var t time.Time
		if t, err = time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, err
}
