package scfemu

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// movableClock is a data clock a test sets, forwards and backwards.
type movableClock struct{ ns atomic.Int64 }

func (c *movableClock) Now() time.Time      { return time.Unix(0, c.ns.Load()).UTC() }
func (c *movableClock) Set(t time.Time)     { c.ns.Store(t.UnixNano()) }
func (c *movableClock) Add(d time.Duration) { c.ns.Add(int64(d)) }

// diffServer is a small demo account whose clock the test moves.
func diffServer(t *testing.T, seed int64) (*Server, *movableClock) {
	t.Helper()
	clock := &movableClock{}
	clock.Set(testNow)
	srv, err := New(Config{KeyID: testKeyID, KeySecret: testKeySecret, Seed: seed, Invocations: 3000, Days: 1,
		Location: shanghai, Now: clock.Now, RequestsPerSecond: -1}, nil)
	require.NoError(t, err)
	return srv, clock
}

// randomRuns adds runs around now: equal starts (ties broken by arrival),
// equal durations and memory (ties broken by start), runs still going at
// now and long after, every outcome.
func randomRuns(r *rand.Rand, now time.Time, n int, ids []string) []Invocation {
	names := []string{"hello-node", "order-api", "image-resize"}
	codes := []int64{RetCodeOK, RetCodeOK, RetCodeUserError, RetCodeTimeout, RetCodeMemoryLimit}
	runs := make([]Invocation, n)
	for i := range runs {
		start := now.Add(-time.Duration(r.IntN(7200)) * time.Second).Add(time.Duration(r.IntN(3)) * 250 * time.Millisecond)
		ns, fn := "default", names[r.IntN(len(names))]
		if r.IntN(5) == 0 {
			ns, fn = "staging", "hello-node"
		}
		runs[i] = Invocation{Namespace: ns, FunctionName: fn, Start: start, Duration: float64(r.IntN(4)) * 1500.5,
			MemUsage: int64(r.IntN(3)) << 20, RetCode: codes[r.IntN(len(codes))], Log: fmt.Sprintf("run %d", i)}
		if r.IntN(4) > 0 {
			runs[i].RequestID = ids[r.IntN(len(ids))] // repeated ids: FunctionRequestId may match several
		}
		if r.IntN(10) == 0 {
			runs[i].Duration = float64(r.IntN(3600_000)) // still going for up to an hour
		}
	}
	return runs
}

// randomQuery is one query shape; paging repeats a shape with other offsets.
func randomQuery(r *rand.Rand, now time.Time, ids []string) logQuery {
	q := logQuery{Namespace: "default", Limit: 1 + r.IntN(100), Now: now}
	if r.IntN(5) == 0 {
		q.Namespace = "staging"
	}
	if r.IntN(2) == 0 {
		q.FunctionName = []string{"hello-node", "order-api", "image-resize", "report-java"}[r.IntN(4)]
	}
	if r.IntN(6) == 0 {
		q.RequestID = ids[r.IntN(len(ids))]
	}
	q.RetCode = []string{"", "", "", "not0", "is0", "TimeLimitExceeded", "ResourceLimitExceeded", "UserCodeException"}[r.IntN(8)]
	if r.IntN(4) > 0 { // API 3.0 always has a range; the legacy API none
		q.To = now.Add(time.Duration(r.IntN(600)-300) * time.Second).Truncate(time.Second)
		q.From = q.To.Add(-time.Duration(1+r.IntN(3*3600)) * time.Second)
		if r.IntN(2) == 0 {
			q.From, q.To = q.From.In(shanghai), q.To.In(shanghai)
		}
	}
	q.OrderBy = []string{orderByStartTime, orderByStartTime, orderByFunctionName, orderByRequestID, orderByDuration, orderByMemUsage}[r.IntN(6)]
	q.Ascending = r.IntN(2) == 0
	return q
}

