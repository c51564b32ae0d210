package querytext

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSQLLimit(t *testing.T) {
	cases := []struct {
		sql string
		n   int
		ok  bool
	}{
		{"select count(*) as c", 0, false},
		{"select a limit 20", 20, true},
		{"select a LIMIT 10, 30;", 30, true},
		{"select a from (select b limit 5) ", 0, false},
		{"select 'limit 5'", 0, false},
		{"select a -- limit 5", 0, false},
		{`select "limit" 5`, 0, false},
	}
	for _, c := range cases {
		n, ok := ParseSQL(c.sql).Limit()
		assert.Equal(t, c.ok, ok, c.sql)
		assert.Equal(t, c.n, n, c.sql)
	}
	assert.Equal(t, "select a limit 7", ParseSQL("select a;").WithLimit(7).String())
}

func TestSQLGroupBy(t *testing.T) {
	cases := map[string][]string{
		"select t, status, count(*) as c group by t, status order by t limit 10":                       {"t", "status"},
		`select "host", count(*) group by "host"`:                                                      {"host"},
		"select count(*) as c":                                                                         nil,
		"select date_trunc('minute', __time__) as m, count(1) group by date_trunc('minute', __time__)": {"date_trunc('minute', __time__)"},
		"select a from (select a, b from x group by a, b) group by a having count(*) > 1":              {"a", "b", "a"},
		"select 'group by x' as g":                                                                     nil,
		"select `weird name`, count(*) group by `weird name`":                                          {"weird name"},
	}
	for sql, want := range cases {
		assert.Equal(t, want, ParseSQL(sql).GroupBy(), sql)
	}
}

func TestSQLSelectList(t *testing.T) {
	cases := []struct {
		sql   string
		names []string
		star  bool
	}{
		{"select __time__ - __time__ % 60 as t, count(*) as c group by t", []string{"t", "c"}, false},
		{`select status, count(*) AS "c" from log where a = 'x, from y' group by status`, []string{"status", "c"}, false},
		{"select __time__, message limit 5", []string{"__time__", "message"}, false},
		{"select date_format(from_unixtime(__time__), '%H:%i') as time, count(1) as pv group by time", []string{"time", "pv"}, false},
		{"select * from log", nil, true},
		{`select "a""b" from log`, []string{`a"b`}, false},
	}
	for _, c := range cases {
		names, star, ok := ParseSQL(c.sql).SelectList()
		assert.True(t, ok, c.sql)
		assert.Equal(t, c.names, names, c.sql)
		assert.Equal(t, c.star, star, c.sql)
	}
	_, _, ok := ParseSQL("show tables").SelectList()
	assert.False(t, ok)
}

func TestQuoteIdent(t *testing.T) {
	assert.Equal(t, `"__tag__:__path__"`, QuoteIdent("__tag__:__path__"))
	assert.Equal(t, `"a""b"`, QuoteIdent(`a"b`))
	assert.Equal(t, []string{`a"b`}, func() []string { n, _, _ := ParseSQL("select " + QuoteIdent(`a"b`)).SelectList(); return n }(), "quoting round-trips")
}

// Found by FuzzSQLLimit: a trailing "-- comment" swallowed the LIMIT that
// WithLimit appended, so the vendor was sent no LIMIT at all.
func TestWithLimitAfterTrailingComment(t *testing.T) {
	s := ParseSQL("select count(*) as c -- the total").WithLimit(100)
	if n, ok := s.Limit(); !ok || n != 100 {
		t.Fatalf("%q: Limit() = %d, %v; want 100, true", s.String(), n, ok)
	}
}

// Found by FuzzSQLLimit: an empty select item ("select , x") panicked.
func TestSelectListWithEmptyItem(t *testing.T) {
	names, _, ok := ParseSQL("select , count(*) as c").SelectList()
	if !ok || len(names) != 2 || names[0] != "" || names[1] != "c" {
		t.Fatalf("SelectList = %q, %v", names, ok)
	}
}
