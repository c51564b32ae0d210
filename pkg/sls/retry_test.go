package sls

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func throttledOnce(retryAfter string) func(w http.ResponseWriter, r *http.Request, call int64) bool {
	return func(w http.ResponseWriter, r *http.Request, call int64) bool {
		if call > 1 {
			return false
		}
		w.Header().Set("Retry-After", retryAfter)
		writeSLSError(w, http.StatusTooManyRequests, CodeReadQuotaExceed, "Read quota exceed")
		return true
	}
}

func TestRetryAfterSecondsAreHonoured(t *testing.T) {
	f := &fakeSLS{lines: 3, handle: throttledOnce("1")}
	c := newTestClient(t, f)
	began := time.Now()
	res, err := c.GetLogs(context.Background(), GetLogsRequest{Logstore: "ls", From: 1, To: 2, Line: 10})
	require.NoError(t, err)
	assert.Len(t, res.Logs, 3)
	assert.Equal(t, int64(2), f.calls.Load())
	assert.GreaterOrEqual(t, time.Since(began), 950*time.Millisecond, "the server's second, not the 1 ms backoff")
}

func TestRetryAfterDateIsHonoured(t *testing.T) {
	f := &fakeSLS{lines: 3, handle: throttledOnce(time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat))}
	c := newTestClient(t, f)
	began := time.Now()
	_, err := c.GetLogs(context.Background(), GetLogsRequest{Logstore: "ls", From: 1, To: 2})
	require.NoError(t, err)
	// An HTTP date has whole seconds: between 1 and 2 s from now.
	assert.GreaterOrEqual(t, time.Since(began), 900*time.Millisecond)
}

func TestRetryAfterPastTheDeadlineReportsTheThrottle(t *testing.T) {
	f := &fakeSLS{lines: 3, handle: throttledOnce("8")}
	c := newTestClient(t, f)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	began := time.Now()
	_, err := c.GetLogs(ctx, GetLogsRequest{Logstore: "ls", From: 1, To: 2})
	assert.Less(t, time.Since(began), 500*time.Millisecond, "no sleep past the deadline")
	e, ok := AsError(err)
	require.True(t, ok, "%v", err)
	assert.Equal(t, CodeReadQuotaExceed, e.Code)
	assert.Equal(t, 8*time.Second, e.RetryAfter())
	assert.Equal(t, int64(1), f.calls.Load())
}

// A key id with a line break made Go refuse every request, which was
// retried as "cannot reach SLS"; such a failure is now not repeated.
func TestARequestGoRefusesIsNotRetried(t *testing.T) {
	f := &fakeSLS{lines: 3}
	srv := httptest.NewServer(f)
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	c, err := New(Config{Endpoint: u, Project: "demo", AccessKeyID: "id\r\nX-Injected: 1", AccessKeySecret: testSecret, HTTPClient: srv.Client()})
	require.NoError(t, err)
	c = c.WithRetry(RetryPolicy{Attempts: 4, Initial: 300 * time.Millisecond, Max: 300 * time.Millisecond})
	began := time.Now()
	_, err = c.GetLogs(context.Background(), GetLogsRequest{Logstore: "ls", From: 1, To: 2})
	require.Error(t, err)
	assert.Less(t, time.Since(began), 250*time.Millisecond, "tried once")
	assert.Equal(t, int64(0), f.calls.Load())
}

// Two clients of one key, endpoint and project share the project's bound
// of requests in flight; the lowest of their settings wins.
func TestClientsOfOneProjectShareItsConcurrency(t *testing.T) {
	f := &fakeSLS{t: t, lines: 1, handle: func(w http.ResponseWriter, r *http.Request, call int64) bool {
		time.Sleep(15 * time.Millisecond)
		return false
	}}
	srv := httptest.NewServer(f)
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	var clients []*Client
	for _, n := range []int{3, 2} {
		c, err := New(Config{Endpoint: u, Project: "demo", AccessKeyID: testKeyID, AccessKeySecret: testSecret, HTTPClient: srv.Client(), ProjectConcurrency: n})
		require.NoError(t, err)
		defer c.Close()
		clients = append(clients, c)
	}
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := clients[i%2].GetLogs(context.Background(), GetLogsRequest{Logstore: "ls", From: 1, To: 2})
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	assert.Equal(t, int64(2), f.maxSeen.Load())
}
