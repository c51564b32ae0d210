package slsemu

import (
	"database/sql/driver"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite"
)

// SQL functions SLS dashboards use that SQLite lacks. SLS timestamps are
// represented as text "2006-01-02 15:04:05.000" in UTC, which sorts and
// compares like the timestamps they stand for.

const tsLayout = "2006-01-02 15:04:05.000"

func formatTS(t time.Time) string { return t.UTC().Format(tsLayout) }

var tsLayouts = []string{tsLayout, "2006-01-02 15:04:05", "2006-01-02T15:04:05Z07:00", "2006-01-02 15:04", "2006-01-02"}

// toTime reads a timestamp argument: Unix seconds as a number, or a text
// timestamp.
func toTime(v driver.Value) (time.Time, error) {
	switch x := v.(type) {
	case int64:
		return time.Unix(x, 0).UTC(), nil
	case float64:
		sec, frac := math.Modf(x)
		return time.Unix(int64(sec), int64(frac*1e9)).UTC(), nil
	case string:
		return parseTS(x)
	case []byte:
		return parseTS(string(x))
	}
	return time.Time{}, fmt.Errorf("expected a timestamp or Unix seconds, got %v", v)
}

func parseTS(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range tsLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	if n, err := strconv.ParseFloat(s, 64); err == nil {
		return toTime(n)
	}
	return time.Time{}, fmt.Errorf("%q is not a timestamp like 2006-01-02 15:04:05.000", s)
}

func toText(v driver.Value) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

func truncTime(unit string, t time.Time) (time.Time, error) {
	switch strings.ToLower(unit) {
	case "second":
		return t.Truncate(time.Second), nil
	case "minute":
		return t.Truncate(time.Minute), nil
	case "hour":
		return t.Truncate(time.Hour), nil
	case "day":
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
	case "week":
		d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7)), nil
	case "month":
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC), nil
	case "quarter":
		return time.Date(t.Year(), t.Month()-(t.Month()-1)%3, 1, 0, 0, 0, 0, time.UTC), nil
	case "year":
		return time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC), nil
	}
	return t, fmt.Errorf("date_trunc unit %q: use second, minute, hour, day, week, month, quarter or year", unit)
}

// parseWindow reads a time_series window: a count and s, m, h or d.
func parseWindow(w string) (int64, error) {
	units := map[byte]int64{'s': 1, 'm': 60, 'h': 3600, 'd': 86400}
	if len(w) >= 2 {
		if unit, ok := units[w[len(w)-1]]; ok {
			if n, err := strconv.ParseInt(w[:len(w)-1], 10, 64); err == nil && n > 0 {
				return n * unit, nil
			}
		}
	}
	return 0, fmt.Errorf("time_series window %q: use a count and a unit, e.g. '30s', '1m', '1h', '1d'", w)
}

// mysqlFormat renders t with MySQL/Presto date_format specifiers.
func mysqlFormat(t time.Time, f string) string {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] != '%' || i+1 == len(f) {
			b.WriteByte(f[i])
			continue
		}
		i++
		switch f[i] {
		case 'Y':
			fmt.Fprintf(&b, "%04d", t.Year())
		case 'y':
			fmt.Fprintf(&b, "%02d", t.Year()%100)
		case 'm':
			fmt.Fprintf(&b, "%02d", int(t.Month()))
		case 'c':
			fmt.Fprintf(&b, "%d", int(t.Month()))
		case 'd':
			fmt.Fprintf(&b, "%02d", t.Day())
		case 'e':
			fmt.Fprintf(&b, "%d", t.Day())
		case 'H':
			fmt.Fprintf(&b, "%02d", t.Hour())
		case 'k':
			fmt.Fprintf(&b, "%d", t.Hour())
		case 'h', 'I':
			fmt.Fprintf(&b, "%02d", (t.Hour()+11)%12+1)
		case 'l':
			fmt.Fprintf(&b, "%d", (t.Hour()+11)%12+1)
		case 'i':
			fmt.Fprintf(&b, "%02d", t.Minute())
		case 's', 'S':
			fmt.Fprintf(&b, "%02d", t.Second())
		case 'f':
			fmt.Fprintf(&b, "%06d", t.Nanosecond()/1000)
		case 'p':
			b.WriteString(t.Format("PM"))
		case 'a':
			b.WriteString(t.Format("Mon"))
		case 'W':
			b.WriteString(t.Format("Monday"))
		case 'b':
			b.WriteString(t.Format("Jan"))
		case 'M':
			b.WriteString(t.Format("January"))
		case 'j':
			fmt.Fprintf(&b, "%03d", t.YearDay())
		case 'T':
			b.WriteString(t.Format("15:04:05"))
		case 'r':
			b.WriteString(t.Format("03:04:05 PM"))
		default:
			b.WriteByte(f[i])
		}
	}
	return b.String()
}

func scalar(n int32, fn func(args []driver.Value) (driver.Value, error)) *sqlite.FunctionImpl {
	return &sqlite.FunctionImpl{NArgs: n, Deterministic: true,
		Scalar: func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			for _, a := range args {
				if a == nil {
					return nil, nil
				}
			}
			return fn(args)
		}}
}

func init() {
	fns := map[string]*sqlite.FunctionImpl{
		"from_unixtime": scalar(1, func(a []driver.Value) (driver.Value, error) {
			t, err := toTime(a[0])
			if err != nil {
				return nil, fmt.Errorf("from_unixtime: %w", err)
			}
			return formatTS(t), nil
		}),
		"to_unixtime": scalar(1, func(a []driver.Value) (driver.Value, error) {
			t, err := toTime(a[0])
			if err != nil {
				return nil, fmt.Errorf("to_unixtime: %w", err)
			}
			return float64(t.UnixNano()) / 1e9, nil
		}),
		"date_trunc": scalar(2, func(a []driver.Value) (driver.Value, error) {
			t, err := toTime(a[1])
			if err != nil {
				return nil, fmt.Errorf("date_trunc: %w", err)
			}
			t, err = truncTime(toText(a[0]), t)
			if err != nil {
				return nil, err
			}
			return formatTS(t), nil
		}),
		"date_format": scalar(2, func(a []driver.Value) (driver.Value, error) {
			t, err := toTime(a[0])
			if err != nil {
				return nil, fmt.Errorf("date_format: %w", err)
			}
			return mysqlFormat(t, toText(a[1])), nil
		}),
		// time_series(t, window, format, padding) buckets t into windows such as
		// '1m', '30s', '1h', '1d' and formats the window start; unlike SLS it
		// does not add rows for empty windows (padding is ignored).
		"time_series": scalar(4, func(a []driver.Value) (driver.Value, error) {
			t, err := toTime(a[0])
			if err != nil {
				return nil, fmt.Errorf("time_series: %w", err)
			}
			w, err := parseWindow(toText(a[1]))
			if err != nil {
				return nil, err
			}
			start := t.Unix() / w * w
			return mysqlFormat(time.Unix(start, 0).UTC(), toText(a[2])), nil
		}),
		"approx_percentile": {NArgs: 2, Deterministic: true, MakeAggregate: func(sqlite.FunctionContext) (sqlite.AggregateFunction, error) {
			return &percentileAgg{allInts: true}, nil
		}},
	}
	for name, impl := range fns {
		if err := sqlite.RegisterFunction(name, impl); err != nil {
			panic(fmt.Sprintf("slsemu: register SQL function %s: %v", name, err))
		}
	}
}
