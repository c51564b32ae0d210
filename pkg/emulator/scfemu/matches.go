package scfemu

import (
	"sync"
	"time"
)

// A client pages through one range with the same filters and order, 100
// runs a call: without a memory every page would filter the whole range
// (10,000 runs) and sort it again to hand out 100. matchMemo keeps the
// ordered matches of recent query shapes so the next page is a slice.
//
// An entry is exact, never stale: the store drops every entry when it
// inserts a run (store.insert runs under the write lock, so no query is
// reading one then), and an entry only answers a Now at which the same runs
// have ended, the other runs of its range and filters still running.

// matchKey is everything but Now, Offset and Limit that decides the ordered
// matches. From and To compare as time.Time: the same instant in another
// location only misses, it never answers wrongly.
type matchKey struct {
	namespace, functionName, requestID, retCode string
	from, to                                    time.Time
	orderBy                                     string
	ascending                                   bool
}

func matchKeyOf(q logQuery) matchKey {
	return matchKey{namespace: q.Namespace, functionName: q.FunctionName, requestID: q.RequestID, retCode: q.RetCode,
		from: q.From, to: q.To, orderBy: q.OrderBy, ascending: q.Ascending}
}

// matches is the ordered matches of one query shape and the span of Now
// over which they stay the same: every run in it ended by lastEnd, and the
// runs it left out because they were running end at firstRunningEnd.
type matches struct {
	runs            []*Invocation // read only once remembered: readers share it
	lastEnd         time.Time     // zero when runs is empty
	firstRunningEnd time.Time     // zero when no run was left out for running
}

// holdsAt tells whether the same runs match at now: none of them ends after
// now and none left out has ended by then (the query's own test, end.After(now)).
func (m *matches) holdsAt(now time.Time) bool {
	return (m.lastEnd.IsZero() || !m.lastEnd.After(now)) &&
		(m.firstRunningEnd.IsZero() || m.firstRunningEnd.After(now))
}

// maxRemembered bounds the entries: an entry is a pointer per match, and a
// client pages one or a few shapes at a time.
const maxRemembered = 16

type matchMemo struct {
	mu      sync.Mutex
	entries map[matchKey]*matches
}

func (m *matchMemo) get(key matchKey, now time.Time) *matches {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e := m.entries[key]; e != nil && e.holdsAt(now) {
		return e
	}
	return nil
}

func (m *matchMemo) put(key matchKey, e *matches) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, known := m.entries[key]; m.entries == nil || (!known && len(m.entries) >= maxRemembered) {
		m.entries = make(map[matchKey]*matches)
	}
	m.entries[key] = e
}

// forget drops every entry: the runs moved.
func (m *matchMemo) forget() {
	m.mu.Lock()
	m.entries = nil
	m.mu.Unlock()
}
