package cls

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gatewayFirst answers the first call as a gateway in front of CLS would,
// 503 with Retry-After and no API envelope, and hands the rest to f.
func gatewayFirst(t *testing.T, f *fakeCLS, retryAfter string) (*Client, *atomic.Int64) {
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", retryAfter)
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, "<html>busy</html>")
			return
		}
		f.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	f.t = t
	u, _ := url.Parse(srv.URL)
	c := New(Config{HTTPClient: srv.Client(), Endpoint: u, Region: "ap-guangzhou", SecretID: testID, SecretKey: testSecret, Backoff: time.Millisecond})
	t.Cleanup(c.Close)
	c.contextCap = f.contextCap
	return c, &calls
}

func TestRetryAfterIsHonoured(t *testing.T) {
	f := newFakeCLS(t)
	f.add("tp", 5, func(i int) int64 { return at(int64(i)) })
	c, calls := gatewayFirst(t, f, "1")
	began := time.Now()
	res, err := searchOne(c, context.Background())
	require.NoError(t, err)
	assert.Len(t, res.Logs, 5)
	assert.Equal(t, int64(2), calls.Load())
	assert.GreaterOrEqual(t, time.Since(began), 950*time.Millisecond, "waited the server's second, not the 1 ms backoff")
}

// A Retry-After longer than the time left is not slept through: the 503
// is reported while the query can still show it.
func TestRetryAfterPastTheDeadlineFailsAtOnce(t *testing.T) {
	f := newFakeCLS(t)
	f.add("tp", 5, func(i int) int64 { return at(int64(i)) })
	c, calls := gatewayFirst(t, f, "5")
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	began := time.Now()
	_, err := searchOne(c, ctx)
	assert.Less(t, time.Since(began), 250*time.Millisecond)
	api, ok := AsAPIError(err)
	require.True(t, ok, "%v", err)
	assert.Equal(t, "HTTP503", api.Code)
	assert.Equal(t, 5*time.Second, api.RetryAfter())
	assert.Equal(t, int64(1), calls.Load())
}

// An unknown host fails the same way every time: one attempt, no backoff.
func TestAnUnresolvableHostIsNotRetried(t *testing.T) {
	u, _ := url.Parse("http://cls.invalid")
	c := New(Config{Endpoint: u, Backoff: time.Second, MaxAttempts: 4})
	defer c.Close()
	began := time.Now()
	_, err := searchOne(c, context.Background())
	var ne *NetworkError
	require.ErrorAs(t, err, &ne)
	assert.False(t, ne.Retryable())
	assert.Less(t, time.Since(began), 900*time.Millisecond, "no retry waits")
}

// Two clients of one key share CLS's per-topic bound: with 2 slots each,
// at most 2 searches of the topic are in flight together.
func TestClientsOfOneKeyShareTheTopicSlots(t *testing.T) {
	f := newFakeCLS(t)
	f.delay = 20 * time.Millisecond
	f.add("tp", 5, func(i int) int64 { return at(int64(i)) })
	a := f.client(func(c *Config) { c.TopicConcurrency = 2 })
	b := f.client(func(c *Config) { c.TopicConcurrency = 2 })
	done := make(chan error, 12)
	for i := range 12 {
		go func() {
			_, err := searchOne([]*Client{a, b}[i%2], context.Background())
			done <- err
		}()
	}
	for range 12 {
		require.NoError(t, <-done)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	assert.Equal(t, 2, f.maxInflight["tp"])
}
