package limits

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"time"

	"golang.org/x/time/rate"
)

// Pacer is one instance's handle on its account's shared request rate.
type Pacer struct {
	shared *sharedPacer
	vendor string
	closed bool
}

type sharedPacer struct {
	key     Account
	limiter *rate.Limiter
	holders map[*Pacer]float64 // guarded by registry.mu
}

// NewPacer joins acct's pacer, asking for perSecond requests a second
// (zero, negative or infinite: no limit from this instance).
func NewPacer(acct Account, perSecond float64) *Pacer {
	registry.mu.Lock()
	defer registry.mu.Unlock()
	sp, ok := registry.pacers[acct]
	if !ok {
		sp = &sharedPacer{key: acct, limiter: rate.NewLimiter(rate.Inf, 1), holders: map[*Pacer]float64{}}
		registry.pacers[acct] = sp
	}
	p := &Pacer{shared: sp, vendor: acct.Vendor}
	if math.IsNaN(perSecond) || math.IsInf(perSecond, 0) || perSecond < 0 {
		perSecond = 0
	}
	sp.holders[p] = perSecond
	sp.apply()
	return p
}

// apply sets the limiter to the lowest rate of the live holders. Called
// with registry.mu held.
func (sp *sharedPacer) apply() {
	perSecond := sp.rate()
	limit, burst := rate.Inf, 1
	if !math.IsInf(perSecond, 1) {
		burst = burstFor(perSecond)
		limit = rate.Limit(perSecond - float64(burst-1))
	}
	if sp.limiter.Limit() != limit || sp.limiter.Burst() != burst {
		sp.limiter.SetLimit(limit)
		sp.limiter.SetBurst(burst)
	}
}

// burstFor is how many calls may go at once at perSecond: the calls of
// 10 ms, at least one. With a burst of one, a call that comes to the pacer
// after its turn (its goroutine scheduled late, its slot freed by a reply
// only then) loses that time for good: in the SCF benchmark at 1,000 a
// second the pages reached the service 1.3 ms apart, and a 10-page query
// spent 12 ms being spread out. The limiter's rate is lowered by the burst
// less one, so no second holds more than perSecond + 1 calls, as with a
// burst of one (the vendors count calls a second); under 200 a second the
// burst is one and nothing changes.
func burstFor(perSecond float64) int {
	return max(1, int(perSecond/100))
}

// Rate is the shared rate in force (+Inf when unlimited): the lowest asked
// for; the limiter's own rate is a little lower from 200 a second on
// (burstFor).
func (p *Pacer) Rate() float64 {
	registry.mu.Lock()
	defer registry.mu.Unlock()
	return p.shared.rate()
}

// rate is Rate with registry.mu held.
func (sp *sharedPacer) rate() float64 {
	if v, ok := lowest(sp.holders); ok {
		return v
	}
	return math.Inf(1)
}

// Close leaves the account's pacer; the rate becomes the lowest of the
// instances still open. Closing twice is harmless.
func (p *Pacer) Close() {
	registry.mu.Lock()
	defer registry.mu.Unlock()
	if p.closed {
		return
	}
	p.closed = true
	if !leave(registry.pacers, p.shared.key, p.shared, p.shared.holders, p) {
		p.shared.apply()
	}
}

// Wait blocks until the next call may go. When the queue ahead would keep
// the call waiting past ctx's deadline, it does not wait at all and
// returns *DeadlineError, which says in words what does not fit.
func (p *Pacer) Wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	lim := p.shared.limiter
	r := lim.Reserve()
	delay := r.Delay()
	if delay <= 0 {
		return nil
	}
	if deadline, ok := ctx.Deadline(); ok {
		if left := time.Until(deadline); delay > left {
			r.Cancel()
			return &DeadlineError{Vendor: p.vendor, PerSecond: p.Rate(), Queued: delay, Left: max(left, 0)}
		}
	}
	t := time.NewTimer(delay)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		r.Cancel()
		return ctx.Err()
	}
}

// DeadlineError is a call the pacer could not fit before the query's
// deadline: the calls queued ahead of it (this query's and those of other
// data sources on the same key) take longer than the time left.
type DeadlineError struct {
	Vendor    string
	PerSecond float64
	// Queued is how long this call would have waited; Left what remained
	// of the query's time.
	Queued, Left time.Duration
}

// Over is how many more calls are queued than fit in the time left.
func (e *DeadlineError) Over() int {
	return max(1, int(math.Ceil((e.Queued-e.Left).Seconds()*e.PerSecond)))
}

func (e *DeadlineError) Error() string {
	calls := "calls"
	if e.Over() == 1 {
		calls = "call"
	}
	// "At least": the pacer sees the calls already queued, not those the
	// query would make after them.
	return fmt.Sprintf("%s allows %s requests/s for this key (shared by every data source using it in this Grafana process); "+
		"this query needs at least %d more %s than fit in the %s s left of its timeout: narrow the time range or raise timeoutSeconds in the data source settings",
		e.Vendor, strconv.FormatFloat(e.PerSecond, 'f', -1, 64), e.Over(), calls, strconv.FormatFloat(math.Round(e.Left.Seconds()*10)/10, 'f', -1, 64))
}

// Status is 429: the account's request rate is what ran out.
func (e *DeadlineError) Status() int { return 429 }
