package slsemu

import (
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDemoDataIsDeterministicAndSpreadOverDays(t *testing.T) {
	a := newEnv(t, Config{Logs: 20_000, Days: 2, Seed: 7})
	b := newEnv(t, Config{Logs: 20_000, Days: 2, Seed: 7})
	c := newEnv(t, Config{Logs: 20_000, Days: 2, Seed: 8})
	now := testNow.Unix()
	q := logsQuery(now-3600, now, "", "line", "50")
	var la, lb, lc []map[string]string
	a.do(t, "/logstores/nginx-access", q).ok(t, &la)
	b.do(t, "/logstores/nginx-access", q).ok(t, &lb)
	c.do(t, "/logstores/nginx-access", q).ok(t, &lc)
	require.NotEmpty(t, la)
	assert.Equal(t, la, lb, "same seed, same data")
	assert.NotEqual(t, la, lc, "another seed, other data")

	total := 0
	for _, name := range a.srv.Logstores() {
		ls := a.srv.stores[name]
		total += len(ls.recs)
		assert.GreaterOrEqual(t, ls.recs[0].time, now-2*86400-60, name)
		assert.LessOrEqual(t, ls.recs[len(ls.recs)-1].time, now, name)
	}
	assert.InDelta(t, 20_000, total, 1000, "about Config.Logs logs")
	assert.InDelta(t, 12_000, len(a.srv.stores["nginx-access"].recs), 800)

	// A realistic mix: errors exist but are a minority; levels and topics vary.
	var rows []map[string]string
	a.do(t, "/logstores/nginx-access", logsQuery(now-2*86400, now, "* | select count_if(status >= 500) as e, count_if(status between 400 and 499) as w, count(1) as n, count(DISTINCT __topic__) as topics, count(DISTINCT __source__) as sources")).ok(t, &rows)
	n, _ := strconv.Atoi(rows[0]["n"])
	e5, _ := strconv.Atoi(rows[0]["e"])
	assert.Greater(t, e5, 0)
	assert.Less(t, e5, n/5)
	assert.Equal(t, "2", rows[0]["topics"])
	assert.Equal(t, "3", rows[0]["sources"])
	a.do(t, "/logstores/app-log", logsQuery(now-2*86400, now, "* | select level, count(1) as c group by level order by level")).ok(t, &rows)
	require.Len(t, rows, 4)
	assert.Equal(t, []string{"DEBUG", "ERROR", "INFO", "WARN"}, []string{rows[0]["level"], rows[1]["level"], rows[2]["level"], rows[3]["level"]})
	var stack []map[string]string
	a.do(t, "/logstores/app-log", logsQuery(now-2*86400, now, `level: ERROR and "java.lang.IllegalStateException"`, "line", "1")).ok(t, &stack)
	require.Len(t, stack, 1)
	assert.Contains(t, stack[0]["message"], "\n\tat com.example.", "multi-line stack traces")
}

func TestDemoLogsKeepArriving(t *testing.T) {
	var clock atomic.Int64
	clock.Store(testNow.Unix())
	e := newEnv(t, Config{Logs: 100_000, Days: 1, Now: func() time.Time { return time.Unix(clock.Load(), 0) }})
	count := func(from, to int64) int {
		var rows []map[string]string
		e.do(t, "/logstores/nginx-access", logsQuery(from, to, "* | select count(1) as c")).ok(t, &rows)
		n, _ := strconv.Atoi(rows[0]["c"])
		return n
	}
	t0 := testNow.Unix()
	assert.Equal(t, 0, count(t0+1, t0+600), "nothing from the future")
	clock.Store(t0 + 600)
	arrived := count(t0+1, t0+601)
	assert.Greater(t, arrived, 10, "ten minutes of new logs arrived and reach SQL")
	var logs []map[string]string
	e.do(t, "/logstores/nginx-access", logsQuery(t0+1, t0+601, "", "reverse", "true", "line", "1")).ok(t, &logs)
	require.Len(t, logs, 1)
	last, _ := strconv.ParseInt(logs[0]["__time__"], 10, 64)
	assert.LessOrEqual(t, last, t0+600)
	assert.Greater(t, last, t0+500)

	// The same minutes generated lazily equal those of a server started later.
	later := newEnv(t, Config{Logs: 100_000, Days: 1, Now: func() time.Time { return time.Unix(t0+600, 0) }})
	var a, b []map[string]string
	e.do(t, "/logstores/app-log", logsQuery(t0+1, t0+601, "", "line", "20")).ok(t, &a)
	later.do(t, "/logstores/app-log", logsQuery(t0+1, t0+601, "", "line", "20")).ok(t, &b)
	require.NotEmpty(t, a)
	for i := range a {
		delete(a[i], "__pack_meta__")
		delete(a[i], "__tag__:__pack_id__")
		delete(b[i], "__pack_meta__")
		delete(b[i], "__tag__:__pack_id__")
	}
	assert.Equal(t, a, b)
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	arr := filepath.Join(dir, "logs.json")
	require.NoError(t, os.WriteFile(arr, []byte(`[
		{"__time__": 1704160000, "__logstore__": "k8s-events", "__topic__": "prod", "__source__": "node-1", "reason": "OOMKilled", "count": 3},
		{"__time__": "1704160001", "__logstore__": "k8s-events", "reason": "Pulled", "count": 1, "labels": {"app": "web"}},
		{"__time__": 1704160002, "msg": "no logstore given"}
	]`), 0o600))
	nd := filepath.Join(dir, "logs.ndjson")
	require.NoError(t, os.WriteFile(nd, []byte("{\"__time__\": 1704160003, \"msg\": \"line one\"}\n\n{\"__time__\": 1704160004, \"msg\": \"line two\"}\n"), 0o600))

	e := newEnv(t, Config{NoDemo: true, LoadFile: arr})
	assert.Equal(t, []string{"imported", "k8s-events"}, e.srv.Logstores())
	var logs []map[string]string
	e.do(t, "/logstores/k8s-events", logsQuery(1704160000, 1704160010, "")).ok(t, &logs)
	require.Len(t, logs, 2)
	assert.Equal(t, "OOMKilled", logs[0]["reason"])
	assert.Equal(t, "prod", logs[0]["__topic__"])
	assert.Equal(t, "node-1", logs[0]["__source__"])
	assert.Equal(t, `{"app":"web"}`, logs[1]["labels"])
	var rows []map[string]string
	e.do(t, "/logstores/k8s-events", logsQuery(1704160000, 1704160010, "* | select sum(count) as s where count > 2")).ok(t, &rows)
	assert.Equal(t, "3", rows[0]["s"], "loaded numeric keys are typed long")

	e2 := newEnv(t, Config{NoDemo: true, LoadFile: nd})
	e2.do(t, "/logstores/imported", logsQuery(1704160000, 1704160010, "msg: two")).ok(t, &logs)
	require.Len(t, logs, 1)
	assert.Equal(t, "line two", logs[0]["msg"])

	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`[{"msg": "no time"}]`), 0o600))
	_, err := New(Config{KeyID: "k", KeySecret: "s", NoDemo: true, LoadFile: bad}, nil)
	assert.ErrorContains(t, err, "log 1: __time__ (Unix seconds) is missing")
	_, err = New(Config{KeyID: "k", KeySecret: "s", NoDemo: true, LoadFile: filepath.Join(dir, "absent.json")}, nil)
	assert.ErrorContains(t, err, "absent.json")
}

