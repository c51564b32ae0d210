package httpbody

import (
	"bytes"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The whole body comes back whatever the announced length says: right,
// short, long, unknown or absurd (its buffer is capped, then grows).
func TestReadIsTheWholeBodyWhateverWasAnnounced(t *testing.T) {
	body := strings.Repeat("0123456789", 5_000)
	for _, announced := range []int64{int64(len(body)), 10, int64(len(body)) * 3, 0, -1, 1 << 40} {
		got, err := Read(iotest.HalfReader(strings.NewReader(body)), announced)
		require.NoError(t, err, "announced %d", announced)
		assert.Equal(t, body, string(got), "announced %d", announced)
	}
	got, err := Read(strings.NewReader(body), int64(len(body)))
	require.NoError(t, err)
	assert.LessOrEqual(t, cap(got), len(body)+bytes.MinRead, "one buffer of the announced size, not a doubled one")
}

// A body cut off mid-way is an error, with what came.
func TestReadReportsABrokenBody(t *testing.T) {
	got, err := Read(iotest.TimeoutReader(strings.NewReader("abcdef")), 100)
	assert.Error(t, err)
	assert.NotEmpty(t, got)
}
