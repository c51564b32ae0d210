package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/settings"
)

// inFlightServer answers every request after a pause, as an SLS that holds
// no logs (GetLogs and GetHistograms alike: an empty array, Complete), and
// records the most requests it saw at once.
type inFlightServer struct {
	now, most atomic.Int64
	total     atomic.Int64
}

func (s *inFlightServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := s.now.Add(1)
	defer s.now.Add(-1)
	s.total.Add(1)
	for m := s.most.Load(); n > m && !s.most.CompareAndSwap(m, n); m = s.most.Load() {
	}
	time.Sleep(20 * time.Millisecond)
	w.Header().Set("x-log-progress", "Complete")
	_, _ = io.WriteString(w, "[]")
}

// A dashboard of 30 panels, each its own request to the plugin, shares the
// instance's budget: never more than `concurrency` vendor requests at once.
func TestInstanceBudgetIsSharedByAllQueries(t *testing.T) {
	srv := &inFlightServer{}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	jd, _ := json.Marshal(map[string]any{"service": "sls", "endpoint": hs.URL, "project": "demo", "accessKeyId": "id", "concurrency": 3})
	inst, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{ID: 1, UID: "b", JSONData: jd,
		DecryptedSecureJSONData: map[string]string{"accessKeySecret": "secret"}})
	require.NoError(t, err)
	ds := inst.(*Datasource)
	require.NoError(t, ds.settingsErr)
	assert.Equal(t, 3, ds.budget.size())

	now := time.Now()
	// One page a query (limit 100: no count, no speculative page), so no
	// request is ever cancelled: a cancelled request frees its slot at once
	// while the server may still be sleeping on it, which would blur the count.
	q, _ := json.Marshal(map[string]any{"queryType": "slsLogs", "logstore": "app-log", "limit": 100})
	done := make(chan error, 30)
	for panel := 0; panel < 30; panel++ {
		go func() {
			resp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{{
				RefID: "A", QueryType: "slsLogs", JSON: q, TimeRange: backend.TimeRange{From: now.Add(-time.Hour), To: now},
			}}})
			if err == nil {
				err = resp.Responses["A"].Error
			}
			done <- err
		}()
	}
	for i := 0; i < 30; i++ {
		require.NoError(t, <-done)
	}
	assert.LessOrEqual(t, srv.most.Load(), int64(3), "the budget bounds the instance")
	assert.Len(t, ds.budget.slots, 0, "every slot came back")
	assert.GreaterOrEqual(t, srv.total.Load(), int64(30), "every panel asked")
}

// A request waiting for a slot gives up when its query's time is up, and a
// slot comes back when the body is closed, read to the end, or the call fails.
func TestBudgetSlotsComeBack(t *testing.T) {
	srv := &inFlightServer{}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	b := newBudget(1)
	// The budget alone, without the pool limits: HTTP/2 multiplexes many
	// requests on one connection, so the pool's per-host cap does not bound
	// requests in flight; the budget does.
	hc, err := httpclient.New(httpclient.Options{Middlewares: []httpclient.Middleware{b.middleware()}})
	require.NoError(t, err)

	resp, err := hc.Get(hs.URL) // holds the only slot until closed
	require.NoError(t, err)
	assert.Len(t, b.slots, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, hs.URL, nil)
	_, err = hc.Do(req)
	require.ErrorIs(t, err, context.DeadlineExceeded, "waited for the slot, not sent")
	require.NoError(t, resp.Body.Close())

	resp, err = hc.Get(hs.URL)
	require.NoError(t, err)
	_, _ = io.ReadAll(resp.Body) // read to the end, not closed
	resp, err = hc.Get(hs.URL)
	require.NoError(t, err, "reading to the end gave the slot back")
	require.NoError(t, resp.Body.Close())

	_, err = hc.Get("http://127.0.0.1:1/") // refused
	require.Error(t, err)
	resp, err = hc.Get(hs.URL)
	require.NoError(t, err, "a failed call gave the slot back")
	require.NoError(t, resp.Body.Close())
	assert.Len(t, b.slots, 0)
}

// The HTTP/1.1 keep-alive pool is sized to the budget, HTTP/2 is attempted,
// and the SDK's own middlewares stay.
func TestClientOptionsSizeThePoolToTheBudget(t *testing.T) {
	for _, n := range []int{1, settings.DefaultConcurrency, settings.MaxConcurrency} {
		s := settings.Settings{TimeoutSeconds: 7, Concurrency: n}
		opts, err := clientOptions(context.Background(), s, backend.DataSourceInstanceSettings{JSONData: []byte(`{}`)}, newBudget(n))
		require.NoError(t, err)
		assert.Equal(t, n, opts.Timeouts.MaxConnsPerHost, n)
		assert.Equal(t, n, opts.Timeouts.MaxIdleConnsPerHost, n)
		assert.GreaterOrEqual(t, opts.Timeouts.MaxIdleConns, n)
		assert.Equal(t, 7*time.Second, opts.Timeouts.Timeout)
		tr := &http.Transport{}
		opts.ConfigureTransport(opts, tr)
		assert.True(t, tr.ForceAttemptHTTP2)
		var names []string
		for _, m := range opts.Middlewares {
			if named, ok := m.(httpclient.MiddlewareName); ok {
				names = append(names, named.MiddlewareName())
			}
		}
		assert.Equal(t, len(httpclient.DefaultMiddlewares())+1, len(opts.Middlewares), fmt.Sprint(names))
		assert.Contains(t, names, "cloudlogs-budget")
	}
}

// Without any pool limit, the budget alone bounds the requests in flight.
func TestBudgetBoundsRequestsInFlight(t *testing.T) {
	srv := &inFlightServer{}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	b := newBudget(3)
	hc, err := httpclient.New(httpclient.Options{Middlewares: []httpclient.Middleware{b.middleware()}})
	require.NoError(t, err)
	errs := make(chan error, 20)
	for i := 0; i < 20; i++ {
		go func() {
			resp, err := hc.Get(hs.URL)
			if err == nil {
				_, _ = io.Copy(io.Discard, resp.Body)
				err = resp.Body.Close()
			}
			errs <- err
		}()
	}
	for i := 0; i < 20; i++ {
		require.NoError(t, <-errs)
	}
	assert.LessOrEqual(t, srv.most.Load(), int64(3))
	assert.Equal(t, int64(20), srv.total.Load())
	assert.Len(t, b.slots, 0, "every slot came back")
}
