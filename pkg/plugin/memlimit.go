package plugin

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// DefaultMemoryLimit is the plugin's soft memory limit (runtime/debug
// SetMemoryLimit) while the live heap is small, unless GOMEMLIMIT says
// otherwise; above it the limit follows the live heap (limitFor).
//
// Why: with Go's default pacing (GOGC=100) the heap may grow to twice what
// was live after the last collection before the next one starts. A large
// logs answer is live as a whole at its end (the frame's text, sent as it is
// by pkg/grpcanswer), so without a limit its peak resident set was about
// twice that. Under the limit the collector runs sooner once the heap nears
// it; queries far below it are not affected at all. Measured on a
// 100,000-line query (docs/benchmarks.md): peak RSS 206 MiB at 384 MiB,
// 149 MiB at 128 MiB, 142 MiB at 120 MiB, for about the same CPU; below
// that only the CPU changes.
const DefaultMemoryLimit = 120 << 20

// DefaultGCPercent is GOGC while the soft limit is in force, unless GOGC
// says otherwise. Why: with a small live heap, GOGC=100 collects every few
// megabytes, several times a query (a 1,000-line SLS query allocates
// ~2.7 MB); the limit, not GOGC, is what bounds memory here, so the
// collector may wait for five times the live heap: the 1,000-line path
// takes ~30 % less CPU (docs/benchmarks.md) and the 100,000-line peak is
// the same.
const DefaultGCPercent = 400

// liveHeadroom is how far above the live heap the limit stays once the live
// heap outgrows DefaultMemoryLimit: a quarter, as GOGC=25 would. A fixed
// limit below the live heap would make the collector run without pause
// (the runtime then caps it at about half the CPU); a query is never
// refused for memory.
const liveHeadroom = 4

// limitFor is the soft limit for a live heap of live bytes.
func limitFor(live uint64) int64 {
	return max(int64(DefaultMemoryLimit), int64(live)+int64(live)/liveHeadroom)
}

// TuneGC sets the collector up for the plugin: DefaultGCPercent and
// DefaultMemoryLimit, the limit then following the live heap after each
// collection; unless the GOMEMLIMIT environment variable (which the runtime
// has already applied) is set, in which case GOGC is left alone too. A GOGC
// variable is always kept. It returns the memory limit in force.
func TuneGC() int64 {
	if os.Getenv("GOMEMLIMIT") != "" {
		return debug.SetMemoryLimit(-1) // -1 reads it
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(DefaultGCPercent)
	}
	debug.SetMemoryLimit(DefaultMemoryLimit)
	followLiveHeap.Do(armGCWatch)
	return DefaultMemoryLimit
}

var followLiveHeap sync.Once

// gcSentinel is collected by every garbage collection: its cleanup then
// resets the limit for the heap found live and sets up the next one. It
// holds a pointer so the runtime does not batch it with other small
// objects (which would delay its collection).
type gcSentinel struct {
	_ *gcSentinel
	_ [48]byte
}

func armGCWatch() {
	runtime.AddCleanup(&gcSentinel{}, func(struct{}) {
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(s)
		if s[0].Value.Kind() == metrics.KindUint64 && os.Getenv("GOMEMLIMIT") == "" {
			debug.SetMemoryLimit(limitFor(s[0].Value.Uint64()))
		}
		armGCWatch()
	}, struct{}{})
}
