package clsemu

import (
	"database/sql/driver"
	"fmt"
	"math"

	"modernc.org/sqlite"
)

func nullIn(args []driver.Value) bool {
	for _, a := range args {
		if a == nil {
			return true
		}
	}
	return false
}

func init() {
	fns := map[string]*sqlite.FunctionImpl{
		"cls_cast": scalar(2, func(a []driver.Value) (driver.Value, error) { return castTo(a[0], a[1].(string)) }),
		"cls_try_cast": scalar(2, func(a []driver.Value) (driver.Value, error) {
			v, err := castTo(a[0], a[1].(string))
			if err != nil {
				return nil, nil
			}
			return v, nil
		}),
		"cls_round": scalar(-1, func(a []driver.Value) (driver.Value, error) {
			if len(a) < 1 || len(a) > 2 {
				return nil, fmt.Errorf("round takes (x) or (x, digits)")
			}
			if nullIn(a) {
				return nil, nil
			}
			digits := int64(0)
			if len(a) == 2 {
				d, ok := a[1].(int64)
				if !ok {
					return nil, fmt.Errorf("round: digits must be an integer")
				}
				digits = d
			}
			switch x := a[0].(type) {
			case int64:
				return x, nil
			case float64:
				p := math.Pow(10, float64(digits))
				return math.Round(x*p) / p, nil
			}
			return nil, fmt.Errorf("round needs a number, got %s", describeValue(a[0]))
		}),
		"cls_date_trunc": scalar(2, func(a []driver.Value) (driver.Value, error) {
			if nullIn(a) {
				return nil, nil
			}
			t, err := timestampArg("date_trunc", a[1])
			if err != nil {
				return nil, err
			}
			unit, _ := a[0].(string)
			t, err = truncate(unit, t)
			if err != nil {
				return nil, err
			}
			return tsValue(t.UnixMilli()), nil
		}),
		// cls_histogram(t, ms) is histogram(t, interval …): the start of
		// t's bucket, buckets aligned in Beijing time.
		"cls_histogram": scalar(2, func(a []driver.Value) (driver.Value, error) {
			if nullIn(a) {
				return nil, nil
			}
			t, err := timestampArg("histogram", a[0])
			if err != nil {
				return nil, err
			}
			step := a[1].(int64)
			local := t.UnixMilli() + 8*3600*1000
			return tsValue(local - mod(local, step) - 8*3600*1000), nil
		}),
		"cls_from_unixtime": scalar(1, func(a []driver.Value) (driver.Value, error) {
			switch x := a[0].(type) {
			case nil:
				return nil, nil
			case int64:
				return tsValue(x * 1000), nil
			case float64:
				return tsValue(int64(math.Round(x * 1000))), nil
			}
			return nil, fmt.Errorf("from_unixtime needs Unix seconds, got %s", describeValue(a[0]))
		}),
		"cls_to_unixtime": scalar(1, func(a []driver.Value) (driver.Value, error) {
			if a[0] == nil {
				return nil, nil
			}
			t, err := timestampArg("to_unixtime", a[0])
			if err != nil {
				return nil, err
			}
			return float64(t.UnixMilli()) / 1000, nil
		}),
		"cls_bool": scalar(1, func(a []driver.Value) (driver.Value, error) {
			switch x := a[0].(type) {
			case nil:
				return nil, nil
			case int64:
				return boolValue(x != 0), nil
			case float64:
				return boolValue(x != 0), nil
			}
			if _, ok := asBool(a[0]); ok {
				return a[0], nil
			}
			return nil, fmt.Errorf("expected a boolean, got %s", describeValue(a[0]))
		}),
		"cls_percentile": {NArgs: 2, Deterministic: true, MakeAggregate: func(sqlite.FunctionContext) (sqlite.AggregateFunction, error) {
			return &percentileAgg{allInts: true}, nil
		}},
	}
	for name, impl := range fns {
		if err := sqlite.RegisterFunction(name, impl); err != nil {
			panic(fmt.Sprintf("clsemu: register SQL function %s: %v", name, err))
		}
	}
}

func mod(a, b int64) int64 {
	m := a % b
	if m < 0 {
		m += b
	}
	return m
}
