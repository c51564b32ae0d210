package scfemu

import (
	"sync"
	"time"
)

// rateLimiter is a token bucket per SecretId (burst = rate, at least 1), the
// shape of SCF's published per-account GetFunctionLogs limit.
type rateLimiter struct {
	mu      sync.Mutex
	rate    float64 // tokens per second; <= 0 means no limit
	buckets map[string]*bucket
	now     func() time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newRateLimiter(rate float64, now func() time.Time) *rateLimiter {
	return &rateLimiter{rate: rate, buckets: map[string]*bucket{}, now: now}
}

func (l *rateLimiter) burst() float64 { return max(l.rate, 1) }

// allow takes one token for key, or reports that the key is over its rate.
func (l *rateLimiter) allow(key string) bool {
	if l.rate <= 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{tokens: l.burst(), last: now}
		l.buckets[key] = b
	}
	if elapsed := now.Sub(b.last).Seconds(); elapsed > 0 {
		b.tokens = min(l.burst(), b.tokens+elapsed*l.rate)
		b.last = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}
