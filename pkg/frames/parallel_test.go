package frames

import (
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Every field is visited once, one after the other or at once.
func TestEachFieldVisitsEveryFieldOnce(t *testing.T) {
	for _, rows := range []int{0, ParallelRows - 1, ParallelRows, 10 * ParallelRows} {
		var seen [7]atomic.Int32
		EachField(len(seen), rows, func(i int) { seen[i].Add(1) })
		for i := range seen {
			assert.EqualValues(t, 1, seen[i].Load(), "rows %d, field %d", rows, i)
		}
	}
}
