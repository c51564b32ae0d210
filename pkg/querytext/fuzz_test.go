package querytext

import (
	"strings"
	"testing"
)

// Fuzz targets of the query-text reader. `go tool mage fuzz` runs each for a
// few seconds in CI; crashers found are kept under testdata/fuzz/<Target>/.

var splitSeeds = []string{
	"*", "error | select count(*) as c", `msg: "a | b" | select 1`, `a \| b`, `'it''s' | x`,
	`"unclosed | x`, "*|", " | select 1", `a\`, "a\\\u00a0| b", `k:'x|y' | z`, "",
}

// FuzzParse: the split is stable. Joining the parts back (search, a pipe,
// the SQL) splits into the same parts, and the search never holds a pipe
// that would split it again.
func FuzzParse(f *testing.F) {
	for _, s := range splitSeeds {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, text string, cql bool) {
		d := DoubleQuotes
		if cql {
			d = DoubleAndSingleQuotes
		}
		q := Parse(text, d)
		if !q.HasPipe {
			if q.SQL != "" || q.Search != strings.TrimSpace(text) {
				t.Fatalf("Parse(%q) without a pipe = %+v", text, q)
			}
			return
		}
		if again := Parse(q.Search, d); again.HasPipe {
			t.Fatalf("Parse(%q): search %q splits again at a pipe: %+v", text, q.Search, again)
		}
		if q.SQL == "" {
			return
		}
		joined := Parse(q.WithSQL(q.SQL), d)
		if joined.SearchOrAll() != q.SearchOrAll() || joined.SQL != q.SQL || !joined.HasPipe {
			t.Fatalf("Parse(%q) = %+v; joined %q splits into %+v", text, q, q.WithSQL(q.SQL), joined)
		}
	})
}

// wellFormed reports whether every quote and parenthesis of an SQL text is
// closed, the only texts SLS and CLS accept.
func wellFormed(s SQLText) bool {
	open := 0
	for _, t := range s.toks {
		raw := s.raw(t)
		switch {
		case t.kind == tokString || t.kind == tokQuoted:
			if closeQuote(raw+" ", 0) != len(raw) { // unclosed: runs past the space
				return false
			}
		case raw == "(":
			open++
		case raw == ")":
			if open--; open < 0 {
				return false
			}
		}
	}
	return open == 0
}

// FuzzSQLLimit: a LIMIT appended to any statement whose quotes and
// parentheses are closed is the statement's LIMIT, read back by Limit (a
// trailing "-- comment" must not swallow it).
func FuzzSQLLimit(f *testing.F) {
	for _, s := range []string{
		"select count(*) as c", "select a from t limit 5", "select 1;", "select 'x -- y'",
		"select a -- the total", "select \"limit\" from t", "select a limit 1, 2", "select (", "",
	} {
		f.Add(s, 100)
	}
	f.Fuzz(func(t *testing.T, text string, n int) {
		if n < 0 {
			n = -(n + 1)
		}
		s := ParseSQL(text)
		_, _ = s.Limit()
		_ = s.GroupBy()
		_, _, _ = s.SelectList()
		if !wellFormed(s) {
			return
		}
		got, ok := s.WithLimit(n).Limit()
		if !ok || got != n {
			t.Fatalf("ParseSQL(%q).WithLimit(%d) = %q; its Limit() = %d, %v", text, n, s.WithLimit(n).String(), got, ok)
		}
	})
}

// FuzzQuoteIdent: any field name quoted with QuoteIdent reads back as that
// name, both as a select item and as an alias, and does not end the
// statement's select list early.
func FuzzQuoteIdent(f *testing.F) {
	for _, s := range []string{"status", `a"b`, "__tag__:__path__", `""`, "a.b-c", "x,y", "-- c", "'", "`", "", "(", "as"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if name == "" {
			return
		}
		stmt := "select " + QuoteIdent(name) + ", count(*) as c group by " + QuoteIdent(name)
		names, star, ok := ParseSQL(stmt).SelectList()
		if !ok || star || len(names) != 2 || names[0] != name || names[1] != "c" {
			t.Fatalf("%q: select list %q (star %v, ok %v), want [%q c]", stmt, names, star, ok, name)
		}
		if g := ParseSQL(stmt).GroupBy(); len(g) != 1 || g[0] != name {
			t.Fatalf("%q: group by %q, want [%q]", stmt, g, name)
		}
		alias := "select lower(x) as " + QuoteIdent(name) + " from t"
		if names, _, _ := ParseSQL(alias).SelectList(); len(names) != 1 || names[0] != name {
			t.Fatalf("%q: select list %q, want [%q]", alias, names, name)
		}
	})
}
