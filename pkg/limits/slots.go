package limits

import (
	"context"
	"slices"
)

// Slots is one instance's handle on its account's shared bounds of calls
// in flight per scope (a CLS topic, an SLS project).
type Slots struct {
	shared *sharedSlots
	closed bool
}

type sharedSlots struct {
	key     Account
	holders map[*Slots]float64 // guarded by registry.mu
	size    int                // the lowest of the holders' sizes
	byScope map[string]*semaphore
}

// semaphore counts one scope's calls in flight; its waiters are served in
// order as slots free. Guarded by registry.mu.
type semaphore struct {
	inUse   int
	waiters []chan struct{}
}

// NewSlots joins acct's slots, asking for at most size calls in flight
// per scope (at least 1).
func NewSlots(acct Account, size int) *Slots {
	registry.mu.Lock()
	defer registry.mu.Unlock()
	ss, ok := registry.slots[acct]
	if !ok {
		ss = &sharedSlots{key: acct, holders: map[*Slots]float64{}, byScope: map[string]*semaphore{}}
		registry.slots[acct] = ss
	}
	s := &Slots{shared: ss}
	ss.holders[s] = float64(max(size, 1))
	ss.resize()
	return s
}

// resize sets the size to the lowest of the holders' and lets waiters in
// if it grew. Called with registry.mu held.
func (ss *sharedSlots) resize() {
	v, ok := lowest(ss.holders)
	if !ok {
		return
	}
	ss.size = int(v)
	for _, sem := range ss.byScope {
		ss.wake(sem)
	}
}

func (ss *sharedSlots) wake(sem *semaphore) {
	for sem.inUse < ss.size && len(sem.waiters) > 0 {
		close(sem.waiters[0])
		sem.waiters = sem.waiters[1:]
		sem.inUse++
	}
}

// Size is the bound in force.
func (s *Slots) Size() int {
	registry.mu.Lock()
	defer registry.mu.Unlock()
	return s.shared.size
}

// Close leaves the account's slots; the bound becomes the lowest of the
// instances still open. Calls in flight keep their slots. Closing twice is
// harmless.
func (s *Slots) Close() {
	registry.mu.Lock()
	defer registry.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	if !leave(registry.slots, s.shared.key, s.shared, s.shared.holders, s) {
		s.shared.resize()
	}
}

// Acquire takes one slot of every scope, waiting until each is free or ctx
// ends, and returns the function that gives them back. Scopes are taken in
// sorted order, so two multi-scope calls never hold each other's slots
// while waiting for their own.
func (s *Slots) Acquire(ctx context.Context, scopes ...string) (release func(), err error) {
	if len(scopes) == 0 {
		return func() {}, nil
	}
	sorted := slices.Clone(scopes)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	var held []string
	release = func() {
		for _, scope := range held {
			s.shared.release(scope)
		}
	}
	for _, scope := range sorted {
		if err := s.shared.acquire(ctx, scope); err != nil {
			release()
			return nil, err
		}
		held = append(held, scope)
	}
	return release, nil
}

func (ss *sharedSlots) acquire(ctx context.Context, scope string) error {
	registry.mu.Lock()
	sem, ok := ss.byScope[scope]
	if !ok {
		sem = &semaphore{}
		ss.byScope[scope] = sem
	}
	if sem.inUse < ss.size && len(sem.waiters) == 0 {
		sem.inUse++
		registry.mu.Unlock()
		return nil
	}
	ready := make(chan struct{})
	sem.waiters = append(sem.waiters, ready)
	registry.mu.Unlock()
	select {
	case <-ready:
		return nil
	case <-ctx.Done():
		registry.mu.Lock()
		if i := slices.Index(sem.waiters, ready); i >= 0 {
			sem.waiters = slices.Delete(sem.waiters, i, i+1)
			registry.mu.Unlock()
			return ctx.Err()
		}
		registry.mu.Unlock()
		// The slot was handed over just as ctx ended: give it back.
		ss.release(scope)
		return ctx.Err()
	}
}

func (ss *sharedSlots) release(scope string) {
	registry.mu.Lock()
	defer registry.mu.Unlock()
	sem := ss.byScope[scope]
	sem.inUse--
	ss.wake(sem)
	if sem.inUse == 0 && len(sem.waiters) == 0 {
		// Scopes come and go with dashboards; an idle one holds nothing.
		delete(ss.byScope, scope)
	}
}
