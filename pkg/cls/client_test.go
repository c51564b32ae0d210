package cls

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func searchOne(c *Client, ctx context.Context) (*SearchResult, error) {
	return c.Search(ctx, SearchRequest{TopicIDs: []string{"tp"}, From: t0, To: t0.Add(time.Hour), Syntax: SyntaxCQL, Limit: 10})
}

func TestNewAppliesTheDocumentedDefaults(t *testing.T) {
	c := New(Config{})
	assert.Equal(t, 5, c.cfg.TopicConcurrency)
	assert.Equal(t, 4, c.cfg.MaxAttempts)
	assert.Equal(t, 200*time.Millisecond, c.cfg.Backoff)
	assert.Equal(t, DefaultEndpoint, c.cfg.Endpoint.String())
	assert.NotNil(t, c.cfg.Now)
	assert.Equal(t, 15, New(Config{TopicConcurrency: 40}).cfg.TopicConcurrency, "CLS runs 15 per topic; more would only be refused")
}

func TestRetriesTransientFailures(t *testing.T) {
	for _, code := range []string{"LimitExceeded.LogSearch", "RequestLimitExceeded", "InternalError", "InternalError.ServerBusy", "FailedOperation.TagQpsLimit", "500", "truncate"} {
		t.Run(code, func(t *testing.T) {
			f := newFakeCLS(t)
			f.add("tp", 5, func(i int) int64 { return at(int64(i)) })
			f.failures = []fakeFailure{{"SearchLog", code}, {"SearchLog", code}}
			res, err := searchOne(f.client(nil), context.Background())
			require.NoError(t, err)
			assert.Len(t, res.Logs, 5)
			assert.Len(t, f.actions("SearchLog"), 3)
		})
	}
}

func TestDoesNotRetryWhatWouldFailAgain(t *testing.T) {
	for _, code := range []string{"FailedOperation.SyntaxError", "FailedOperation.SearchTimeout", "AuthFailure.SecretIdNotFound", "ResourceNotFound.TopicNotExist", "LimitExceeded.SearchResources"} {
		f := newFakeCLS(t)
		f.add("tp", 5, func(i int) int64 { return at(int64(i)) })
		f.failures = []fakeFailure{{"SearchLog", code}}
		_, err := searchOne(f.client(nil), context.Background())
		api, ok := AsAPIError(err)
		require.True(t, ok, code)
		assert.Equal(t, code, api.Code)
		assert.Equal(t, "SearchLog", api.Action)
		assert.Equal(t, "tp", api.TopicID)
		assert.Equal(t, "req-"+code, api.RequestID)
		assert.Len(t, f.actions("SearchLog"), 1, code)
	}
}

func TestRetriesGiveUpAfterMaxAttempts(t *testing.T) {
	f := newFakeCLS(t)
	f.add("tp", 5, func(i int) int64 { return at(int64(i)) })
	for i := 0; i < 10; i++ {
		f.failures = append(f.failures, fakeFailure{"SearchLog", "LimitExceeded.LogSearch"})
	}
	_, err := searchOne(f.client(func(c *Config) { c.MaxAttempts = 3 }), context.Background())
	api, ok := AsAPIError(err)
	require.True(t, ok)
	assert.Equal(t, http.StatusTooManyRequests, api.Status())
	assert.Len(t, f.actions("SearchLog"), 3)
}

func TestBackoffDoublesAndNeverOutlastsTheDeadline(t *testing.T) {
	f := newFakeCLS(t)
	f.add("tp", 5, func(i int) int64 { return at(int64(i)) })
	f.failures = []fakeFailure{{"", "InternalError"}, {"", "InternalError"}, {"", "InternalError"}}
	c := f.client(func(c *Config) { c.Backoff = 40 * time.Millisecond; c.MaxAttempts = 4 })
	start := time.Now()
	_, err := searchOne(c, context.Background())
	require.NoError(t, err)
	// Full jitter: waits of 0..40, 0..80 and 0..160 ms (pkg/retry tests the
	// spread), so three retries take at most 280 ms.
	assert.Less(t, time.Since(start), 400*time.Millisecond)
	assert.Len(t, f.actions("SearchLog"), 4)

	f.failures = []fakeFailure{{"", "InternalError"}, {"", "InternalError"}}
	slow := f.client(func(c *Config) { c.Backoff = 10 * time.Second })
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, err = searchOne(slow, ctx)
	assert.Less(t, time.Since(start), time.Second, "a wait past the deadline is not started")
	api, ok := AsAPIError(err)
	require.True(t, ok, "%v", err)
	assert.Equal(t, "InternalError", api.Code, "the cause is reported, not a bare deadline")
}

func TestGzipAnswersAreDecompressed(t *testing.T) {
	f := newFakeCLS(t)
	f.gzip = true
	f.add("tp", 50, func(i int) int64 { return at(int64(i)) })
	res, err := searchOne(f.client(nil), context.Background())
	require.NoError(t, err)
	assert.Len(t, res.Logs, 10)
	assert.Equal(t, "gzip", f.actions("SearchLog")[0].header.Get("Accept-Encoding"))
}

func TestNetworkFailuresAreRetriedThenReported(t *testing.T) {
	u, _ := url.Parse("http://127.0.0.1:1")
	c := New(Config{Endpoint: u, Backoff: time.Millisecond, MaxAttempts: 2})
	_, err := searchOne(c, context.Background())
	var ne *NetworkError
	require.ErrorAs(t, err, &ne)
	assert.Equal(t, http.StatusBadGateway, ne.Status())
	assert.Contains(t, err.Error(), "check the endpoint in the data source settings")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = searchOne(c, ctx)
	assert.True(t, errors.Is(err, context.Canceled))
}
