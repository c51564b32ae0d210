package sqlengine

import (
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"modernc.org/sqlite"
)

// SQLite functions are registered once per process for every connection,
// so the functions every vendor shares live here, and vendor-specific ones
// carry their vendor's prefix.

// Match sets hold the search results a running SQL reads through
// emu_match(id, rowid): bitsets over a table's dense row ids.
var (
	matchSets  sync.Map // int64 -> []uint64
	matchSetID atomic.Int64
)

// RegisterMatchSet publishes bits for emu_match(id, rowid) and returns the
// id and the function that withdraws them once the statement has run.
func RegisterMatchSet(bits []uint64) (int64, func()) {
	id := matchSetID.Add(1)
	matchSets.Store(id, bits)
	return id, func() { matchSets.Delete(id) }
}

// ToFloat reads a number from an SQLite value (numeric text included).
func ToFloat(v driver.Value) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil
	case []byte:
		f, err := strconv.ParseFloat(strings.TrimSpace(string(x)), 64)
		return f, err == nil
	}
	return 0, false
}

// countIfAgg is Presto's count_if(condition), which SLS and CLS both have.
type countIfAgg struct{ n int64 }

func (a *countIfAgg) Step(_ *sqlite.FunctionContext, args []driver.Value) error {
	if f, ok := ToFloat(args[0]); ok && f != 0 {
		a.n++
	}
	return nil
}

func (a *countIfAgg) WindowInverse(_ *sqlite.FunctionContext, args []driver.Value) error {
	if f, ok := ToFloat(args[0]); ok && f != 0 {
		a.n--
	}
	return nil
}

func (a *countIfAgg) WindowValue(*sqlite.FunctionContext) (driver.Value, error) { return a.n, nil }

func (a *countIfAgg) Final(*sqlite.FunctionContext) {}

func init() {
	fns := map[string]*sqlite.FunctionImpl{
		"emu_match": {NArgs: 2, Deterministic: true, Scalar: func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
			id, _ := a[0].(int64)
			seq, _ := a[1].(int64)
			v, ok := matchSets.Load(id)
			if !ok {
				return int64(0), nil
			}
			bits := v.([]uint64)
			if w := seq / 64; seq >= 0 && w < int64(len(bits)) && bits[w]&(1<<(seq%64)) != 0 {
				return int64(1), nil
			}
			return int64(0), nil
		}},
		"count_if": {NArgs: 1, Deterministic: true, MakeAggregate: func(sqlite.FunctionContext) (sqlite.AggregateFunction, error) {
			return &countIfAgg{}, nil
		}},
	}
	for name, impl := range fns {
		if err := sqlite.RegisterFunction(name, impl); err != nil {
			panic(fmt.Sprintf("sqlengine: register SQL function %s: %v", name, err))
		}
	}
}
