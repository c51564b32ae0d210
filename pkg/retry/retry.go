// Package retry is the one retry loop the vendor clients (pkg/sls, pkg/scf,
// pkg/cls) share: which transport failures are worth repeating, capped
// exponential backoff with full jitter, the server's Retry-After honoured,
// and never a wait that would end past the query's deadline. What counts
// as retryable among a vendor's own error codes stays with each client.
package retry

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Policy bounds the attempts of one call.
type Policy struct {
	// Attempts is how often a call is tried in all (1: never repeated).
	Attempts int
	// Initial and Max bound the backoff: the n-th retry waits a random time
	// in [0, min(Max, Initial·2ⁿ⁻¹)] (full jitter).
	Initial, Max time.Duration
	// MaxRetryAfter caps a server's Retry-After: a longer one is treated as
	// this long, so one answer cannot park a query for minutes.
	MaxRetryAfter time.Duration
}

// Default is four attempts with waits of up to 200 ms, 400 ms and 800 ms,
// and Retry-After honoured up to 10 s.
var Default = Policy{Attempts: 4, Initial: 200 * time.Millisecond, Max: 2 * time.Second, MaxRetryAfter: 10 * time.Second}

// Hinted is an error that carries the server's Retry-After.
type Hinted interface {
	RetryAfter() time.Duration
}

// Backoff is the full-jitter wait before retry n (1 for the first retry).
// Concurrent pages that failed together spread out instead of retrying
// in lockstep and being refused together again.
func (p Policy) Backoff(n int) time.Duration {
	ceiling := p.Initial
	for i := 1; i < n && ceiling < p.Max; i++ {
		ceiling *= 2
	}
	if p.Max > 0 {
		ceiling = min(ceiling, p.Max)
	}
	if ceiling <= 0 {
		return 0
	}
	return rand.N(ceiling + 1)
}

// Wait is how long to wait before retry n after err: the jittered backoff,
// or the server's Retry-After (capped) when that is longer.
func (p Policy) Wait(n int, err error) time.Duration {
	d := p.Backoff(n)
	var h Hinted
	if errors.As(err, &h) {
		if ra := h.RetryAfter(); ra > 0 {
			if p.MaxRetryAfter > 0 {
				ra = min(ra, p.MaxRetryAfter)
			}
			d = max(d, ra)
		}
	}
	return d
}

// Do runs once until it succeeds, fails with an error retryable does not
// accept (or one wrapped by Final), or has been tried p.Attempts times, and
// returns its last error. A wait that would end past ctx's deadline is not
// started: the last error is returned at once, while the query can still
// show it.
func Do(ctx context.Context, p Policy, retryable func(error) bool, once func() error) error {
	for n := 1; ; n++ {
		err := once()
		var final finalError
		if errors.As(err, &final) {
			return final.err
		}
		if err == nil || n >= p.Attempts || ctx.Err() != nil || !retryable(err) {
			return err
		}
		if !Sleep(ctx, p.Wait(n, err)) {
			return err
		}
	}
}

// Final makes Do return err as it is, without another attempt, even when
// err itself is retryable: e.g. a throttle answer that the pacer has no
// time left to try again.
func Final(err error) error { return finalError{err} }

type finalError struct{ err error }

func (e finalError) Error() string { return e.err.Error() }
func (e finalError) Unwrap() error { return e.err }

// Sleep waits d unless that would end past ctx's deadline or ctx ends
// first; it reports whether the whole wait took place.
func Sleep(ctx context.Context, d time.Duration) bool {
	if !Fits(ctx, d) {
		return false
	}
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// Fits reports whether a wait of d ends before ctx's deadline.
func Fits(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return !ok || time.Until(deadline) > d
}

// Transport reports whether a transport failure may pass when the request
// is sent again: the connection was reset, aborted or closed mid-answer.
// A name that does not resolve, a refused connection, a bad certificate or
// a request Go refuses to send (a control character in a header) fail the
// same way every time, so they fail at once.
func Transport(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNABORTED) || errors.Is(err, syscall.EPIPE) ||
		// Go's transport says this of a kept-alive connection the server
		// closed as the request went out; it has no exported error value.
		strings.Contains(err.Error(), "server closed idle connection") ||
		// HTTP/2 streams refused or reset by the server (GOAWAY on shutdown).
		strings.Contains(err.Error(), "REFUSED_STREAM") || strings.Contains(err.Error(), "server sent GOAWAY")
}

// ParseRetryAfter reads a Retry-After header: delay seconds or an HTTP
// date (RFC 9110 §10.2.3); zero when absent, unreadable or in the past.
func ParseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		// Bound before multiplying, so a huge value cannot overflow.
		return time.Duration(min(secs, 24*3600)) * time.Second
	}
	if at, err := http.ParseTime(v); err == nil && at.After(now) {
		return at.Sub(now)
	}
	return 0
}
