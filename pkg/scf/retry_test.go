package scf

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// throttleFirst answers the first call RequestLimitExceeded (in the API
// version's own error shape) with a Retry-After header and the rest as the
// fake does.
func throttleFirst(t *testing.T, version, retryAfter string) (*Client, *atomic.Int64) {
	f := newFake(t, 10, time.Minute, newest)
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", retryAfter)
			if version == APIv2 {
				writeJSON(w, map[string]any{"code": 4400, "codeDesc": "RequestLimitExceeded", "message": "request limit exceeded"})
				return
			}
			writeV3Error(w, "RequestLimitExceeded", "request limit exceeded")
			return
		}
		f.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return f.client(srv, version), &calls
}

func TestSCFRetryAfterIsHonoured(t *testing.T) {
	for _, version := range []string{APIv3, APIv2} {
		t.Run(version, func(t *testing.T) {
			c, calls := throttleFirst(t, version, "1")
			began := time.Now()
			res, err := c.GetFunctionLogs(context.Background(), LogsRequest{Limit: 5, Start: newest.Add(-time.Hour), End: newest})
			require.NoError(t, err)
			assert.Len(t, res.Invocations, 5)
			assert.Equal(t, int64(2), calls.Load())
			assert.GreaterOrEqual(t, time.Since(began), 950*time.Millisecond, "the server's second, not the 1 ms backoff")
		})
	}
}

func TestSCFRetryAfterPastTheDeadlineReportsTheThrottle(t *testing.T) {
	for _, version := range []string{APIv3, APIv2} {
		t.Run(version, func(t *testing.T) {
			c, calls := throttleFirst(t, version, "6")
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			began := time.Now()
			_, err := c.GetFunctionLogs(ctx, LogsRequest{Limit: 5, Start: newest.Add(-time.Hour), End: newest})
			assert.Less(t, time.Since(began), 500*time.Millisecond)
			var api *APIError
			require.ErrorAs(t, err, &api)
			assert.Equal(t, "RequestLimitExceeded", api.Code)
			assert.Equal(t, 6*time.Second, api.RetryAfter())
			assert.Equal(t, int64(1), calls.Load())
		})
	}
}

// Two clients of one SecretId and region share one pace (a region of
// their own here, so that no other test's client shares it).
func TestSCFClientsOfOneKeySharePacing(t *testing.T) {
	f := newFake(t, 10, time.Minute, newest)
	srv := f.server()
	u, _ := url.Parse(srv.URL)
	var clients []*Client
	for range 2 {
		c := New(Config{HTTPClient: srv.Client(), Endpoint: u, Region: "ap-shanghai", SecretID: testID, SecretKey: testSecret,
			Location: shanghai, RequestsPerSecond: 10})
		t.Cleanup(c.Close)
		clients = append(clients, c)
	}
	began := time.Now()
	done := make(chan error, 6)
	for i := range 6 {
		go func() {
			_, err := clients[i%2].GetFunctionLogs(context.Background(), LogsRequest{Limit: 1, Start: newest.Add(-time.Hour), End: newest})
			done <- err
		}()
	}
	for range 6 {
		require.NoError(t, <-done)
	}
	assert.GreaterOrEqual(t, time.Since(began), 450*time.Millisecond, "6 calls at 10/s in all, not 10/s each")
}
