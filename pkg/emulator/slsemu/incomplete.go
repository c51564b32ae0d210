package slsemu

// The Incomplete protocol: with knobs.Settings.IncompleteRounds = N, the
// first N identical calls (same path and parameters; Date and signature do
// not count) answer x-log-progress: Incomplete with a partial result.

import "sync"

// incompleteCounter counts identical queries for the Incomplete protocol.
type incompleteCounter struct {
	mu   sync.Mutex
	seen map[string]int
}

func newIncompleteCounter() *incompleteCounter { return &incompleteCounter{seen: map[string]int{}} }

// next reports whether this call is one of the first `rounds` identical ones.
func (c *incompleteCounter) next(key string, rounds int) bool {
	if rounds <= 0 {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.seen[key]
	c.seen[key] = n + 1
	return n < rounds
}

func (c *incompleteCounter) reset() {
	c.mu.Lock()
	c.seen = map[string]int{}
	c.mu.Unlock()
}
