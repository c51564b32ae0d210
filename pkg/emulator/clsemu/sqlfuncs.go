package clsemu

import (
	"database/sql/driver"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite"
)

// CLS SQL functions SQLite lacks or spells differently; registered once
// per process under cls_* names (see sqlengine).

// castTo is Presto's cast; try_cast answers NULL where cast fails.
func castTo(v driver.Value, typ string) (driver.Value, error) {
	if v == nil {
		return nil, nil
	}
	fail := func() (driver.Value, error) {
		return nil, fmt.Errorf("cannot cast %s to %s", describeValue(v), typ)
	}
	ms, isTS := asTimestamp(v)
	b, isBool := asBool(v)
	switch typ {
	case "bigint":
		switch x := v.(type) {
		case int64:
			return x, nil
		case float64:
			if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > 9.2e18 {
				return fail()
			}
			return int64(math.Round(x)), nil
		case string:
			n, err := strconv.ParseInt(x, 10, 64)
			if err != nil {
				return fail()
			}
			return n, nil
		}
		if isBool {
			return map[bool]int64{true: 1, false: 0}[b], nil
		}
	case "double":
		switch x := v.(type) {
		case int64:
			return float64(x), nil
		case float64:
			return x, nil
		case string:
			f, err := strconv.ParseFloat(x, 64)
			if err != nil {
				return fail()
			}
			return f, nil
		}
		if isBool {
			return map[bool]float64{true: 1, false: 0}[b], nil
		}
	case "varchar":
		switch x := v.(type) {
		case int64:
			return strconv.FormatInt(x, 10), nil
		case float64:
			return javaDouble(x), nil
		case string:
			return x, nil
		}
		if isTS {
			return formatTS(ms), nil
		}
		if isBool {
			return strconv.FormatBool(b), nil
		}
	case "timestamp":
		switch x := v.(type) {
		case int64:
			// CLS reads a bigint as Unix milliseconds (cast(__TIMESTAMP__ as timestamp)).
			return tsValue(x), nil
		case string:
			if t, ok := parseTS(x); ok {
				return tsValue(t), nil
			}
		}
		if isTS {
			return v, nil
		}
	case "boolean":
		switch x := v.(type) {
		case int64:
			return boolValue(x != 0), nil
		case string:
			if p, err := strconv.ParseBool(strings.ToLower(x)); err == nil && (strings.EqualFold(x, "true") || strings.EqualFold(x, "false")) {
				return boolValue(p), nil
			}
		}
		if isBool {
			return v, nil
		}
	}
	return fail()
}

func describeValue(v driver.Value) string {
	if ms, ok := asTimestamp(v); ok {
		return "timestamp " + formatTS(ms)
	}
	if b, ok := asBool(v); ok {
		return "boolean " + strconv.FormatBool(b)
	}
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("varchar '%s'", x)
	case int64:
		return "bigint " + strconv.FormatInt(x, 10)
	case float64:
		return "double " + javaDouble(x)
	}
	return fmt.Sprint(v)
}

func timestampArg(fn string, v driver.Value) (time.Time, error) {
	ms, ok := asTimestamp(v)
	if !ok {
		return time.Time{}, fmt.Errorf("%s expects a timestamp, got %s; cast(__TIMESTAMP__ as timestamp) makes one", fn, describeValue(v))
	}
	return time.UnixMilli(ms).In(sqlZone), nil
}

func truncate(unit string, t time.Time) (time.Time, error) {
	switch strings.ToLower(unit) {
	case "second":
		return t.Truncate(time.Second), nil
	case "minute":
		return t.Truncate(time.Minute), nil
	case "hour":
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), 0, 0, 0, sqlZone), nil
	case "day":
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, sqlZone), nil
	case "week":
		d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, sqlZone)
		return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7)), nil
	case "month":
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, sqlZone), nil
	case "year":
		return time.Date(t.Year(), 1, 1, 0, 0, 0, 0, sqlZone), nil
	}
	return t, fmt.Errorf("date_trunc unit %q: use second, minute, hour, day, week, month or year", unit)
}

func scalar(n int32, fn func(args []driver.Value) (driver.Value, error)) *sqlite.FunctionImpl {
	return &sqlite.FunctionImpl{NArgs: n, Deterministic: true,
		Scalar: func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) { return fn(args) }}
}

// percentileAgg is approx_percentile(x, p), computed exactly: the
// nearest-rank value, rank = ceil(p·n).
type percentileAgg struct {
	vals    []float64
	p       float64
	allInts bool
}

func (a *percentileAgg) Step(_ *sqlite.FunctionContext, args []driver.Value) error {
	if args[0] == nil {
		return nil
	}
	var f float64
	switch x := args[0].(type) {
	case int64:
		f = float64(x)
	case float64:
		f, a.allInts = x, false
	default:
		return fmt.Errorf("approx_percentile needs numbers, got %s", describeValue(args[0]))
	}
	p, ok := args[1].(float64)
	if !ok {
		if n, isInt := args[1].(int64); isInt {
			p, ok = float64(n), true
		}
	}
	if !ok || p < 0 || p > 1 {
		return fmt.Errorf("approx_percentile: the percentage must be a number in [0, 1], got %v", args[1])
	}
	a.p = p
	a.vals = append(a.vals, f)
	return nil
}

func (a *percentileAgg) WindowInverse(*sqlite.FunctionContext, []driver.Value) error {
	return fmt.Errorf("approx_percentile cannot be a window function")
}

func (a *percentileAgg) WindowValue(*sqlite.FunctionContext) (driver.Value, error) {
	if len(a.vals) == 0 {
		return nil, nil
	}
	sort.Float64s(a.vals)
	rank := int(math.Ceil(a.p * float64(len(a.vals))))
	v := a.vals[max(rank, 1)-1]
	if a.allInts {
		return int64(v), nil
	}
	return v, nil
}

func (a *percentileAgg) Final(*sqlite.FunctionContext) {}
