package plugin

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestTuneGCDefault(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	t.Setenv("GOGC", "")
	old := debug.SetMemoryLimit(math.MaxInt64)
	oldPercent := debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetMemoryLimit(old); debug.SetGCPercent(oldPercent) })
	assert.Equal(t, int64(DefaultMemoryLimit), TuneGC())
	assert.Equal(t, int64(DefaultMemoryLimit), debug.SetMemoryLimit(-1))
	assert.Equal(t, DefaultGCPercent, debug.SetGCPercent(DefaultGCPercent))
}

// An operator's GOGC is kept.
func TestTuneGCKeepsGOGC(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	t.Setenv("GOGC", "50")
	oldPercent := debug.SetGCPercent(50) // what the runtime made of it
	t.Cleanup(func() { debug.SetGCPercent(oldPercent) })
	TuneGC()
	assert.Equal(t, 50, debug.SetGCPercent(50))
}

// An operator's GOMEMLIMIT (applied by the runtime at start) is left alone.
func TestTuneGCKeepsGOMEMLIMIT(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "1GiB")
	old := debug.SetMemoryLimit(1 << 30) // what the runtime made of it
	t.Cleanup(func() { debug.SetMemoryLimit(old) })
	assert.Equal(t, int64(1<<30), TuneGC())
	assert.Equal(t, int64(1<<30), debug.SetMemoryLimit(-1))
}

func TestLimitFollowsALargeLiveHeap(t *testing.T) {
	assert.Equal(t, int64(DefaultMemoryLimit), limitFor(0))
	assert.Equal(t, int64(DefaultMemoryLimit), limitFor(90<<20), "a quarter over 90 MiB is still under the default")
	assert.Equal(t, int64(500<<20), limitFor(400<<20), "a quarter over a large live heap")
}

// After a collection the limit is the one for the heap found live, so a
// live heap above the default does not leave the collector running
// without pause.
func TestLimitIsResetAfterACollection(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	old := debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() { debug.SetMemoryLimit(old) })
	TuneGC()
	live := make([][]byte, 0, 200)
	for range 200 {
		live = append(live, make([]byte, 1<<20)) // 200 MiB live
	}
	want := limitFor(200 << 20)
	assert.Eventually(t, func() bool {
		runtime.GC()
		return debug.SetMemoryLimit(-1) >= want
	}, 5*time.Second, 50*time.Millisecond)
	runtime.KeepAlive(live)
	live = nil
	assert.Eventually(t, func() bool {
		runtime.GC()
		return debug.SetMemoryLimit(-1) == DefaultMemoryLimit
	}, 5*time.Second, 50*time.Millisecond, "back to the default once the heap is small again")
}
