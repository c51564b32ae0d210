package scfemu

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"sync"
	"time"
)

// store holds the invocations sorted by (Start, seq) and grows them lazily
// up to the clock's now.
type store struct {
	mu       sync.RWMutex
	plan     schedule
	invs     []Invocation
	nextDemo int // index of the next demo invocation not yet generated
	nextSeq  int
	// pending are the runs not yet delivered to CLS (DeliverLogs drains it);
	// nil while nobody delivers, so a standalone SCF keeps no copy.
	pending  []Invocation
	delivers bool
	// memo keeps the ordered matches of recent queries for their next pages.
	memo matchMemo
}

func newStore(plan schedule) *store { return &store{plan: plan} }

// catchUp generates the demo invocations that started by now.
func (s *store) catchUp(now time.Time) {
	s.mu.RLock()
	due := !s.plan.startOf(s.nextDemo).After(now)
	s.mu.RUnlock()
	if !due {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for !s.plan.startOf(s.nextDemo).After(now) {
		inv := s.plan.invocation(s.nextDemo)
		inv.seq = s.nextSeq
		s.nextSeq++
		s.nextDemo++
		s.insert(inv)
		if s.delivers {
			s.pending = append(s.pending, inv)
		}
	}
}

// insert keeps invs sorted; demo runs arrive in order, so this appends.
// The remembered matches point into invs and no longer hold: forgotten.
func (s *store) insert(inv Invocation) {
	s.memo.forget()
	i := len(s.invs)
	if i > 0 && inv.Start.Before(s.invs[i-1].Start) {
		i = sort.Search(len(s.invs), func(j int) bool { return s.invs[j].Start.After(inv.Start) })
	}
	s.invs = append(s.invs, Invocation{})
	copy(s.invs[i+1:], s.invs[i:])
	s.invs[i] = inv
}

func (s *store) add(invs []Invocation) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, inv := range invs {
		inv.seq = s.nextSeq
		s.nextSeq++
		s.insert(inv)
		if s.delivers {
			s.pending = append(s.pending, inv)
		}
	}
}

// drain hands over the runs not yet delivered.
func (s *store) drain() []Invocation {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.pending
	s.pending = nil
	return out
}

// Sort fields, in the API 3.0 SDK's snake_case spelling.
const (
	orderByStartTime    = "start_time"
	orderByFunctionName = "function_name"
	orderByRequestID    = "request_id"
	orderByDuration     = "duration"
	orderByMemUsage     = "mem_usage"
)

// orderByFields maps every accepted spelling (SDK snake_case, the docs'
// camelCase) to the sort field.
var orderByFields = map[string]string{
	"start_time": orderByStartTime, "startTime": orderByStartTime,
	"function_name": orderByFunctionName, "functionName": orderByFunctionName,
	"request_id": orderByRequestID, "requestId": orderByRequestID,
	"duration":  orderByDuration,
	"mem_usage": orderByMemUsage, "memUsage": orderByMemUsage,
}

// orders maps the accepted Order values; "acs" is the docs' typo for asc
// (both the Chinese v2 page and the intl API 3.0 page print it), accepted as
// ascending because a client copying the docs would send it.
var orders = map[string]bool{"desc": false, "asc": true, "acs": true}

// logQuery is one validated GetFunctionLogs request.
type logQuery struct {
	Namespace    string
	FunctionName string // empty: every function of the namespace
	RequestID    string
	RetCode      string
	// From and To bound Start at second resolution, both inclusive;
	// the zero time means unbounded.
	From, To  time.Time
	Ascending bool
	OrderBy   string
	Offset    int
	Limit     int
	// Now hides runs that have not ended yet.
	Now time.Time
}

