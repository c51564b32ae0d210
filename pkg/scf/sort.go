package scf

import (
	"cmp"
	"slices"
	"strings"
)

// SortInvocations orders invocations by a query sort field. Ties fall back
// to start time (same direction) and then request id, so the order is the
// same on every call and paging never repeats or skips a row.
func SortInvocations(invs []Invocation, orderBy string, desc bool) {
	key := func(a, b Invocation) int {
		switch orderBy {
		case OrderByFunctionName:
			return strings.Compare(a.FunctionName, b.FunctionName)
		case OrderByRequestID:
			return strings.Compare(a.RequestID, b.RequestID)
		case OrderByDuration:
			return cmp.Compare(a.DurationMs, b.DurationMs)
		case OrderByMemUsage:
			return cmp.Compare(a.MemUsageBytes, b.MemUsageBytes)
		}
		return 0
	}
	slices.SortStableFunc(invs, func(a, b Invocation) int {
		c := key(a, b)
		if c == 0 {
			c = a.StartTime.Compare(b.StartTime)
		}
		if c == 0 {
			c = strings.Compare(a.RequestID, b.RequestID)
		}
		if desc {
			return -c
		}
		return c
	})
}
