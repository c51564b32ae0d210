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
	f := data.NewFrame(name)
	for c, col := range t.Columns {
		cells := make([]*string, len(t.Rows))
		for r, row := range t.Rows {
			if c < len(row) {
				cells[r] = nullIfEmpty(row[c])
			}
		}
		f.Fields = append(f.Fields, typedField(col, cells))
	}
	f.SetMeta(&data.FrameMeta{PreferredVisualization: data.VisTypeTable})
	return f
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

func typedField(name string, cells []*string) *data.Field {
	kind := inferKind(cells)
	switch kind {
	case kindInt:
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
	case kindFloat:
		vals := make([]*float64, len(cells))
		for i, c := range cells {
			if c != nil {
				v, _ := parseFloat(*c)
				vals[i] = &v
			}
		}
		return data.NewField(name, nil, vals)
	case kindBool:
		vals := make([]*bool, len(cells))
		for i, c := range cells {
			if c != nil {
				v := strings.EqualFold(*c, "true")
				vals[i] = &v
			}
		}
		return data.NewField(name, nil, vals)
	case kindTime:
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

type kind int

const (
	kindString kind = iota
	kindInt
	kindFloat
	kindBool
	kindTime
)

// inferKind picks the narrowest type every non-null cell fits.
func inferKind(cells []*string) kind {
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
			return kindString
		}
	}
	switch {
	case !any:
		return kindString
	case isInt:
		return kindInt
	case isFloat:
		return kindFloat
	case isBool:
		return kindBool
	case isTime:
		return kindTime
	}
	return kindString
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
