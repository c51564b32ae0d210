package slsemu

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fixtureBase is the first log time of the small fixture store.
var fixtureBase = testNow.Unix() - 1000

// fixtureEnv has one logstore "web" with 20 logs one second apart:
// i = 0..19, status 200 except every 5th (500), topic "a" for even i.
func fixtureEnv(t *testing.T) *testEnv {
	e := newEnv(t, Config{NoDemo: true})
	require.NoError(t, e.srv.CreateLogstore("web", map[string]string{"status": "long", "latency": "double", "msg": "text"}))
	var logs []Log
	for i := 0; i < 20; i++ {
		status := "200"
		if i%5 == 0 {
			status = "500"
		}
		topic := "b"
		if i%2 == 0 {
			topic = "a"
		}
		logs = append(logs, Log{Time: fixtureBase + int64(i), Topic: topic, Source: "10.0.0.1", Contents: map[string]string{
			"i": strconv.Itoa(i), "status": status, "latency": fmt.Sprintf("%d.5", i), "msg": fmt.Sprintf("GET /api/item/%d done", i),
		}})
	}
	require.NoError(t, e.srv.AppendLogs("web", logs))
	return e
}

func indexes(t *testing.T, logs []map[string]string) []int {
	var out []int
	for _, l := range logs {
		n, err := strconv.Atoi(l["i"])
		require.NoError(t, err)
		out = append(out, n)
	}
	return out
}

func TestGetLogsTimeBoundsAreLeftClosedRightOpen(t *testing.T) {
	e := fixtureEnv(t)
	var logs []map[string]string
	a := e.do(t, "/logstores/web", logsQuery(fixtureBase+3, fixtureBase+7, ""))
	a.ok(t, &logs)
	assert.Equal(t, []int{3, 4, 5, 6}, indexes(t, logs))
	assert.Equal(t, "Complete", a.header.Get("x-log-progress"))
	assert.Equal(t, "4", a.header.Get("x-log-count"))
	assert.Equal(t, "4", a.header.Get("x-log-processed-rows"))
	assert.Equal(t, "false", a.header.Get("x-log-has-sql"))
	assert.Equal(t, "application/json", a.header.Get("Content-Type"))
	assert.NotEmpty(t, a.header.Get("x-log-elapsed-millisecond"))
	var info map[string]any
	require.NoError(t, json.Unmarshal([]byte(a.header.Get("x-log-query-info")), &info))

	first := logs[0]
	assert.Equal(t, strconv.FormatInt(fixtureBase+3, 10), first["__time__"])
	assert.Equal(t, "10.0.0.1", first["__source__"])
	assert.Equal(t, "b", first["__topic__"])
	assert.NotEmpty(t, first["__tag__:__pack_id__"])
	assert.NotEmpty(t, first["__pack_meta__"])
	assert.Equal(t, "GET /api/item/3 done", first["msg"])
}

func TestGetLogsReverseTopicLineOffset(t *testing.T) {
	e := fixtureEnv(t)
	from, to := fixtureBase, fixtureBase+20
	var logs []map[string]string
	e.do(t, "/logstores/web", logsQuery(from, to, "", "reverse", "true", "line", "3")).ok(t, &logs)
	assert.Equal(t, []int{19, 18, 17}, indexes(t, logs))
	e.do(t, "/logstores/web", logsQuery(from, to, "", "reverse", "false", "line", "3", "offset", "2")).ok(t, &logs)
	assert.Equal(t, []int{2, 3, 4}, indexes(t, logs))
	e.do(t, "/logstores/web", logsQuery(from, to, "", "topic", "a", "line", "4")).ok(t, &logs)
	assert.Equal(t, []int{0, 2, 4, 6}, indexes(t, logs))
	e.do(t, "/logstores/web", logsQuery(from, to, "", "line", "0")).ok(t, &logs)
	assert.Empty(t, logs)
	e.do(t, "/logstores/web", logsQuery(from, to, "", "offset", "100")).ok(t, &logs)
	assert.Empty(t, logs)
}

