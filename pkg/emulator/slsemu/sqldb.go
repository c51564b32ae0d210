package slsemu

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/logbridge/cloudlogs/pkg/emulator/sqlengine"
)

// sqlDB is the project's persistent in-memory SQLite database: one table per
// logstore (rowid = sequence number, indexed on __time__), filled lazily on
// the first SQL over a logstore and topped up as logs arrive.
type sqlDB struct {
	db     *sql.DB
	mu     sync.Mutex // guards tables and serialises loading
	tables map[string]*sqlTable
}

type sqlTable struct {
	loaded  int // records of bySeq inserted
	columns map[string]bool
	order   []string // content columns in insert order
}

func openSQLDB() (*sqlDB, error) {
	db, err := sqlengine.Open("slsemu")
	if err != nil {
		return nil, err
	}
	return &sqlDB{db: db, tables: map[string]*sqlTable{}}, nil
}

func affinity(typ string, inferred bool) string {
	switch {
	case inferred:
		return "NUMERIC" // numeric-looking values become numbers, others stay text
	case typ == typeLong:
		return "INTEGER"
	case typ == typeDouble:
		return "REAL"
	}
	return "TEXT"
}

// sync creates or extends the logstore's table and inserts the logs it lacks.
// The caller holds the server's read lock.
func (d *sqlDB) sync(ctx context.Context, ls *logstore) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	tbl := d.tables[ls.name]
	if tbl == nil {
		stmt := "CREATE TABLE " + quoteIdent(ls.name) + " (__time__ INTEGER NOT NULL, __source__ TEXT, __topic__ TEXT, " +
			"__date__ TEXT GENERATED ALWAYS AS (strftime('%Y-%m-%d %H:%M:%f', __time__, 'unixepoch')) VIRTUAL)"
		if _, err := d.db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("create table %s: %w", ls.name, err)
		}
		if _, err := d.db.ExecContext(ctx, "CREATE INDEX "+quoteIdent(ls.name+"_time")+" ON "+quoteIdent(ls.name)+" (__time__)"); err != nil {
			return fmt.Errorf("create index %s: %w", ls.name, err)
		}
		// __line__ is in every table (NULL unless logs carry that key), so the
		// seed's own GetProjectLogs example runs.
		if _, err := d.db.ExecContext(ctx, "ALTER TABLE "+quoteIdent(ls.name)+" ADD COLUMN __line__ TEXT"); err != nil {
			return fmt.Errorf("add column %s.__line__: %w", ls.name, err)
		}
		tbl = &sqlTable{columns: map[string]bool{"__line__": true}, order: []string{"__line__"}}
		d.tables[ls.name] = tbl
	}
	for _, k := range ls.indexKeys {
		if tbl.columns[k] || reservedColumn(k) {
			continue
		}
		stmt := "ALTER TABLE " + quoteIdent(ls.name) + " ADD COLUMN " + quoteIdent(k) + " " + affinity(ls.index[k], ls.inferred[k])
		if _, err := d.db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("add column %s.%s: %w", ls.name, k, err)
		}
		tbl.columns[k] = true
		tbl.order = append(tbl.order, k)
	}
	if tbl.loaded == len(ls.bySeq) {
		return nil
	}
	cols := append([]string{"rowid", "__time__", "__source__", "__topic__"}, tbl.order...)
	quoted := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = quoteIdent(c)
	}
	quoted[0] = "rowid"
	pos := map[string]int{}
	numeric := make([]string, len(cols))
	for i, c := range tbl.order {
		pos[c] = 4 + i
		if !ls.inferred[c] {
			numeric[4+i] = ls.index[c]
		}
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	// Many rows per statement: the per-statement cost dominates row inserts.
	const batch = 128
	row := "(?" + strings.Repeat(",?", len(cols)-1) + ")"
	prefix := "INSERT INTO " + quoteIdent(ls.name) + " (" + strings.Join(quoted, ",") + ") VALUES "
	full, err := tx.PrepareContext(ctx, prefix+row+strings.Repeat(","+row, batch-1))
	if err != nil {
		return err
	}
	pending := ls.bySeq[tbl.loaded:]
	args := make([]any, 0, batch*len(cols))
	for len(pending) > 0 {
		n := min(batch, len(pending))
		args = args[:0]
		for _, rec := range pending[:n] {
			base := len(args)
			args = append(args, make([]any, len(cols))...)
			args[base], args[base+1], args[base+2], args[base+3] = rec.seq, rec.time, rec.source, rec.topic
			for i, k := range rec.keys {
				if p, ok := pos[k]; ok {
					args[base+p] = typedValue(numeric[p], rec.vals[i])
				}
			}
		}
		stmt := full
		if n < batch {
			if stmt, err = tx.PrepareContext(ctx, prefix+row+strings.Repeat(","+row, n-1)); err != nil {
				return err
			}
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("insert into %s: %w", ls.name, err)
		}
		pending = pending[n:]
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	tbl.loaded = len(ls.bySeq)
	return nil
}

// typedValue applies a long/double index: a value that is not a number of
// that type is NULL to SQL, as in SLS.
func typedValue(typ, v string) any {
	switch typ {
	case typeLong:
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return n
		}
		return nil
	case typeDouble:
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			return f
		}
		return nil
	}
	return v
}

// selectList names a logstore table's columns for a logstore query: the
// reserved fields and the keys, leaving out the __line__ placeholder unless
// logs carry it.
func (d *sqlDB) selectList(ls *logstore) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	cols := []string{"__time__", "__source__", "__topic__", "__date__"}
	for _, c := range d.tables[ls.name].order {
		if _, isKey := ls.index[c]; c != "__line__" || isKey {
			cols = append(cols, quoteIdent(c))
		}
	}
	return strings.Join(cols, ", ")
}

func reservedColumn(k string) bool {
	return k == "__time__" || k == "__source__" || k == "__topic__" || k == "__date__"
}

// sqlResult is a query's answer with every value printed as SLS prints it.
type sqlResult struct {
	columns []string
	rows    [][]string
}

func (d *sqlDB) query(ctx context.Context, stmt string) (*sqlResult, error) {
	raw, err := sqlengine.Query(ctx, d.db, stmt)
	if err != nil {
		return nil, err
	}
	res := &sqlResult{columns: raw.Columns, rows: make([][]string, len(raw.Rows))}
	for i, vals := range raw.Rows {
		row := make([]string, len(vals))
		for j, v := range vals {
			row[j] = formatSQLValue(v)
		}
		res.rows[i] = row
	}
	return res, nil
}

// formatSQLValue prints like SLS: integers plainly, doubles always with a
// fraction, NULL as "null".
func formatSQLValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return strconv.FormatFloat(x, 'g', -1, 64)
		}
		s := strconv.FormatFloat(x, 'f', -1, 64)
		if !strings.ContainsAny(s, ".") {
			s += ".0"
		}
		return s
	case []byte:
		return string(x)
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}