func TestAppendLogsValidation(t *testing.T) {
	e := newEnv(t, Config{NoDemo: true})
	assert.ErrorContains(t, e.srv.AppendLogs("Bad Name", nil), "lower-case")
	assert.ErrorContains(t, e.srv.CreateLogstore("ok-name", map[string]string{"x": "float"}), `index type "float"`)
	require.NoError(t, e.srv.CreateLogstore("ok-name", nil))
	assert.ErrorContains(t, e.srv.CreateLogstore("ok-name", nil), "already exists")
	_, err := New(Config{}, nil)
	assert.ErrorContains(t, err, "KeyID and KeySecret are required")
}

// TestBuildDefaultDemo builds New with the default 200k demo logs (the Go
// side; SQL tables load on the first SQL over a logstore) and logs how long
// it took. No time is asserted: a loaded CI machine is no benchmark.
func TestBuildDefaultDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 200k logs")
	}
	start := time.Now()
	srv, err := New(Config{KeyID: "k", KeySecret: "s", Now: func() time.Time { return testNow }}, nil)
	require.NoError(t, err)
	build := time.Since(start)
	total := 0
	for _, ls := range srv.stores {
		total += len(ls.recs)
	}
	assert.InDelta(t, 200_000, total, 5000)
	t.Logf("built %d demo logs in %s", total, build)
}

func TestPreloadSQL(t *testing.T) {
	e := newEnv(t, Config{Logs: 5000, PreloadSQL: true})
	require.Eventually(t, func() bool {
		e.srv.db.mu.Lock()
		defer e.srv.db.mu.Unlock()
		return len(e.srv.db.tables) == 3
	}, 10*time.Second, 20*time.Millisecond)
	now := testNow.Unix()
	rows := sqlRows(t, e, "audit-log", now-7*86400, now, "* | select count(1) as c")
	assert.Equal(t, strconv.Itoa(len(e.srv.stores["audit-log"].recs)), rows[0]["c"])
}