func TestGetLogsParameterErrors(t *testing.T) {
	e := fixtureEnv(t)
	to := testNow.Unix()
	cases := []struct {
		name   string
		q      map[string]string
		status int
		code   string
	}{
		{"from == to", map[string]string{"from": itoa(to), "to": itoa(to)}, 400, "InvalidTimeRange"},
		{"from > to", map[string]string{"from": itoa(to), "to": itoa(to - 5)}, 400, "InvalidTimeRange"},
		{"missing from", map[string]string{"from": ""}, 400, "InvalidTimeRange"},
		{"absurd to", map[string]string{"to": "9223372036854775807"}, 400, "InvalidTimeRange"},
		{"non-numeric to", map[string]string{"to": "tomorrow"}, 400, "InvalidTimeRange"},
		{"line 101", map[string]string{"line": "101"}, 400, "InvalidLine"},
		{"line -1", map[string]string{"line": "-1"}, 400, "InvalidLine"},
		{"offset -1", map[string]string{"offset": "-1"}, 400, "InvalidOffset"},
		{"offset x", map[string]string{"offset": "x"}, 400, "InvalidOffset"},
		{"reverse yes", map[string]string{"reverse": "yes"}, 400, "InvalidReverse"},
		{"bad search", map[string]string{"query": "status:500 and (msg:x"}, 400, "InvalidQueryString"},
		{"bad sql", map[string]string{"query": "* | select nosuchcolumn"}, 400, "InvalidQueryString"},
		{"bad type", map[string]string{"type": "logs"}, 400, "ParameterInvalid"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := logsQuery(to-3600, to, "")
			for k, v := range c.q {
				q.Set(k, v)
			}
			e.do(t, "/logstores/web", q).fails(t, c.status, c.code)
		})
	}
	msg := e.do(t, "/logstores/nope", logsQuery(to-60, to, "")).fails(t, http.StatusNotFound, "LogStoreNotExist")
	assert.Equal(t, "logstore nope does not exist", msg)
	msg = e.do(t, "/logstores/web", logsQuery(to-60, to, "* | select nosuchcolumn")).fails(t, 400, "InvalidQueryString")
	assert.Contains(t, msg, "nosuchcolumn")
}

func TestGetLogsPagingIsStable(t *testing.T) {
	e := newEnv(t, Config{Logs: 30_000})
	to := testNow.Unix() - 3600
	from := to - 6*3600
	for _, reverse := range []string{"false", "true"} {
		seen := map[string]bool{}
		var times []int64
		offset := 0
		for {
			var page []map[string]string
			e.do(t, "/logstores/nginx-access", logsQuery(from, to, "", "offset", strconv.Itoa(offset), "reverse", reverse)).ok(t, &page)
			for _, l := range page {
				id := l["__pack_meta__"]
				require.False(t, seen[id], "duplicate log %s at offset %d", id, offset)
				seen[id] = true
				ts, _ := strconv.ParseInt(l["__time__"], 10, 64)
				times = append(times, ts)
			}
			offset += len(page)
			if len(page) < 100 {
				break
			}
		}
		e.srv.mu.RLock()
		want := len(e.srv.stores["nginx-access"].window(from, to))
		e.srv.mu.RUnlock()
		require.Greater(t, want, 500, "the range should need several pages")
		assert.Equal(t, want, len(seen), "no gaps: every log of the range was paged (reverse=%s)", reverse)
		for i := 1; i < len(times); i++ {
			if reverse == "true" {
				require.LessOrEqual(t, times[i], times[i-1])
			} else {
				require.GreaterOrEqual(t, times[i], times[i-1])
			}
		}
		assert.GreaterOrEqual(t, times[0], from)
		assert.Less(t, times[len(times)-1], to)
	}
}

func TestGetLogsObjectBody(t *testing.T) {
	e := fixtureEnv(t)
	e.srv.SetObjectBody(true)
	var obj struct {
		Progress string
		Count    int
		Logs     []map[string]string
	}
	e.do(t, "/logstores/web", logsQuery(fixtureBase, fixtureBase+2, "")).ok(t, &obj)
	assert.Equal(t, "Complete", obj.Progress)
	assert.Equal(t, 2, obj.Count)
	assert.Equal(t, []int{0, 1}, indexes(t, obj.Logs))
}
