package credentials

import (
	"context"
	"errors"
	"sync"
	"time"
)

// DefaultMargin is how long before expiry cached credentials are replaced.
// Five minutes covers a long query's remaining pages and the vendors'
// accepted clock skew (API 3.0: 5 minutes).
const DefaultMargin = 5 * time.Minute

// FetchFunc gets a fresh set of temporary credentials (an STS call).
type FetchFunc func(ctx context.Context) (Credentials, error)

// Refreshing caches temporary credentials and fetches new ones a margin
// before they expire. Concurrent callers that find the cache stale share
// one fetch (single flight), so a burst of queries makes one STS call.
type Refreshing struct {
	fetch  FetchFunc
	margin time.Duration
	now    func() time.Time
	// onNew, when set, is told every newly fetched set (e.g. to add the
	// temporary secret and token to the plugin's scrubber).
	onNew func(Credentials)

	mu       sync.Mutex
	cur      Credentials
	fetched  time.Time // when cur was fetched
	have     bool
	inflight *flight
}

// flight is one fetch in progress; done closes when creds/err are set.
type flight struct {
	done  chan struct{}
	creds Credentials
	err   error
}

// Option adjusts a Refreshing provider.
type Option func(*Refreshing)

// WithMargin sets how long before expiry credentials are renewed.
func WithMargin(d time.Duration) Option { return func(r *Refreshing) { r.margin = d } }

// WithClock replaces time.Now (tests).
func WithClock(now func() time.Time) Option { return func(r *Refreshing) { r.now = now } }

// OnNew registers a callback run with every newly fetched set of
// credentials, before any request is signed with them.
func OnNew(f func(Credentials)) Option { return func(r *Refreshing) { r.onNew = f } }

// NewRefreshing builds a provider around fetch.
func NewRefreshing(fetch FetchFunc, opts ...Option) *Refreshing {
	r := &Refreshing{fetch: fetch, margin: DefaultMargin, now: time.Now}
	for _, o := range opts {
		o(r)
	}
	return r
}

// Retrieve returns the cached credentials while they are fresh, and
// otherwise waits for one shared fetch. A failed fetch is not cached: the
// next request tries again.
func (r *Refreshing) Retrieve(ctx context.Context) (Credentials, error) {
	r.mu.Lock()
	if r.have && r.fresh(r.cur) {
		c := r.cur
		r.mu.Unlock()
		return c, nil
	}
	f := r.inflight
	if f == nil {
		f = &flight{done: make(chan struct{})}
		r.inflight = f
		// The fetch runs detached from the first caller's context, so that
		// one cancelled query does not fail the others waiting on it; it
		// is bounded by fetchTimeout instead.
		go r.run(f)
	}
	r.mu.Unlock()
	select {
	case <-f.done:
		return f.creds, f.err
	case <-ctx.Done():
		return Credentials{}, ctx.Err()
	}
}

// fetchTimeout bounds one STS call made on behalf of waiting queries.
const fetchTimeout = 30 * time.Second

func (r *Refreshing) run(f *flight) {
	ctx, cancel := context.WithTimeout(context.Background(), fetchTimeout)
	defer cancel()
	start := r.now()
	c, err := r.fetch(ctx)
	if err == nil && (c.KeyID == "" || c.Secret == "") {
		err = errors.New("the security token service answered without an access key")
	}
	if err == nil && r.onNew != nil {
		r.onNew(c)
	}
	r.mu.Lock()
	if err == nil {
		r.cur, r.fetched, r.have = c, start, true
	} else if r.have && r.now().Before(r.cur.Expires) {
		// The renewal failed inside the margin: the keys still work, so
		// the requests use them (and the next one tries to renew again)
		// rather than failing on an STS hiccup.
		c, err = r.cur, nil
	}
	r.inflight = nil
	r.mu.Unlock()
	f.creds, f.err = c, err
	close(f.done)
}

// fresh reports whether c (the cached set) can still sign requests: it
// does not expire, or expires later than the margin from now.
func (r *Refreshing) fresh(c Credentials) bool {
	if c.Expires.IsZero() {
		return true
	}
	return r.now().Add(r.marginFor(c)).Before(c.Expires)
}

// marginFor is the renewal margin of c: the configured margin, but at most
// a quarter of c's lifetime, so that short-lived credentials (a role whose
// session the administrator capped, the emulator's seconds) are still used
// for most of their life instead of being fetched for every request.
func (r *Refreshing) marginFor(c Credentials) time.Duration {
	if life := c.Expires.Sub(r.fetched); life > 0 {
		return min(r.margin, life/4)
	}
	return r.margin
}

// Invalidate drops the cached credentials if they are keyID's (any when
// keyID is empty), so the next Retrieve fetches new ones; requests that
// were refused with keys already replaced do not throw away the new ones.
func (r *Refreshing) Invalidate(keyID string) {
	r.mu.Lock()
	if keyID == "" || r.cur.KeyID == keyID {
		r.have = false
	}
	r.mu.Unlock()
}