// query returns the total number of matches and the requested page. It
// holds the read lock throughout and copies out only the page; the ordered
// matches come from the memo when the previous page of the same shape left
// them there (matches.go).
func (s *store) query(q logQuery) (int, []Invocation) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	key := matchKeyOf(q)
	m := s.memo.get(key, q.Now)
	if m == nil {
		m = s.match(q)
		s.memo.put(key, m)
	}
	runs := pageOf(m.runs, q.Offset, q.Limit)
	page := make([]Invocation, len(runs))
	for i, inv := range runs {
		page[i] = *inv
	}
	return len(m.runs), page
}

// match filters the runs of q's range and orders them (caller holds s.mu).
// A run still going at q.Now is left out; the Now span the answer holds
// for is noted with it.
func (s *store) match(q logQuery) *matches {
	lo, hi := 0, len(s.invs)
	if !q.From.IsZero() {
		lo = sort.Search(len(s.invs), func(i int) bool { return !s.invs[i].Start.Before(q.From) })
	}
	if !q.To.IsZero() {
		end := q.To.Add(time.Second)
		hi = sort.Search(len(s.invs), func(i int) bool { return !s.invs[i].Start.Before(end) })
	}
	m := &matches{}
	for i := lo; i < hi; i++ {
		inv := &s.invs[i]
		if inv.Namespace != q.Namespace ||
			(q.FunctionName != "" && inv.FunctionName != q.FunctionName) ||
			(q.RequestID != "" && inv.RequestID != q.RequestID) ||
			!inv.matchesRetCode(q.RetCode) {
			continue
		}
		end := inv.Start.Add(time.Duration(inv.Duration * float64(time.Millisecond)))
		if end.After(q.Now) {
			if m.firstRunningEnd.IsZero() || end.Before(m.firstRunningEnd) {
				m.firstRunningEnd = end
			}
			continue
		}
		if m.lastEnd.IsZero() || end.After(m.lastEnd) {
			m.lastEnd = end
		}
		m.runs = append(m.runs, inv)
	}
	sortInvocations(m.runs, q.OrderBy, q.Ascending)
	return m
}

// sortInvocations orders by the field, then by start time and arrival, so
// every order is total and pages never overlap. The store order already is
// (start, arrival), so start_time only needs reversing for desc.
func sortInvocations(invs []*Invocation, field string, ascending bool) {
	if field == orderByStartTime {
		if !ascending {
			slices.Reverse(invs)
		}
		return
	}
	compare := func(a, b *Invocation) int {
		switch field {
		case orderByFunctionName:
			if c := cmp.Compare(a.FunctionName, b.FunctionName); c != 0 {
				return c
			}
		case orderByRequestID:
			if c := cmp.Compare(a.RequestID, b.RequestID); c != 0 {
				return c
			}
		case orderByDuration:
			if c := cmp.Compare(a.Duration, b.Duration); c != 0 {
				return c
			}
		case orderByMemUsage:
			if c := cmp.Compare(a.MemUsage, b.MemUsage); c != 0 {
				return c
			}
		}
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return a.seq - b.seq
	}
	slices.SortFunc(invs, func(a, b *Invocation) int {
		if ascending {
			return compare(a, b)
		}
		return compare(b, a)
	})
}

// newInvocation completes a caller-supplied invocation (AddInvocations).
func newInvocation(inv Invocation, seed uint64) (Invocation, error) {
	if inv.Namespace == "" {
		inv.Namespace = "default"
	}
	if inv.FunctionName == "" {
		return Invocation{}, fmt.Errorf("scfemu: invocation needs a FunctionName")
	}
	if inv.Start.IsZero() {
		return Invocation{}, fmt.Errorf("scfemu: invocation %s/%s needs a Start time", inv.Namespace, inv.FunctionName)
	}
	inv.Start = inv.Start.UTC().Truncate(time.Millisecond)
	if inv.RequestID == "" {
		inv.RequestID = requestID(rand.New(rand.NewPCG(seed, uint64(inv.Start.UnixNano()))))
	}
	if inv.InvokeFinished == 0 {
		inv.InvokeFinished = 1
	}
	return inv, nil
}
