package clsemu

import (
	"net/http"
	"sync"
)

// maxConcurrentPerTopic is CLS's limit: at most 15 SearchLog,
// DescribeLogHistogram and DescribeLogContext calls run on one topic at a
// time; the 16th is LimitExceeded.LogSearch (CLS.md 2.3, 8).
const maxConcurrentPerTopic = 15

// slots counts running searches per topic, their peak, and calls per action.
type slots struct {
	mu    sync.Mutex
	limit int
	inUse map[string]int
	peak  map[string]int
	calls map[string]int
}

func newSlots(limit int) *slots {
	return &slots{limit: limit, inUse: map[string]int{}, peak: map[string]int{}, calls: map[string]int{}}
}

func (l *slots) count(action string) {
	l.mu.Lock()
	l.calls[action]++
	l.mu.Unlock()
}

// acquire takes a slot on every topic, or none and the first full topic.
func (l *slots) acquire(topics []string) (func(), string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, t := range topics {
		if l.inUse[t] >= l.limit {
			return nil, t
		}
	}
	for _, t := range topics {
		l.inUse[t]++
		l.peak[t] = max(l.peak[t], l.inUse[t])
	}
	return func() {
		l.mu.Lock()
		for _, t := range topics {
			l.inUse[t]--
		}
		l.mu.Unlock()
	}, ""
}

// enter holds a search slot on each topic for the rest of the action, and
// applies the latency knob while holding it (so tests can pile calls up).
func (s *Server) enter(r *http.Request, topics ...string) (func(), *apiError) {
	release, full := s.slots.acquire(topics)
	if release == nil {
		s.ctl.Sleep(r)
		return nil, errLogSearchLimit(full)
	}
	s.ctl.Sleep(r)
	return release, nil
}

// PeakConcurrency is the most SearchLog/DescribeLogHistogram/
// DescribeLogContext calls that ran on the topic at once since the start or
// ResetCounters.
func (s *Server) PeakConcurrency(topicID string) int {
	s.slots.mu.Lock()
	defer s.slots.mu.Unlock()
	return s.slots.peak[topicID]
}

// Calls is how many authenticated calls of the action were served
// (errors of the action included) since the start or ResetCounters.
func (s *Server) Calls(action string) int {
	s.slots.mu.Lock()
	defer s.slots.mu.Unlock()
	return s.slots.calls[action]
}

// ResetCounters zeroes the peaks and the call counts.
func (s *Server) ResetCounters() {
	s.slots.mu.Lock()
	defer s.slots.mu.Unlock()
	s.slots.peak = map[string]int{}
	s.slots.calls = map[string]int{}
}
