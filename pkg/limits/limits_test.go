package limits

import (
	"context"
	"math"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func account(t *testing.T) Account {
	return Account{Vendor: "SCF", KeyID: t.Name(), Region: "ap-guangzhou"}
}

// Two instances on one key share one pace: 10 calls, 5 through each
// handle, at 20/s take at least 9 intervals of 50 ms.
func TestPacersOfOneAccountShareTheRate(t *testing.T) {
	a, b := NewPacer(account(t), 5), NewPacer(account(t), 5)
	defer a.Close()
	defer b.Close()
	began := time.Now()
	var wg sync.WaitGroup
	for _, p := range []*Pacer{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 3 {
				assert.NoError(t, p.Wait(context.Background()))
			}
		}()
	}
	wg.Wait()
	assert.GreaterOrEqual(t, time.Since(began), 990*time.Millisecond, "one shared pace of 5/s for 6 calls, not one each")

	// The shared pace's next turn is 200 ms away; another key's is now.
	other := NewPacer(Account{Vendor: "SCF", KeyID: t.Name() + "-other", Region: "ap-guangzhou"}, 5)
	defer other.Close()
	began = time.Now()
	require.NoError(t, other.Wait(context.Background()))
	assert.Less(t, time.Since(began), 150*time.Millisecond, "another key has its own pace")
}

// The lowest rate of the live instances wins; closing one restores the
// lowest of the rest, and the last one out removes the entry.
func TestTheLowestRateWinsUntilItsInstanceCloses(t *testing.T) {
	acct := account(t)
	fast := NewPacer(acct, 10)
	slow := NewPacer(acct, 2)
	unlimited := NewPacer(acct, math.NaN())
	assert.Equal(t, 2.0, fast.Rate())
	slow.Close()
	slow.Close()
	assert.Equal(t, 10.0, fast.Rate())
	fast.Close()
	assert.True(t, math.IsInf(unlimited.Rate(), 1), "no instance asks for a limit")
	unlimited.Close()
	registry.mu.Lock()
	_, left := registry.pacers[acct]
	registry.mu.Unlock()
	assert.False(t, left)
}

// A call whose turn would come after the deadline is not waited for: the
// error says in words how many calls do not fit.
func TestAPacedCallThatCannotFitTheDeadlineSaysSo(t *testing.T) {
	p := NewPacer(account(t), 2)
	defer p.Close()
	require.NoError(t, p.Wait(context.Background()))
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	began := time.Now()
	err := p.Wait(ctx)
	assert.Less(t, time.Since(began), 150*time.Millisecond, "no wait that cannot end in time (the deadline is 200 ms away)")
	var de *DeadlineError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, 1, de.Over())
	assert.Equal(t, 429, de.Status())
	assert.Regexp(t, `^SCF allows 2 requests/s for this key \(shared by every data source using it in this Grafana process\); `+
		`this query needs at least 1 more call than fit in the 0\.[12] s left of its timeout: narrow the time range or raise timeoutSeconds in the data source settings$`, err.Error())

	// The refused call gave its turn back: the next one waits one interval.
	began = time.Now()
	require.NoError(t, p.Wait(context.Background()))
	assert.Less(t, time.Since(began), 600*time.Millisecond)
}

func TestDeadlineErrorCountsTheCallsOver(t *testing.T) {
	e := &DeadlineError{Vendor: "SCF", PerSecond: 5, Queued: 40 * time.Second, Left: 30 * time.Second}
	assert.Equal(t, 50, e.Over())
	assert.Contains(t, e.Error(), "SCF allows 5 requests/s")
	assert.Contains(t, e.Error(), "at least 50 more calls than fit in the 30 s left")
}

