// Package limits is the plugin process's one registry of the vendors'
// limits that belong to an account, not to a data source instance: SCF's
// requests per second per SecretId, CLS's concurrent searches per topic and
// the concurrent requests per SLS project. Every data source instance that
// uses the same key in the same region (and topic or project) gets a handle
// on the same pacer or slots, so two instances sharing a key together stay
// under the vendor's limit instead of each using all of it.
//
// When the instances sharing a limit are configured differently, the
// lowest value of the live instances wins: an instance whose settings ask
// for less is never overrun by another's. A handle is released by Close
// (the service's Dispose, when Grafana drops the instance after a settings
// change or deletion); the limit then rises back to the lowest of the
// instances still open.
//
// The registry lives in one process: Grafana replicas in HA each have their
// own, so with N replicas an account sees up to N times the configured rate
// and concurrency.
package limits

import (
	"math"
	"sync"
)

// Account is who a limit belongs to: the vendor, the key id (never the
// secret) and the region or endpoint the key is used in.
type Account struct {
	Vendor string
	KeyID  string
	Region string
}

// registry holds the shared limits; entries go when their last handle closes.
var registry = struct {
	mu     sync.Mutex
	pacers map[Account]*sharedPacer
	slots  map[Account]*sharedSlots
}{pacers: map[Account]*sharedPacer{}, slots: map[Account]*sharedSlots{}}

// lowest is the smallest of the holders' values; ok is false when none
// holds a finite, positive one.
func lowest[H comparable](holders map[H]float64) (v float64, ok bool) {
	v = math.Inf(1)
	for _, x := range holders {
		if x > 0 && x < v {
			v = x
		}
	}
	return v, !math.IsInf(v, 1)
}

// leave takes holder h out of a shared limit's holders and, when it was
// the last, the shared limit out of the registry (unless a newer one has
// taken its key). It reports whether the shared limit is gone; otherwise
// the caller applies the lowest setting of those left. Called with
// registry.mu held.
func leave[S comparable, H comparable](reg map[Account]S, key Account, shared S, holders map[H]float64, h H) (gone bool) {
	delete(holders, h)
	if len(holders) > 0 {
		return false
	}
	if reg[key] == shared {
		delete(reg, key)
	}
	return true
}
