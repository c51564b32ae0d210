package frames

import "sync"

// ParallelRows is the frame size from which the work done on a whole frame
// once its query's last page is in (derived fields, scrubbing, the Arrow
// encoding) is split across the cores: that work is then the answer's
// time, and on a smaller frame a goroutine costs more than it saves.
const ParallelRows = 4096

// EachField runs do(i) for each of a frame's n fields and returns when all
// are done: one after the other for a frame under ParallelRows rows, each
// on a goroutine of its own from there on.
func EachField(n, rows int, do func(i int)) {
	if rows < ParallelRows {
		for i := range n {
			do(i)
		}
		return
	}
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { do(i) })
	}
	wg.Wait()
}