// Slots of one account and scope are shared, sized by the lowest request;
// closing that instance lets waiters in.
func TestSlotsOfOneAccountAreSharedPerScope(t *testing.T) {
	acct := Account{Vendor: "CLS", KeyID: t.Name(), Region: "ap-guangzhou"}
	a, b := NewSlots(acct, 3), NewSlots(acct, 1)
	defer a.Close()
	assert.Equal(t, 1, a.Size())
	held, err := a.Acquire(context.Background(), "topic-1")
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	_, err = b.Acquire(ctx, "topic-1")
	assert.ErrorIs(t, err, context.DeadlineExceeded, "the other instance waits for the shared slot")
	free, err := b.Acquire(context.Background(), "topic-2")
	require.NoError(t, err, "another scope is free")
	free()

	got := make(chan func(), 1)
	go func() {
		r, err := a.Acquire(context.Background(), "topic-1")
		assert.NoError(t, err)
		got <- r
	}()
	time.Sleep(20 * time.Millisecond)
	select {
	case <-got:
		t.Fatal("the bound of 1 was exceeded")
	default:
	}
	b.Close() // the bound rises to 3 and the waiter gets in
	select {
	case r := <-got:
		r()
	case <-time.After(time.Second):
		t.Fatal("the waiter was not let in when the bound rose")
	}
	held()
	assert.Equal(t, 3, a.Size())
}

func TestSlotsTakeSeveralScopesInOrderAndGiveThemBack(t *testing.T) {
	s := NewSlots(Account{Vendor: "CLS", KeyID: t.Name()}, 1)
	defer s.Close()
	release, err := s.Acquire(context.Background(), "b", "a", "a")
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err = s.Acquire(ctx, "a")
	assert.ErrorIs(t, err, context.DeadlineExceeded, "a is held")
	release()
	again, err := s.Acquire(context.Background(), "a", "b")
	require.NoError(t, err, "given back")
	again()
	registry.mu.Lock()
	assert.Empty(t, s.shared.byScope, "idle scopes hold nothing")
	registry.mu.Unlock()
}

func TestSlotsUnderLoadNeverExceedTheBound(t *testing.T) {
	acct := Account{Vendor: "SLS", KeyID: t.Name(), Region: "cn-hangzhou.log.aliyuncs.com"}
	handles := []*Slots{NewSlots(acct, 4), NewSlots(acct, 4), NewSlots(acct, 6)}
	var mu sync.Mutex
	inFlight, peak := 0, 0
	var wg sync.WaitGroup
	for i := range 60 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			release, err := handles[i%3].Acquire(context.Background(), "project")
			if !assert.NoError(t, err) {
				return
			}
			mu.Lock()
			inFlight++
			peak = max(peak, inFlight)
			mu.Unlock()
			time.Sleep(time.Millisecond)
			mu.Lock()
			inFlight--
			mu.Unlock()
			release()
		}()
	}
	wg.Wait()
	for _, h := range handles {
		h.Close()
	}
	assert.Equal(t, 4, peak)
}

// A fast pace lets the calls of 10 ms go at once, with the limiter's rate
// lowered to match: a second never holds more than the rate plus one call
// (as with calls one by one), and slow paces are unchanged.
func TestAFastPaceLetsTenMillisecondsOfCallsGoAtOnce(t *testing.T) {
	for _, c := range []struct {
		perSecond float64
		burst     int
		limit     float64
	}{{5, 1, 5}, {0.5, 1, 0.5}, {199, 1, 199}, {200, 2, 199}, {1000, 10, 991}} {
		p := NewPacer(account(t), c.perSecond)
		assert.Equal(t, c.perSecond, p.Rate(), "the rate asked for is the one in force")
		assert.Equal(t, c.burst, p.shared.limiter.Burst(), "%v/s", c.perSecond)
		assert.InDelta(t, c.limit, float64(p.shared.limiter.Limit()), 1e-9, "%v/s", c.perSecond)
		p.Close()
	}

	const perSecond, calls = 400, 500
	p := NewPacer(account(t), perSecond)
	defer p.Close()
	var mu sync.Mutex
	var granted []time.Time
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range calls / 8 {
				assert.NoError(t, p.Wait(context.Background()))
				mu.Lock()
				granted = append(granted, time.Now())
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	slices.SortFunc(granted, func(a, b time.Time) int { return a.Compare(b) })
	busiest := 0
	for i := range granted {
		j := i
		for j < len(granted) && granted[j].Sub(granted[i]) < time.Second {
			j++
		}
		busiest = max(busiest, j-i)
	}
	assert.LessOrEqual(t, busiest, perSecond+1, "calls granted in the busiest second")
}