// TestQueryMatchesReference holds store.query (remembered matches) to the
// query that filtered and sorted on every call, over random pages of random
// shapes while runs are added, the clock moves both ways and runs end.
func TestQueryMatchesReference(t *testing.T) {
	for seed := int64(1); seed <= 4; seed++ {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			srv, clock := diffServer(t, seed)
			r := rand.New(rand.NewPCG(uint64(seed), 99))
			ids := []string{"id-a", "id-b", "id-c", "id-d"}
			require.NoError(t, srv.AddInvocations(randomRuns(r, clock.Now(), 400, ids)...))
			q := randomQuery(r, clock.Now(), ids)
			hits := 0
			for step := 0; step < 3000; step++ {
				switch k := r.IntN(100); {
				case k < 3:
					require.NoError(t, srv.AddInvocations(randomRuns(r, clock.Now(), 1+r.IntN(20), ids)...))
				case k < 8:
					clock.Add(time.Duration(r.IntN(40)-10) * time.Minute / 4) // mostly forward, sometimes back
				case k < 20:
					q = randomQuery(r, clock.Now(), ids)
				}
				q.Now = clock.Now()
				if r.IntN(3) == 0 {
					q.Now = q.Now.Add(-time.Duration(r.IntN(90)) * time.Second) // a Now the memo may not hold for
				}
				srv.store.catchUp(q.Now)
				wantTotal, _ := srv.store.queryRef(q)
				q.Offset = r.IntN(wantTotal + 2)
				if r.IntN(4) == 0 {
					q.Offset = 0
				}
				if srv.store.memo.get(matchKeyOf(q), q.Now) != nil {
					hits++
				}
				total, page := srv.store.query(q)
				wantTotal, wantPage := srv.store.queryRef(q)
				require.Equal(t, wantTotal, total, "step %d: %+v", step, q)
				require.Equal(t, wantPage, page, "step %d: %+v", step, q)
			}
			require.Greater(t, hits, 1000, "the test must exercise remembered matches")
		})
	}
}

// TestQueryRemembersOnlyWhileTheRunsHold: a run that ends after the page
// before shows up on the next page, one added shows up at once.
func TestQueryRemembersOnlyWhileTheRunsHold(t *testing.T) {
	srv, clock := diffServer(t, 3)
	now := clock.Now()
	require.NoError(t, srv.AddInvocations(
		Invocation{FunctionName: "report-java", RequestID: "done", Start: now.Add(-time.Minute), Duration: 1000},
		Invocation{FunctionName: "report-java", RequestID: "going", Start: now.Add(-time.Minute), Duration: 90_000}))
	q := logQuery{Namespace: "default", FunctionName: "report-java", From: now.Add(-2 * time.Minute), To: now.Add(time.Minute),
		OrderBy: orderByStartTime, Limit: 10, Now: now}
	total, _ := srv.store.query(q)
	require.Equal(t, 1, total)
	q.Now = now.Add(29 * time.Second)
	total, _ = srv.store.query(q)
	require.Equal(t, 1, total, "still going")
	q.Now = now.Add(30 * time.Second)
	total, page := srv.store.query(q)
	require.Equal(t, 2, total, "ended at Now")
	require.Equal(t, "going", page[0].RequestID)
	q.Now = now.Add(-59*time.Second - time.Millisecond)
	total, _ = srv.store.query(q)
	require.Zero(t, total, "a clock set back hides both again")
	q.Now = now.Add(time.Hour)
	_, _ = srv.store.query(q)
	require.NoError(t, srv.AddInvocations(Invocation{FunctionName: "report-java", RequestID: "late", Start: now, Duration: 1}))
	total, _ = srv.store.query(q)
	require.Equal(t, 3, total, "added while paging")
}

// TestQueryConcurrentPagesAndArrivals is for the race detector: pages of a
// few shapes read while runs are added; with the arrivals over, every shape
// answers as the reference does.
func TestQueryConcurrentPagesAndArrivals(t *testing.T) {
	srv, clock := diffServer(t, 5)
	ids := []string{"id-a", "id-b"}
	now := clock.Now()
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(g), 1))
			q := randomQuery(r, now, ids)
			for i := 0; i < 300; i++ {
				if g == 0 && i%10 == 0 {
					if err := srv.AddInvocations(randomRuns(r, now, 5, ids)...); err != nil {
						t.Error(err)
						return
					}
				}
				if i%25 == 0 {
					q = randomQuery(r, now, ids)
				}
				q.Offset = i % 7 * 10
				srv.store.query(q)
			}
		}(g)
	}
	wg.Wait()
	r := rand.New(rand.NewPCG(9, 9))
	for i := 0; i < 200; i++ {
		q := randomQuery(r, now, ids)
		q.Offset = r.IntN(50)
		total, page := srv.store.query(q)
		wantTotal, wantPage := srv.store.queryRef(q)
		require.Equal(t, wantTotal, total)
		require.Equal(t, wantPage, page)
	}
}
