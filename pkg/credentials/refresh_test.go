package credentials

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeClock is a settable clock for the cache's freshness checks.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// issuer hands out numbered credentials living for life on clock.
func issuer(clock *fakeClock, life time.Duration, calls *atomic.Int64) FetchFunc {
	return func(context.Context) (Credentials, error) {
		n := calls.Add(1)
		return Credentials{KeyID: fmt.Sprintf("STS.%d", n), Secret: "s", Token: "t", Expires: clock.now().Add(life)}, nil
	}
}

func TestStaticGivesItsKeys(t *testing.T) {
	c, err := Static{KeyID: "id", Secret: "s", Token: "tok"}.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, Credentials{KeyID: "id", Secret: "s", Token: "tok"}, c)
}

func TestRefreshingCachesUntilTheMarginThenRenews(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 11, 26, 6, 0, 0, 0, time.UTC)}
	var calls atomic.Int64
	p := NewRefreshing(issuer(clock, time.Hour, &calls), WithClock(clock.now))
	ctx := context.Background()

	c, err := p.Retrieve(ctx)
	require.NoError(t, err)
	assert.Equal(t, "STS.1", c.KeyID)
	clock.add(54 * time.Minute) // 6 minutes left: more than the 5-minute margin
	c, _ = p.Retrieve(ctx)
	assert.Equal(t, "STS.1", c.KeyID, "still fresh: cached")
	clock.add(2 * time.Minute) // 4 minutes left: inside the margin
	c, _ = p.Retrieve(ctx)
	assert.Equal(t, "STS.2", c.KeyID, "renewed before expiry")
	assert.Equal(t, int64(2), calls.Load())
}

func TestRefreshingMarginShrinksForShortLivedKeys(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 11, 26, 6, 0, 0, 0, time.UTC)}
	var calls atomic.Int64
	p := NewRefreshing(issuer(clock, 8*time.Second, &calls), WithClock(clock.now))
	c, _ := p.Retrieve(context.Background())
	clock.add(5 * time.Second) // 3 s left; margin is 8s/4 = 2 s
	c2, _ := p.Retrieve(context.Background())
	assert.Equal(t, c.KeyID, c2.KeyID, "used for most of its life, not fetched for every request")
	clock.add(2 * time.Second) // 1 s left
	c3, _ := p.Retrieve(context.Background())
	assert.NotEqual(t, c.KeyID, c3.KeyID)
}

func TestRefreshingConcurrentCallersShareOneFetch(t *testing.T) {
	var calls atomic.Int64
	release := make(chan struct{})
	p := NewRefreshing(func(context.Context) (Credentials, error) {
		calls.Add(1)
		<-release
		return Credentials{KeyID: "STS.x", Secret: "s", Expires: time.Now().Add(time.Hour)}, nil
	})
	var wg sync.WaitGroup
	got := make([]string, 50)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := p.Retrieve(context.Background())
			if err == nil {
				got[i] = c.KeyID
			}
		}()
	}
	time.Sleep(50 * time.Millisecond) // let every caller find the fetch in flight
	close(release)
	wg.Wait()
	assert.Equal(t, int64(1), calls.Load(), "one STS call for 50 concurrent requests")
	for _, id := range got {
		assert.Equal(t, "STS.x", id)
	}
}

func TestRefreshingErrorIsNotCached(t *testing.T) {
	var calls atomic.Int64
	p := NewRefreshing(func(context.Context) (Credentials, error) {
		if calls.Add(1) == 1 {
			return Credentials{}, errors.New("EntityNotExist.Role")
		}
		return Credentials{KeyID: "STS.2", Secret: "s", Expires: time.Now().Add(time.Hour)}, nil
	})
	_, err := p.Retrieve(context.Background())
	require.ErrorContains(t, err, "EntityNotExist.Role")
	c, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "STS.2", c.KeyID)
}

func TestRefreshingKeepsValidKeysWhenARenewalFails(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 11, 26, 6, 0, 0, 0, time.UTC)}
	var calls atomic.Int64
	p := NewRefreshing(func(context.Context) (Credentials, error) {
		if calls.Add(1) == 1 {
			return Credentials{KeyID: "STS.1", Secret: "s", Expires: clock.now().Add(time.Hour)}, nil
		}
		return Credentials{}, errors.New("ServiceUnavailable")
	}, WithClock(clock.now))
	_, _ = p.Retrieve(context.Background())
	clock.add(57 * time.Minute) // inside the margin, not expired
	c, err := p.Retrieve(context.Background())
	require.NoError(t, err, "the renewal failed but the keys still work")
	assert.Equal(t, "STS.1", c.KeyID)
	clock.add(3 * time.Minute) // expired
	_, err = p.Retrieve(context.Background())
	require.ErrorContains(t, err, "ServiceUnavailable")
	assert.Equal(t, int64(3), calls.Load(), "each request inside the margin tries to renew")
}

func TestRefreshingRefusesAnAnswerWithoutKeys(t *testing.T) {
	p := NewRefreshing(func(context.Context) (Credentials, error) { return Credentials{Token: "t"}, nil })
	_, err := p.Retrieve(context.Background())
	require.ErrorContains(t, err, "without an access key")
}

func TestRefreshingTellsOnNewAndInvalidateForcesAFetch(t *testing.T) {
	var seen []string
	var calls atomic.Int64
	clock := &fakeClock{t: time.Now()}
	p := NewRefreshing(issuer(clock, time.Hour, &calls), OnNew(func(c Credentials) { seen = append(seen, c.KeyID) }))
	_, _ = p.Retrieve(context.Background())
	_, _ = p.Retrieve(context.Background())
	p.Invalidate("STS.0") // keys already replaced: the cache is kept
	_, _ = p.Retrieve(context.Background())
	p.Invalidate("STS.1")
	_, _ = p.Retrieve(context.Background())
	assert.Equal(t, []string{"STS.1", "STS.2"}, seen)
}

func TestRefreshingWaiterGivesUpWithItsContext(t *testing.T) {
	block := make(chan struct{})
	defer close(block)
	p := NewRefreshing(func(context.Context) (Credentials, error) { <-block; return Credentials{}, errors.New("late") })
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := p.Retrieve(ctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}
