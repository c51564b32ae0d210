package slsemu

// Aggregate SQL functions SLS has and SQLite lacks.

import (
	"database/sql/driver"
	"fmt"
	"math"
	"sort"

	"github.com/logbridge/cloudlogs/pkg/emulator/sqlengine"

	"modernc.org/sqlite"
)

// percentileAgg is approx_percentile(x, p), computed exactly (nearest rank).
type percentileAgg struct {
	vals    []float64
	p       float64
	allInts bool
}

func (a *percentileAgg) Step(_ *sqlite.FunctionContext, args []driver.Value) error {
	if args[0] == nil {
		return nil
	}
	f, ok := sqlengine.ToFloat(args[0])
	if !ok {
		return nil
	}
	if _, isInt := args[0].(int64); !isInt {
		a.allInts = false
	}
	p, ok := sqlengine.ToFloat(args[1])
	if !ok || p < 0 || p > 1 {
		return fmt.Errorf("approx_percentile: the percentile must be a number in [0, 1], got %v", args[1])
	}
	a.p = p
	a.vals = append(a.vals, f)
	return nil
}

func (a *percentileAgg) WindowInverse(*sqlite.FunctionContext, []driver.Value) error {
	return fmt.Errorf("approx_percentile cannot be used as a window function")
}

func (a *percentileAgg) WindowValue(*sqlite.FunctionContext) (driver.Value, error) {
	if len(a.vals) == 0 {
		return nil, nil
	}
	sort.Float64s(a.vals)
	v := a.vals[int(math.Round(a.p*float64(len(a.vals)-1)))]
	if a.allInts {
		return int64(v), nil
	}
	return v, nil
}

func (a *percentileAgg) Final(*sqlite.FunctionContext) {}
