package slsemu

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
)

func TestIncompleteRounds(t *testing.T) {
	e := fixtureEnv(t)
	e.ctl.Set(knobs.Settings{IncompleteRounds: 2})
	q := logsQuery(fixtureBase, fixtureBase+20, "", "line", "10")
	for round := 1; round <= 3; round++ {
		var logs []map[string]string
		a := e.do(t, "/logstores/web", q)
		a.ok(t, &logs)
		if round <= 2 {
			assert.Equal(t, "Incomplete", a.header.Get("x-log-progress"), "round %d", round)
			assert.Equal(t, []int{0, 1, 2, 3, 4}, indexes(t, logs), "a partial page: its first half")
		} else {
			assert.Equal(t, "Complete", a.header.Get("x-log-progress"))
			assert.Equal(t, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, indexes(t, logs))
		}
	}
	// Another query (here: another offset) counts on its own.
	a := e.do(t, "/logstores/web", logsQuery(fixtureBase, fixtureBase+20, "", "line", "10", "offset", "10"))
	assert.Equal(t, "Incomplete", a.header.Get("x-log-progress"))

	// SQL: the partial aggregate covers the first half of the time range.
	sq := logsQuery(fixtureBase, fixtureBase+20, "* | select count(1) as c")
	counts := []string{}
	for round := 1; round <= 3; round++ {
		var rows []map[string]string
		a := e.do(t, "/logstores/web", sq)
		a.ok(t, &rows)
		counts = append(counts, a.header.Get("x-log-progress")+":"+rows[0]["c"])
	}
	assert.Equal(t, []string{"Incomplete:10", "Incomplete:10", "Complete:20"}, counts)

	// Histograms: only the first half of the buckets is counted.
	hq := url.Values{"type": {"histogram"}, "from": {itoa(fixtureBase)}, "to": {itoa(fixtureBase + 20)}}
	var buckets []struct {
		Count    int
		Progress string
	}
	a = e.do(t, "/logstores/web", hq)
	a.ok(t, &buckets)
	assert.Equal(t, "Incomplete", a.header.Get("x-log-progress"))
	assert.Equal(t, "10", a.header.Get("x-log-count"))
	assert.Equal(t, "Complete", buckets[0].Progress)
	assert.Equal(t, "Incomplete", buckets[19].Progress)
	assert.Equal(t, 0, buckets[19].Count)

	// Project SQL: the first half of the rows.
	pq := projectQuery("select i from web where __time__ > 0 order by __time__")
	var rows []map[string]string
	a = e.do(t, "/logs", pq)
	a.ok(t, &rows)
	assert.Equal(t, "Incomplete", a.header.Get("x-log-progress"))
	assert.Len(t, rows, 10)

	// Signature and Date do not make a call different.
	e.srv.ResetIncomplete()
	first := e.do(t, "/logstores/web", q)
	time.Sleep(1100 * time.Millisecond) // a new Date header, hence a new signature
	second := e.do(t, "/logstores/web", q)
	third := e.do(t, "/logstores/web", q)
	assert.Equal(t, []string{"Incomplete", "Incomplete", "Complete"},
		[]string{first.header.Get("x-log-progress"), second.header.Get("x-log-progress"), third.header.Get("x-log-progress")})
}

func TestFaultKnobs(t *testing.T) {
	e := fixtureEnv(t)
	q := logsQuery(fixtureBase, fixtureBase+20, "")
	for _, c := range []struct {
		fault  knobs.Fault
		status int
		code   string
	}{
		{knobs.FaultServerError, 500, "InternalServerError"},
		{knobs.FaultThrottle, 403, "ReadQuotaExceed"},
		{knobs.FaultBusy, 503, "ServerBusy"},
	} {
		e.ctl.Set(knobs.Settings{FaultRate: 1, Faults: []knobs.Fault{c.fault}})
		e.do(t, "/logstores/web", q).fails(t, c.status, c.code)
	}

	e.ctl.Set(knobs.Settings{FaultRate: 1, Faults: []knobs.Fault{knobs.FaultTruncate}})
	resp, err := http.DefaultClient.Do(e.request(t, "/logstores/web", q))
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
	_, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.True(t, errors.Is(err, io.ErrUnexpectedEOF), "truncated body: %v", err)

	e.ctl.Set(knobs.Settings{FaultRate: 1, Faults: []knobs.Fault{knobs.FaultReset}})
	_, err = http.DefaultClient.Do(e.request(t, "/logstores/web", q))
	assert.Error(t, err, "the connection is closed without an answer")

	e.ctl.Set(knobs.Settings{Latency: 150 * time.Millisecond})
	start := time.Now()
	var logs []map[string]string
	e.do(t, "/logstores/web", q).ok(t, &logs)
	assert.GreaterOrEqual(t, time.Since(start), 150*time.Millisecond)
	assert.Len(t, logs, 20)

	// Faults never pre-empt authentication: a bad signature stays a 401.
	e.ctl.Set(knobs.Settings{FaultRate: 1, Faults: []knobs.Fault{knobs.FaultBusy}})
	e.do(t, "/logstores/web", q, withHeader("Authorization", "LOG "+testKeyID+":bad")).fails(t, 401, "SignatureNotMatch")
}

func TestRequestLog(t *testing.T) {
	e := fixtureEnv(t)
	e.ctl.ResetLog()
	e.do(t, "/logstores/web", logsQuery(fixtureBase, fixtureBase+20, "status: 500"))
	e.do(t, "/logstores/nope", logsQuery(fixtureBase, fixtureBase+20, ""))
	e.ctl.Set(knobs.Settings{FaultRate: 1, Faults: []knobs.Fault{knobs.FaultThrottle}})
	e.do(t, "/logstores", nil)
	reqs := e.ctl.Requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, "sls", reqs[0].Service)
	assert.Equal(t, "/logstores/web", reqs[0].Path)
	assert.Contains(t, reqs[0].Query, "query=status")
	assert.Equal(t, 200, reqs[0].Status)
	assert.Equal(t, e.host, reqs[0].Host)
	assert.Equal(t, 404, reqs[1].Status)
	assert.Equal(t, knobs.FaultThrottle, reqs[2].Fault)
	assert.Equal(t, 403, reqs[2].Status)
}
