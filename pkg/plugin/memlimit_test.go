package plugin

import (
	"math"
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSetMemoryLimitDefault(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	old := debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() { debug.SetMemoryLimit(old) })
	assert.Equal(t, int64(DefaultMemoryLimit), SetMemoryLimit())
	assert.Equal(t, int64(DefaultMemoryLimit), debug.SetMemoryLimit(-1))
}

// An operator's GOMEMLIMIT (applied by the runtime at start) is left alone.
func TestSetMemoryLimitKeepsGOMEMLIMIT(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "1GiB")
	old := debug.SetMemoryLimit(1 << 30) // what the runtime made of it
	t.Cleanup(func() { debug.SetMemoryLimit(old) })
	assert.Equal(t, int64(1<<30), SetMemoryLimit())
	assert.Equal(t, int64(1<<30), debug.SetMemoryLimit(-1))
}
