package scfemu

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// schedule places demo invocation i at a deterministic time: the i-th slot
// of a fixed grid plus a seeded jitter inside the slot, so times only grow
// with i and the data "keeps being written" as the clock moves on.
type schedule struct {
	seed      int64
	origin    time.Time
	slot      time.Duration
	functions []Function
	total     float64 // sum of weights
}

func newSchedule(seed int64, origin time.Time, span time.Duration, invocations int, functions []Function) schedule {
	s := schedule{seed: seed, origin: origin, slot: span / time.Duration(invocations), functions: functions}
	if s.slot <= 0 {
		s.slot = time.Millisecond
	}
	for _, f := range functions {
		s.total += f.weight
	}
	return s
}

func (s schedule) rng(i int) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(s.seed), uint64(i)))
}

// startOf is when invocation i starts (ms precision, UTC).
func (s schedule) startOf(i int) time.Time {
	jitter := s.rng(i).Float64() * 0.9
	t := s.origin.Add(time.Duration((float64(i) + jitter) * float64(s.slot)))
	return t.UTC().Truncate(time.Millisecond)
}

// invocation builds demo invocation i; the first draw of its rng is the
// jitter used by startOf.
func (s schedule) invocation(i int) Invocation {
	r := s.rng(i)
	_ = r.Float64() // the jitter, see startOf
	f := s.pickFunction(r.Float64())
	inv := Invocation{
		Namespace:      f.Namespace,
		FunctionName:   f.Name,
		RequestID:      requestID(r),
		Start:          s.startOf(i),
		InvokeFinished: 1,
	}
	result := outcomeOK
	if r.Float64() < f.failRate {
		result = f.failKinds[r.IntN(len(f.failKinds))]
	}
	inv.Duration = round3(between(r, f.durationMs))
	memMB := between(r, f.memoryMB)
	switch result {
	case outcomeTimeout:
		inv.Duration = round3(float64(f.Timeout)*1000 + r.Float64()*5)
	case outcomeMemoryLimit:
		memMB = float64(f.MemorySize)
	}
	inv.MemUsage = int64(memMB * 1024 * 1024)
	if result != outcomeOK && r.Float64() < 0.3 {
		inv.RetryNum = uint64(1 + r.IntN(2))
	}
	inv.RetCode, inv.RetMsg, inv.Log = renderRun(f, inv, result, r)
	return inv
}

func (s schedule) pickFunction(u float64) Function {
	x := u * s.total
	for _, f := range s.functions {
		if x < f.weight {
			return f
		}
		x -= f.weight
	}
	return s.functions[len(s.functions)-1]
}

func between(r *rand.Rand, span [2]float64) float64 {
	// Skewed towards the low end, as real latencies are.
	u := r.Float64()
	return span[0] + (span[1]-span[0])*u*u
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// requestID looks like SCF's time-based UUIDs (b5a9c642-9c51-11e7-a46e-5254001df6c6).
func requestID(r *rand.Rand) string {
	return fmt.Sprintf("%08x-%04x-11%02x-%04x-5254%08x",
		r.Uint32(), r.Uint32()&0xffff, r.Uint32()&0xff, 0x8000|r.Uint32()&0x3fff, r.Uint32())
}
