package slsemu

import (
	"testing"
)

// FuzzParseSearch: any search statement parses or fails with an error, and a
// parsed one evaluates, without panicking.
func FuzzParseSearch(f *testing.F) {
	for _, s := range []string{"status in [1", "a and (b or not c:*)", `msg: "x`, "k >= 1.5 k < 2", "x in (1 2]", "*", "not", "((a)", "a:b:c", "in [1 2]"} {
		f.Add(s)
	}
	ls, recs := searchStore()
	f.Fuzz(func(t *testing.T, q string) {
		m, err := parseSearch(q)
		if err != nil {
			return
		}
		for _, r := range recs {
			m.match(ls, r)
		}
	})
}

// FuzzRewriteSQL: any SQL rewrites or fails with an error, without panicking.
func FuzzRewriteSQL(f *testing.F) {
	for _, s := range []string{"select count(1)", "select a from log where b = 'x''y' limit 1, 2", "with t as (select 1) select * from t", "select \"a", "select (", "select ) from", "select * from nginx-access where __time__ > 1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		_, _ = rewriteLogstoreSQL(q, "nginx-access", "W", "2024-01-02 03:04:05.000")
		_, _, _ = rewriteProjectSQL(q, func(string) bool { return true }, "2024-01-02 03:04:05.000")
	})
}
