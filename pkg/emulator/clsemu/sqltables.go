package clsemu

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/logbridge/cloudlogs/pkg/emulator/sqlengine"
)

// sqlTables keeps one SQLite table per topic, filled on the topic's first
// SQL and topped up as logs arrive. Columns: the internal fields and every
// key of the topic's key-value index with SQL enabled, typed by the index
// (a long/double value that is not such a number is NULL).
type sqlTables struct {
	db     *sql.DB
	mu     sync.Mutex // guards tables and serialises loading
	tables map[string]*sqlTable
}

type sqlTable struct {
	name   string
	loaded int
	keys   []indexKey
}

// internalColumns are CLS's reserved fields (CLS.md 4).
var internalColumns = []string{"__TIMESTAMP__", "__SOURCE__", "__FILENAME__", "__HOSTNAME__", "__PKG_LOGID__"}

func openSQLTables() (*sqlTables, error) {
	// Presto's LIKE is case-sensitive; SQLite's is not unless told.
	db, err := sqlengine.Open("clsemu", "PRAGMA case_sensitive_like=ON")
	if err != nil {
		return nil, err
	}
	return &sqlTables{db: db, tables: map[string]*sqlTable{}}, nil
}

func (d *sqlTables) close() error { return d.db.Close() }

// sync brings the topic's table up to its records (caller holds the
// server's read lock) and returns the table name.
func (d *sqlTables) sync(ctx context.Context, t *topic) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	tbl := d.tables[t.id]
	if tbl == nil {
		tbl = &sqlTable{name: fmt.Sprintf("topic_%d", len(d.tables)+1)}
		cols := []string{"__TIMESTAMP__ INTEGER NOT NULL", "__SOURCE__ TEXT", "__FILENAME__ TEXT", "__HOSTNAME__ TEXT", "__PKG_LOGID__ INTEGER"}
		seen := map[string]bool{}
		for _, c := range internalColumns {
			seen[strings.ToLower(c)] = true
		}
		for _, k := range t.index.keys {
			// SQL names are case-insensitive: a key that differs from another
			// only by case cannot be a column of its own.
			if !k.sql || seen[strings.ToLower(k.key)] {
				continue
			}
			seen[strings.ToLower(k.key)] = true
			tbl.keys = append(tbl.keys, k)
			cols = append(cols, sqlengine.QuoteIdent(k.key)+" "+map[string]string{typeLong: "INTEGER", typeDouble: "REAL"}[k.typ])
		}
		if _, err := d.db.ExecContext(ctx, "CREATE TABLE "+tbl.name+" ("+strings.Join(cols, ", ")+")"); err != nil {
			return "", fmt.Errorf("create table for %s: %w", t.id, err)
		}
		if _, err := d.db.ExecContext(ctx, "CREATE INDEX "+tbl.name+"_time ON "+tbl.name+" (__TIMESTAMP__)"); err != nil {
			return "", err
		}
		d.tables[t.id] = tbl
	}
	if tbl.loaded == len(t.bySeq) {
		return tbl.name, nil
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return "", err
	}
	defer func() { _ = tx.Rollback() }()
	ncols := 6 + len(tbl.keys)
	const batch = 128
	row := "(?" + strings.Repeat(",?", ncols-1) + ")"
	names := append([]string{"rowid"}, internalColumns...)
	for _, k := range tbl.keys {
		names = append(names, sqlengine.QuoteIdent(k.key))
	}
	prefix := "INSERT INTO " + tbl.name + " (" + strings.Join(names, ",") + ") VALUES "
	pending := t.bySeq[tbl.loaded:]
	args := make([]any, 0, batch*ncols)
	for len(pending) > 0 {
		n := min(batch, len(pending))
		args = args[:0]
		for _, rec := range pending[:n] {
			args = append(args, rec.seq, rec.time, rec.source, rec.fileName, rec.hostName, rec.pkgLogID)
			for _, k := range tbl.keys {
				v, ok := rec.value(k.key)
				if !ok {
					args = append(args, nil)
					continue
				}
				args = append(args, typedValue(k.typ, v))
			}
		}
		stmt := prefix + row + strings.Repeat(","+row, n-1)
		if _, err := tx.ExecContext(ctx, stmt, args...); err != nil {
			return "", fmt.Errorf("insert into %s: %w", tbl.name, err)
		}
		pending = pending[n:]
	}
	if err := tx.Commit(); err != nil {
		return "", err
	}
	tbl.loaded = len(t.bySeq)
	return tbl.name, nil
}

// typedValue applies a long/double index type.
func typedValue(typ, v string) any {
	switch typ {
	case typeLong:
		if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil {
			return n
		}
		return nil
	case typeDouble:
		if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
			return f
		}
		return nil
	}
	return v
}
