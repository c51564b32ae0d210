package slsemu

import (
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func projectQuery(sql string) url.Values { return url.Values{"query": {sql}} }

func TestGetProjectLogs(t *testing.T) {
	e := fixtureEnv(t)
	require.NoError(t, e.srv.AppendLogs("web-2", []Log{{Time: fixtureBase, Contents: map[string]string{"i": "100"}}}))
	from := strconv.FormatInt(fixtureBase, 10)
	var rows []map[string]string

	a := e.do(t, "/logs", projectQuery("select count(1) as c, max(status) as m from web where __time__ >= "+from+" and __time__ < "+from+" + 10"))
	a.ok(t, &rows)
	assert.Equal(t, []map[string]string{{"c": "10", "m": "500"}}, rows)
	assert.Equal(t, "true", a.header.Get("x-log-has-sql"))
	assert.Equal(t, "Complete", a.header.Get("x-log-progress"))
	assert.Equal(t, "1", a.header.Get("x-log-count"))

	// Bare names with '-' and quoted names both work; __date__ is a timestamp.
	rows = nil
	e.do(t, "/logs", projectQuery("select i, __date__ as d from web-2 where __date__ > '2000-01-01 00:00:00'")).ok(t, &rows)
	assert.Equal(t, []map[string]string{{"i": "100", "d": formatTS(timeUnix(fixtureBase))}}, rows)
	rows = nil
	e.do(t, "/logs/", projectQuery(`SELECT count(1) AS c FROM "web-2" WHERE __time__ BETWEEN 0 AND 2000000000`)).ok(t, &rows)
	assert.Equal(t, "1", rows[0]["c"])
	rows = nil
	e.do(t, "/logs", projectQuery("select a.i as i from web a join web-2 b on a.__time__ = b.__time__ where a.__time__ > 0")).ok(t, &rows)
	assert.Equal(t, []map[string]string{{"i": "0"}}, rows, "logstores join as tables")

	// The seed's own example (extra line/offset parameters are ignored).
	seed := projectQuery("SELECT * FROM web where __line__ = 'abc' and __date__ >'2017-09-01 00:00:00' and __date__ < '2017-09-02 00:00:00'")
	seed.Set("line", "20")
	seed.Set("offset", "0")
	a = e.do(t, "/logs/", seed)
	a.ok(t, &rows)
	assert.Empty(t, rows)
	assert.Equal(t, "0", a.header.Get("x-log-count"))
	e.do(t, "/logs", projectQuery("SELECT i, __line__ FROM web where __date__ >'2017-09-01 00:00:00' limit 1")).ok(t, &rows)
	assert.Equal(t, []map[string]string{{"i": "0", "__line__": "null"}}, rows)

	msg := e.do(t, "/logs", projectQuery("select count(1) from web")).fails(t, 400, "ParameterInvalid")
	assert.Contains(t, msg, "必须指定要查询的时间范围")
	assert.Contains(t, msg, "__date__")
	e.do(t, "/logs", projectQuery("select count(1) from web where status > 0")).fails(t, 400, "ParameterInvalid")
	msg = e.do(t, "/logs", projectQuery("select count(1) from nope-store where __time__ > 0")).fails(t, 404, "LogStoreNotExist")
	assert.Equal(t, "logstore nope-store does not exist", msg)
	e.do(t, "/logs", url.Values{}).fails(t, 400, "ParameterInvalid")
	msg = e.do(t, "/logs", projectQuery("select nosuch from web where __time__ > 0")).fails(t, 400, "ParameterInvalid")
	assert.Contains(t, msg, "nosuch")
}

func TestGetHistograms(t *testing.T) {
	e := fixtureEnv(t)
	q := url.Values{"type": {"histogram"}, "from": {itoa(fixtureBase)}, "to": {itoa(fixtureBase + 20)}, "query": {"status: 500 | select count(1)"}}
	var buckets []struct {
		From, To, Count int64
		Progress        string
	}
	a := e.do(t, "/logstores/web", q)
	a.ok(t, &buckets)
	assert.Equal(t, "Complete", a.header.Get("x-log-progress"))
	assert.Equal(t, "4", a.header.Get("x-log-count"))
	require.Len(t, buckets, 20, "20 s at a 1 s interval")
	var sum int64
	for i, b := range buckets {
		assert.Equal(t, fixtureBase+int64(i), b.From)
		assert.Equal(t, b.From+1, b.To)
		assert.Equal(t, "Complete", b.Progress)
		sum += b.Count
	}
	assert.Equal(t, int64(4), sum)
	assert.Equal(t, int64(1), buckets[5].Count)

	q.Set("topic", "a")
	q.Set("query", "")
	e.do(t, "/logstores/web", q).ok(t, &buckets)
	sum = 0
	for _, b := range buckets {
		sum += b.Count
	}
	assert.Equal(t, int64(10), sum)

	q.Set("from", q.Get("to"))
	e.do(t, "/logstores/web", q).fails(t, 400, "InvalidTimeRange")
	q.Set("from", "0")
	q.Set("query", "(")
	e.do(t, "/logstores/web", q).fails(t, 400, "InvalidQueryString")
	e.do(t, "/logstores/nope", q).fails(t, 404, "LogStoreNotExist")
}

func TestHistogramBucketRule(t *testing.T) {
	assert.Equal(t, int64(60), histogramInterval(0, 3600))
	assert.Equal(t, int64(1800), histogramInterval(0, 86400))
	assert.Equal(t, int64(10800), histogramInterval(0, 7*86400))
	assert.Equal(t, int64(15), histogramInterval(0, 900))
	// Boundaries fall on multiples of the interval; the ends are clipped.
	b := histogramBuckets(90, 3630)
	assert.Len(t, b, 60)
	assert.Equal(t, [2]int64{90, 120}, b[0])
	assert.Equal(t, [2]int64{120, 180}, b[1])
	assert.Equal(t, [2]int64{3600, 3630}, b[len(b)-1])
	assert.Len(t, histogramBuckets(90, 3700), 31, "61 minutes need the next round interval, 2 minutes")
	for i := 1; i < len(b); i++ {
		assert.Equal(t, b[i-1][1], b[i][0])
	}
}

func TestListLogstoresAndIndex(t *testing.T) {
	e := newEnv(t, Config{Logs: 5000})
	require.NoError(t, e.srv.CreateLogstore("zz-extra", map[string]string{"n": "long"}))
	var list struct {
		Count, Total int
		Logstores    []string
	}
	e.do(t, "/logstores", url.Values{"offset": {"0"}, "size": {"100"}}).ok(t, &list)
	assert.Equal(t, []string{"app-log", "audit-log", "nginx-access", "zz-extra"}, list.Logstores)
	assert.Equal(t, 4, list.Count)
	assert.Equal(t, 4, list.Total)
	e.do(t, "/logstores", url.Values{"offset": {"1"}, "size": {"2"}}).ok(t, &list)
	assert.Equal(t, []string{"audit-log", "nginx-access"}, list.Logstores)
	assert.Equal(t, 2, list.Count)
	assert.Equal(t, 4, list.Total)
	e.do(t, "/logstores", url.Values{"logstoreName": {"log"}}).ok(t, &list)
	assert.Equal(t, []string{"app-log", "audit-log"}, list.Logstores)
	e.do(t, "/logstores", url.Values{"size": {"501"}}).fails(t, 400, "ParameterInvalid")
	e.do(t, "/logstores", url.Values{"offset": {"-1"}}).fails(t, 400, "ParameterInvalid")
	assert.Equal(t, []string{"app-log", "audit-log", "nginx-access", "zz-extra"}, e.srv.Logstores())

	var idx struct {
		Line struct {
			Token         []string
			CaseSensitive bool
		}
		Keys map[string]struct{ Type string }
		TTL  int
	}
	e.do(t, "/logstores/nginx-access/index", nil).ok(t, &idx)
	assert.Equal(t, "long", idx.Keys["status"].Type)
	assert.Equal(t, "double", idx.Keys["request_time"].Type)
	assert.Equal(t, "text", idx.Keys["remote_addr"].Type)
	assert.Len(t, idx.Keys, len(nginxKeys))
	assert.Contains(t, idx.Line.Token, "/")
	assert.False(t, idx.Line.CaseSensitive)
	assert.Equal(t, 30, idx.TTL)
	e.do(t, "/logstores/nope/index", nil).fails(t, 404, "LogStoreNotExist")
}

func TestGetContextLogs(t *testing.T) {
	e := fixtureEnv(t)
	require.NoError(t, e.srv.AppendLogs("web", []Log{{Time: fixtureBase + 5, Source: "other", Contents: map[string]string{"i": "99"}}}))
	var logs []map[string]string
	e.do(t, "/logstores/web", logsQuery(fixtureBase+10, fixtureBase+11, "")).ok(t, &logs)
	require.Len(t, logs, 1)
	q := url.Values{"type": {"context_log"}, "pack_id": {logs[0]["__tag__:__pack_id__"]}, "pack_meta": {logs[0]["__pack_meta__"]},
		"back_lines": {"3"}, "forward_lines": {"2"}}
	var ctx struct {
		Progress     string
		TotalLines   int `json:"total_lines"`
		BackLines    int `json:"back_lines"`
		ForwardLines int `json:"forward_lines"`
		Logs         []map[string]string
	}
	e.do(t, "/logstores/web", q).ok(t, &ctx)
	assert.Equal(t, "Complete", ctx.Progress)
	assert.Equal(t, 6, ctx.TotalLines)
	assert.Equal(t, 3, ctx.BackLines)
	assert.Equal(t, 2, ctx.ForwardLines)
	assert.Equal(t, []int{7, 8, 9, 10, 11, 12}, indexes(t, ctx.Logs), "only logs of the same source")
	var nums []string
	for _, l := range ctx.Logs {
		nums = append(nums, l["__index_number__"])
	}
	assert.Equal(t, []string{"-3", "-2", "-1", "0", "1", "2"}, nums)

	// At the start of the source there are fewer back lines.
	e.do(t, "/logstores/web", logsQuery(fixtureBase, fixtureBase+1, "")).ok(t, &logs)
	q.Set("pack_id", logs[0]["__tag__:__pack_id__"])
	q.Set("pack_meta", logs[0]["__pack_meta__"])
	e.do(t, "/logstores/web", q).ok(t, &ctx)
	assert.Equal(t, 0, ctx.BackLines)
	assert.Equal(t, []int{0, 1, 2}, indexes(t, ctx.Logs))

	q.Set("back_lines", "101")
	e.do(t, "/logstores/web", q).fails(t, 400, "ParameterInvalid")
	q.Set("back_lines", "1")
	q.Set("pack_id", "0000-1")
	e.do(t, "/logstores/web", q).fails(t, 400, "ParameterInvalid")
	q.Del("pack_meta")
	e.do(t, "/logstores/web", q).fails(t, 400, "ParameterInvalid")
}
