package cls

import (
	"context"
	"slices"
	"sync"
)

// topicSlots bounds the calls in flight per topic. CLS runs at most 15
// searches per topic at once, shared with the account's alarms, dashboards
// and scheduled SQL (CLS.md §2.3, URL-limits); past that it answers
// LimitExceeded.LogSearch. Waiting here for a slot is cheaper than being
// refused and retried, and leaves room for those other users.
type topicSlots struct {
	size    int
	mu      sync.Mutex
	byTopic map[string]chan struct{}
}

func newTopicSlots(size int) *topicSlots {
	return &topicSlots{size: size, byTopic: map[string]chan struct{}{}}
}

// acquire takes one slot of every topic, waiting until each is free or ctx
// ends, and returns the function that gives them back. Topics are taken in
// sorted order, so two multi-topic calls never hold each other's slots
// while waiting for their own.
func (s *topicSlots) acquire(ctx context.Context, topics []string) (release func(), err error) {
	if len(topics) == 0 {
		return func() {}, nil
	}
	sorted := slices.Clone(topics)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	held := make([]chan struct{}, 0, len(sorted))
	release = func() {
		for _, ch := range held {
			<-ch
		}
	}
	for _, topic := range sorted {
		ch := s.channel(topic)
		select {
		case ch <- struct{}{}:
			held = append(held, ch)
		case <-ctx.Done():
			release()
			return nil, ctx.Err()
		}
	}
	return release, nil
}

// channel is a topic's semaphore, made on first use. Topics are few (the
// ones a data source's dashboards query), so they are never dropped.
func (s *topicSlots) channel(topic string) chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, ok := s.byTopic[topic]
	if !ok {
		ch = make(chan struct{}, s.size)
		s.byTopic[topic] = ch
	}
	return ch
}
