// Package benchcpu adds the process's CPU time per operation to a Go
// benchmark (cpu-ns/op): user and system time of all threads, so the
// garbage collector's work is counted. On a shared machine ns/op is wall
// time and counts the waits for a core too. Used by the benchmarks of the
// vendor paths (pkg/sls, pkg/scf, pkg/cls).
package benchcpu

import "testing"

// Report starts counting; the returned func, deferred, reports cpu-ns/op.
// Where the process's CPU time cannot be read, nothing is reported.
func Report(b *testing.B) func() {
	start, ok := processCPU()
	return func() {
		end, _ := processCPU()
		if ok && b.N > 0 {
			b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
		}
	}
}
