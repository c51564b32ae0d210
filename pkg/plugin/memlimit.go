package plugin

import (
	"os"
	"runtime/debug"
)

// DefaultMemoryLimit is the plugin's soft memory limit (runtime/debug
// SetMemoryLimit) unless GOMEMLIMIT says otherwise.
//
// Why: with Go's default pacing (GOGC=100) the heap may grow to twice what
// was live after the last collection before the next one starts. A large
// logs query is live mostly at its end, when the SDK encodes the frame as
// Arrow (the frame, the Arrow arrays and the IPC buffer are all live at
// once), so its peak resident set was about twice that. Under the soft
// limit the collector runs sooner once the heap nears it, and small queries,
// far below it, are not affected at all. It is soft: a heap that needs more
// gets more (the runtime then gives the collector at most about half the
// CPU), so a query is never refused for it. 384 MiB rather than lower: on a
// quiet machine a 100,000-line query's peak is the same (~470 MiB) from
// 256 to 384 MiB, but at 256 the collector runs all through the encoding
// (+50 % CPU); at 384 it costs no measurable CPU (docs/benchmarks.md).
const DefaultMemoryLimit = 384 << 20

// SetMemoryLimit applies DefaultMemoryLimit, unless the GOMEMLIMIT
// environment variable (which the runtime has already applied) is set.
// It returns the limit in force.
func SetMemoryLimit() int64 {
	if os.Getenv("GOMEMLIMIT") != "" {
		return debug.SetMemoryLimit(-1) // -1 reads it
	}
	debug.SetMemoryLimit(DefaultMemoryLimit)
	return DefaultMemoryLimit
}
