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

// A snippet is cut at SnippetLen, never inside a key or token (plain,
// URL-encoded or JSON-escaped) nor inside a UTF-8 character: a token is
// shown whole (the scrubber then finds it) or not at all.
func TestSnippetNeverHalvesAToken(t *testing.T) {
	assert.Equal(t, "short answer", Snippet([]byte("  short answer\n")))
	exact := strings.Repeat("x", SnippetLen)
	assert.Equal(t, exact, Snippet([]byte(exact)))

	for _, token := range []string{"LTAI5tSecretKeyValue+/=0123456789abcdef", "STS.Tok%2Ben%2Fwith%3Dsigns", `STS.Tok\u002ben\/with`} {
		for _, at := range []int{SnippetLen - 30, SnippetLen - 5, SnippetLen - 1} {
			body := strings.Repeat("a ", at/2) + strings.Repeat(" ", at%2) + token + " and the rest of the page " + strings.Repeat("z ", 100)
			got := Snippet([]byte(body))
			assert.True(t, strings.HasSuffix(got, "…"), got)
			if strings.Contains(got, token[:3]) {
				assert.Contains(t, got, token, "token at %d shown in part: %q", at, got)
			}
			assert.LessOrEqual(t, len(got), SnippetLen+len("…"))
		}
	}
	// A token the whole length of the snippet: nothing of it is shown.
	assert.Equal(t, "…", Snippet([]byte(strings.Repeat("A", 3*SnippetLen))))
	// A cut through a word of other characters stays at SnippetLen bytes,
	// but backs off to the start of a UTF-8 character.
	words := strings.Repeat("é", SnippetLen)
	got := Snippet([]byte(words))
	assert.True(t, strings.HasSuffix(got, "…"))
	assert.Equal(t, strings.Repeat("é", SnippetLen/2)+"…", got)
	odd := "x" + words
	assert.Equal(t, "x"+strings.Repeat("é", (SnippetLen-1)/2)+"…", Snippet([]byte(odd)))
}
