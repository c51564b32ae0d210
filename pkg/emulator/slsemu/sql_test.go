package slsemu

import (
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sqlRows(t *testing.T, e *testEnv, store string, from, to int64, query string, kv ...string) []map[string]string {
	t.Helper()
	var rows []map[string]string
	a := e.do(t, "/logstores/"+store, logsQuery(from, to, query, kv...))
	a.ok(t, &rows)
	require.Equal(t, "true", a.header.Get("x-log-has-sql"))
	require.Equal(t, strconv.Itoa(len(rows)), a.header.Get("x-log-count"))
	return rows
}

func TestSQLAggregatesOnTypedKeys(t *testing.T) {
	e := fixtureEnv(t)
	from, to := fixtureBase, fixtureBase+20
	rows := sqlRows(t, e, "web", from, to, "* | select count(1) as c, sum(status) as s, avg(latency) as a, min(latency) as lo, max(status) as hi, approx_distinct(__topic__) as topics")
	require.Len(t, rows, 1)
	assert.Equal(t, map[string]string{"c": "20", "s": "5200", "a": "10.0", "lo": "0.5", "hi": "500", "topics": "2"}, rows[0])

	rows = sqlRows(t, e, "web", from, to, "* | select count(1) as c where status >= 500")
	assert.Equal(t, "4", rows[0]["c"])
	rows = sqlRows(t, e, "web", from, to, "status: 500 | select count(1) as c")
	assert.Equal(t, "4", rows[0]["c"], "the search narrows the SQL's rows")
	rows = sqlRows(t, e, "web", from, to, "* | select count(1) as c from log where i > 15")
	assert.Equal(t, "4", rows[0]["c"], "keys typed from their values compare as numbers")
	rows = sqlRows(t, e, "web", from, to, `* | select sum(cast(i as double)) as s from "web"`)
	assert.Equal(t, "190.0", rows[0]["s"])
	rows = sqlRows(t, e, "web", from+2, from+5, "* | select count(1) as c")
	assert.Equal(t, "3", rows[0]["c"], "the SQL sees [from, to) only")
	rows = sqlRows(t, e, "web", from, to, "* | select approx_percentile(latency, 0.5) as p50, approx_percentile(latency, 0.9) as p90, approx_percentile(status, 0.99) as p99")
	assert.Equal(t, map[string]string{"p50": "10.5", "p90": "17.5", "p99": "500"}, rows[0])
}

func TestSQLOrderLimitAndDefaultRows(t *testing.T) {
	e := fixtureEnv(t)
	from, to := fixtureBase, fixtureBase+20
	rows := sqlRows(t, e, "web", from, to, "* | select i, latency order by latency desc limit 3")
	assert.Equal(t, []int{19, 18, 17}, indexes(t, rows))
	rows = sqlRows(t, e, "web", from, to, "* | select i order by i limit 2, 3")
	assert.Equal(t, []int{2, 3, 4}, indexes(t, rows))
	rows = sqlRows(t, e, "web", from, to, "* | select i order by i", "line", "1", "offset", "5", "reverse", "true")
	assert.Len(t, rows, 20, "line/offset/reverse are ignored for SQL")
	assert.Equal(t, 0, indexes(t, rows)[0])

	demo := newEnv(t, Config{Logs: 30_000})
	now := testNow.Unix()
	rows = sqlRows(t, demo, "nginx-access", now-86400, now, "* | select __time__")
	assert.Len(t, rows, 100, "SLS returns 100 rows unless LIMIT says otherwise")
	rows = sqlRows(t, demo, "nginx-access", now-86400, now, "* | select __time__ limit 150")
	assert.Len(t, rows, 150)
	msg := demo.do(t, "/logstores/nginx-access", logsQuery(now-60, now, "* | select __time__ limit 1000001")).fails(t, 400, "InvalidQueryString")
	assert.Contains(t, msg, "LIMIT 1000001 is out of range")
}

func TestSQLTimeSeriesPerMinute(t *testing.T) {
	e := newEnv(t, Config{Logs: 50_000})
	to := testNow.Unix() / 60 * 60
	from := to - 3600
	rows := sqlRows(t, e, "nginx-access", from, to, "* | select date_trunc('minute', __time__) as t, __time__ - __time__ % 60 as m, count(1) as c, avg(request_time) as rt group by t, m order by t limit 1000")
	require.Len(t, rows, 60)
	total := 0
	tsRe := regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:00\.000$`)
	for i, r := range rows {
		assert.Regexp(t, tsRe, r["t"])
		m, _ := strconv.ParseInt(r["m"], 10, 64)
		assert.Equal(t, from+int64(i)*60, m)
		assert.Equal(t, formatTS(timeUnix(m)), r["t"])
		c, _ := strconv.Atoi(r["c"])
		total += c
		rt, err := strconv.ParseFloat(r["rt"], 64)
		require.NoError(t, err)
		assert.Greater(t, rt, 0.0)
	}
	e.srv.mu.RLock()
	want := len(e.srv.stores["nginx-access"].window(from, to))
	e.srv.mu.RUnlock()
	assert.Equal(t, want, total)

	rows = sqlRows(t, e, "nginx-access", from, to, "status >= 500 | select status, count(1) as c group by status order by c desc")
	for _, r := range rows {
		s, _ := strconv.Atoi(r["status"])
		assert.GreaterOrEqual(t, s, 500)
	}
}

func TestSQLTimeFunctions(t *testing.T) {
	e := fixtureEnv(t)
	rows := sqlRows(t, e, "web", fixtureBase, fixtureBase+1, `* | select from_unixtime(0) as epoch, to_unixtime('2024-01-02 03:04:05.000') as u,
		date_format(from_unixtime(1704164645), '%Y-%m-%d %H:%i:%s') as f, date_format(__time__, '%H:%i') as hm,
		date_trunc('hour', from_unixtime(1704164645)) as h, date_trunc('day', 1704164645) as d, now() as n`)
	require.Len(t, rows, 1)
	assert.Equal(t, map[string]string{
		"epoch": "1970-01-01 00:00:00.000", "u": "1704164645.0", "f": "2024-01-02 03:04:05",
		"hm": timeUnix(fixtureBase).Format("15:04"), "h": "2024-01-02 03:00:00.000", "d": "2024-01-02 00:00:00.000",
		"n": "2024-01-02 03:04:05.000",
	}, rows[0])
	msg := e.do(t, "/logstores/web", logsQuery(fixtureBase, fixtureBase+1, "* | select date_trunc('fortnight', __time__)")).fails(t, 400, "InvalidQueryString")
	assert.Contains(t, msg, "date_trunc unit")
	msg = e.do(t, "/logstores/web", logsQuery(fixtureBase, fixtureBase+1, "* | select count(1) from nginx")).fails(t, 400, "InvalidQueryString")
	assert.Contains(t, msg, "FROM log")
}

func TestRewriteLogstoreSQL(t *testing.T) {
	cases := map[string]string{
		"select count(1)": "WITH log AS (W) select count(1) FROM log  LIMIT 100",
		"select a, count(1) as c group by a order by c":      "WITH log AS (W) select a, count(1) as c  FROM log group by a order by c LIMIT 100",
		"SELECT a FROM log WHERE a > 1 LIMIT 5":              "WITH log AS (W) SELECT a FROM log WHERE a > 1 LIMIT 5",
		`select a from "nginx-access" where x = 'from y'`:    "WITH log AS (W) select a from log where x = 'from y' LIMIT 100",
		"select approx_distinct(ip) as u":                    "WITH log AS (W) select count(DISTINCT ip) as u FROM log  LIMIT 100",
		"select (select 1) as one where now() > 'x'":         "WITH log AS (W) select (select 1) as one  FROM log where '2024-01-02 03:04:05.000' > 'x' LIMIT 100",
		"with t as (select 1 as x from log) select x from t": "WITH log AS (W), t as (select 1 as x from log) select x from t LIMIT 100",
	}
	for in, want := range cases {
		got, err := rewriteLogstoreSQL(in, "nginx-access", "W", "2024-01-02 03:04:05.000")
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	_, err := rewriteLogstoreSQL("delete from log", "x", "W", "")
	assert.ErrorContains(t, err, "SELECT")
	_, err = rewriteLogstoreSQL("select count(1) where (a", "x", "W", "")
	assert.ErrorContains(t, err, "missing ')'")
}

func TestSQLSelectStar(t *testing.T) {
	e := fixtureEnv(t)
	rows := sqlRows(t, e, "web", fixtureBase+3, fixtureBase+4, "* | select *")
	require.Len(t, rows, 1)
	assert.Equal(t, map[string]string{
		"__time__": itoa(fixtureBase + 3), "__source__": "10.0.0.1", "__topic__": "b", "__date__": formatTS(timeUnix(fixtureBase + 3)),
		"i": "3", "status": "200", "latency": "3.5", "msg": "GET /api/item/3 done",
	}, rows[0])
}

func TestCheckLimit(t *testing.T) {
	assert.NoError(t, checkLimit([]int64{1_000_000}, false))
	assert.ErrorContains(t, checkLimit([]int64{1_000_001}, false), "out of range")
	assert.NoError(t, checkLimit([]int64{990_000, 10_000}, true))
	assert.ErrorContains(t, checkLimit([]int64{0, 10_001}, true), "at most 10000")
	assert.ErrorContains(t, checkLimit([]int64{995_000, 10_000}, true), "offset plus row count (1005000)")
	assert.ErrorContains(t, checkLimit([]int64{20_000, 999_000}, false), "offset plus row count")
}
