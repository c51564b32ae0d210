package slsemu

import (
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestConcurrentQueriesWhileLogsArrive runs searches, SQL, histograms and
// appends at once while the clock moves (run with -race).
func TestConcurrentQueriesWhileLogsArrive(t *testing.T) {
	var clock atomic.Int64
	clock.Store(testNow.Unix())
	e := newEnv(t, Config{Logs: 20_000, Days: 1, Now: func() time.Time { return time.Unix(clock.Load(), 0) }})
	now := testNow.Unix()
	queries := []func() answer{
		func() answer {
			return e.do(t, "/logstores/nginx-access", logsQuery(now-3600, now+3600, "status >= 400", "reverse", "true"))
		},
		func() answer {
			return e.do(t, "/logstores/app-log", logsQuery(now-3600, now+3600, "* | select level, count(1) group by level"))
		},
		func() answer {
			return e.do(t, "/logstores/nginx-access", map[string][]string{"type": {"histogram"}, "from": {itoa(now - 3600)}, "to": {itoa(now + 3600)}})
		},
		func() answer {
			return e.do(t, "/logs", projectQuery("select count(1) from audit-log where __time__ > 0"))
		},
	}
	var wg sync.WaitGroup
	var failures atomic.Int32
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 15; i++ {
				if a := queries[(w+i)%len(queries)](); a.status != http.StatusOK {
					failures.Add(1)
					t.Errorf("status %d: %s", a.status, a.body)
				}
				clock.Add(7)
				if i%5 == 0 {
					assert.NoError(t, e.srv.AppendLogs("extra", []Log{{Time: now, Contents: map[string]string{"w": itoa(int64(w))}}}))
				}
			}
		}(w)
	}
	wg.Wait()
	assert.Zero(t, failures.Load())
	var rows []map[string]string
	e.do(t, "/logstores/extra", logsQuery(now, now+1, "* | select count(1) as c")).ok(t, &rows)
	assert.Equal(t, "12", rows[0]["c"])
}
