package scfemu

import (
	"sort"
	"time"
)

// queryRef is store.query as it was before matches were remembered between
// pages (commit d442152): every call filters the whole range, sorts and
// copies out the page. The differential tests hold the new query to it.
func (s *store) queryRef(q logQuery) (int, []Invocation) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	lo, hi := 0, len(s.invs)
	if !q.From.IsZero() {
		lo = sort.Search(len(s.invs), func(i int) bool { return !s.invs[i].Start.Before(q.From) })
	}
	if !q.To.IsZero() {
		end := q.To.Add(time.Second)
		hi = sort.Search(len(s.invs), func(i int) bool { return !s.invs[i].Start.Before(end) })
	}
	var matched []*Invocation
	for i := lo; i < hi; i++ {
		inv := &s.invs[i]
		if inv.Namespace != q.Namespace ||
			(q.FunctionName != "" && inv.FunctionName != q.FunctionName) ||
			(q.RequestID != "" && inv.RequestID != q.RequestID) ||
			!inv.matchesRetCode(q.RetCode) ||
			inv.Start.Add(time.Duration(inv.Duration*float64(time.Millisecond))).After(q.Now) {
			continue
		}
		matched = append(matched, inv)
	}

	sortInvocations(matched, q.OrderBy, q.Ascending)
	total := len(matched)
	page := []Invocation{}
	for _, inv := range pageOf(matched, q.Offset, q.Limit) {
		page = append(page, *inv)
	}
	return total, page
}
