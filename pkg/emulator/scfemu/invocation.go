package scfemu

import (
	"math"
	"time"
)

// outcome is how an invocation ended; it decides RetCode, RetMsg and the
// Filter.RetCode classes.
type outcome int

const (
	outcomeOK outcome = iota
	outcomeUserError
	outcomeTimeout
	outcomeMemoryLimit
)

// RetCode values. 0 is success (SDK FunctionLog doc); the failure codes are
// SCF's function status codes (430 user code exception, 433 time limit, 434
// memory limit; "云函数状态码", doc 583/35311). The SDK also documents 2
// (running) and 3 (interrupted): the emulator shows a run only once it ended.
const (
	RetCodeOK          = 0
	RetCodeUserError   = 430
	RetCodeTimeout     = 433
	RetCodeMemoryLimit = 434
)

// Invocation is one stored function run.
type Invocation struct {
	Namespace    string
	FunctionName string
	RequestID    string
	// Start is when the run began (UTC, millisecond precision).
	Start    time.Time
	Duration float64 // ms
	MemUsage int64   // bytes
	RetCode  int64
	RetMsg   string
	Log      string
	RetryNum uint64
	// InvokeFinished is 1 for a finished run, 0 while it runs.
	InvokeFinished int64

	// seq orders runs that share every sort key, so paging is stable.
	seq int
}

// BillDuration rounds the duration up to the next 100 ms, as the v2 doc says
// ("根据 duration 向上取最近的 100ms"); a run is billed at least 100 ms.
func (inv Invocation) BillDuration() int64 {
	bill := int64(math.Ceil(inv.Duration/100)) * 100
	if bill < 100 {
		bill = 100
	}
	return bill
}

// matchesRetCode tells whether an invocation matches a Filter.RetCode value.
func (inv Invocation) matchesRetCode(filter string) bool {
	switch filter {
	case "":
		return true
	case "not0":
		return inv.RetCode != RetCodeOK
	case "is0":
		return inv.RetCode == RetCodeOK
	case "TimeLimitExceeded":
		return inv.RetCode == RetCodeTimeout
	case "ResourceLimitExceeded":
		return inv.RetCode == RetCodeMemoryLimit
	case "UserCodeException":
		return inv.RetCode == RetCodeUserError
	}
	return false
}

// retCodeFilters are the accepted Filter.RetCode values.
var retCodeFilters = map[string]bool{"not0": true, "is0": true, "TimeLimitExceeded": true, "ResourceLimitExceeded": true, "UserCodeException": true}
