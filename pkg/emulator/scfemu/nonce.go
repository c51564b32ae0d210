package scfemu

import (
	"sync"
	"time"
)

// nonceCache remembers the (SecretId, Nonce) pairs of recent legacy requests:
// the v2 API rejects a Nonce used twice as a replay (code 4500). A pair only
// needs keeping as long as its Timestamp would still be accepted.
type nonceCache struct {
	mu     sync.Mutex
	seen   map[string]time.Time
	window time.Duration
	sweep  time.Time
}

func newNonceCache(window time.Duration) *nonceCache {
	return &nonceCache{seen: map[string]time.Time{}, window: window}
}

// use records the pair and reports false if it was already used.
func (c *nonceCache) use(secretID, nonce string, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if now.Sub(c.sweep) > c.window {
		for k, t := range c.seen {
			if now.Sub(t) > 2*c.window {
				delete(c.seen, k)
			}
		}
		c.sweep = now
	}
	key := secretID + "\x00" + nonce
	if _, dup := c.seen[key]; dup {
		return false
	}
	c.seen[key] = now
	return true
}
