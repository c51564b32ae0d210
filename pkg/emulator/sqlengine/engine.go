// Package sqlengine is the emulator's embedded SQL engine: a private
// in-memory pure-Go SQLite database per emulated service, a small SQL lexer
// the vendors' dialect rewriters edit statements with, and the SQL
// functions every vendor shares (count_if, and emu_match for search
// results). Each service keeps its own dialect rewriter and functions.
package sqlengine

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
	"sync/atomic"

	_ "modernc.org/sqlite" // pure-Go SQLite: the emulator's SQL engine
)

var dbCounter atomic.Int64

// Open returns a private in-memory database on one connection, so every
// statement sees the same tables; pragmas are applied to that connection.
func Open(name string, pragmas ...string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", fmt.Sprintf("file:%s%d?mode=memory", name, dbCounter.Add(1)))
	if err != nil {
		return nil, fmt.Errorf("%s: open SQLite: %w", name, err)
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	all := append([]string{"PRAGMA journal_mode=OFF", "PRAGMA synchronous=OFF"}, pragmas...)
	for _, p := range all {
		if _, err := db.Exec(p); err != nil {
			return nil, fmt.Errorf("%s: configure SQLite (%s): %w", name, p, err)
		}
	}
	return db, nil
}

// Result is a query's answer with SQLite's own values: int64, float64,
// string, []byte or nil.
type Result struct {
	Columns []string
	Rows    [][]any
}

// Query runs a statement and reads every row.
func Query(ctx context.Context, db *sql.DB, stmt string) (*Result, error) {
	rows, err := db.QueryContext(ctx, stmt)
	if err != nil {
		return nil, CleanError(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, CleanError(err)
	}
	res := &Result{Columns: cols}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, CleanError(err)
		}
		res.Rows = append(res.Rows, vals)
	}
	if err := rows.Err(); err != nil {
		return nil, CleanError(err)
	}
	return res, nil
}

var sqliteNoise = regexp.MustCompile(`^(SQL logic error|constraint failed|SQL error)?:?\s*|\s*\(\d+\)$`)

// CleanError strips the driver's framing so the message says what to fix.
func CleanError(err error) error {
	msg := sqliteNoise.ReplaceAllString(err.Error(), "")
	if strings.HasPrefix(msg, "no such column: ") {
		msg = "column '" + strings.TrimPrefix(msg, "no such column: ") + "' cannot be resolved: it is not a key of the logstore"
	}
	return fmt.Errorf("SQL: %s", msg)
}
