package plugin

import (
	"io"
	"net/http"
	"sync"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
)

// budget is a data source instance's allowance of vendor requests in flight
// (settings.Concurrency), shared by every query, look-up and health check of
// the instance. Each query also pages with at most that many requests, but
// Grafana runs the panels of a dashboard as separate requests at once: 30
// panels would otherwise open 30 × concurrency connections and run into the
// vendor's limit (SLS: 100 concurrent search statements per project). The
// budget sits in the instance's HTTP client, so every service's client
// obeys it without knowing about it, and the HTTP pool is sized to it.
type budget struct {
	slots chan struct{}
}

func newBudget(n int) *budget {
	return &budget{slots: make(chan struct{}, max(n, 1))}
}

// size is how many requests may be in flight at once.
func (b *budget) size() int { return cap(b.slots) }

// middleware holds a slot from before the request is sent until its answer's
// body is closed or read to the end: the connection is busy until then. A
// request whose context ends while it waits for a slot is not sent.
func (b *budget) middleware() httpclient.Middleware {
	return httpclient.NamedMiddlewareFunc("cloudlogs-budget", func(_ httpclient.Options, next http.RoundTripper) http.RoundTripper {
		return httpclient.RoundTripperFunc(func(req *http.Request) (*http.Response, error) {
			select {
			case b.slots <- struct{}{}:
			case <-req.Context().Done():
				return nil, req.Context().Err()
			}
			release := sync.OnceFunc(func() { <-b.slots })
			resp, err := next.RoundTrip(req)
			if err != nil {
				release()
				return nil, err
			}
			resp.Body = &budgetBody{ReadCloser: resp.Body, release: release}
			return resp, nil
		})
	})
}

// budgetBody gives the slot back when the body is closed, or as soon as it
// has been read to the end (a reader that forgets to close still frees it).
type budgetBody struct {
	io.ReadCloser
	release func()
}

func (b *budgetBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil {
		b.release()
	}
	return n, err
}

func (b *budgetBody) Close() error {
	err := b.ReadCloser.Close()
	b.release()
	return err
}

// poolOptions sizes the keep-alive pool to the budget: as many connections
// per host as requests may be in flight, all kept idle between queries so a
// dashboard refresh does not dial (and handshake TLS) again; HTTP/2 is
// attempted where the endpoint offers it (the SDK's transport does not ask
// for it once it sets its own dialer and TLS configuration).
func poolOptions(opts *httpclient.Options, b *budget) {
	t := httpclient.TimeoutOptions{}
	if opts.Timeouts != nil {
		t = *opts.Timeouts
	}
	t.MaxConnsPerHost = b.size()
	t.MaxIdleConnsPerHost = b.size()
	// An SCF instance also reaches CLS: room for two hosts' idle pools.
	t.MaxIdleConns = max(t.MaxIdleConns, 2*b.size())
	opts.Timeouts = &t
	prev := opts.ConfigureTransport
	opts.ConfigureTransport = func(o httpclient.Options, tr *http.Transport) {
		if prev != nil {
			prev(o, tr)
		}
		tr.ForceAttemptHTTP2 = true
	}
	if opts.Middlewares == nil {
		// Setting any middleware drops the SDK's defaults; keep them.
		opts.Middlewares = httpclient.DefaultMiddlewares()
	}
	opts.Middlewares = append(opts.Middlewares, b.middleware())
}
