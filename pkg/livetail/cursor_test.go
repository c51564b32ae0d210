package livetail

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

func at(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }

func ids(rows []Row, idx []int) []string {
	out := make([]string, len(idx))
	for i, j := range idx {
		out[i] = rows[j].ID
	}
	return out
}

func TestCursorSendsSettledLinesOnceInTimeOrder(t *testing.T) {
	c := NewCursor(at(0), 3*time.Second)
	from, to := c.Window(at(5))
	assert.Equal(t, at(-3), from, "reads the delay before the cursor again")
	assert.Equal(t, at(2), to, "up to the horizon now − delay")

	rows := []Row{{at(-1), "old"}, {at(1.5), "b"}, {at(0.5), "a"}, {at(2.5), "future"}}
	send, skipped := c.Advance(rows, to, false)
	assert.False(t, skipped)
	assert.Equal(t, []string{"a", "b"}, ids(rows, send), "in time order; before the start and past the horizon held back")
	assert.Equal(t, at(2), c.Time)

	// The next poll reads [-1, 4]: a and b again, the held-back line, and
	// a late line (time 1.8) that arrived within the delay.
	from, to = c.Window(at(7))
	assert.Equal(t, at(-1), from)
	rows = []Row{{at(0.5), "a"}, {at(1.5), "b"}, {at(1.8), "late"}, {at(2.5), "future"}, {at(3.9), "c"}}
	send, _ = c.Advance(rows, to, false)
	assert.Equal(t, []string{"late", "future", "c"}, ids(rows, send))
	assert.Equal(t, at(4), c.Time)
	assert.Equal(t, 4, c.Remembered(), "ids older than the next window's start (1 s) are forgotten")
}

func TestCursorCatchesUpThroughFullAnswers(t *testing.T) {
	c := NewCursor(at(0), time.Second)
	_, to := c.Window(at(11))
	// A full answer (limit 3): the rest of the window comes next.
	rows := []Row{{at(1), "a"}, {at(2), "b"}, {at(3), "c"}}
	send, skipped := c.Advance(rows, to, true)
	assert.Equal(t, []string{"a", "b", "c"}, ids(rows, send))
	assert.False(t, skipped)
	assert.Equal(t, at(3), c.Time)
	from, _ := c.Window(at(11))
	assert.Equal(t, at(3), from, "catching up starts at the last line, not the delay before it")

	rows = []Row{{at(3), "c"}, {at(3), "c2"}, {at(5), "d"}}
	send, _ = c.Advance(rows, to, true)
	assert.Equal(t, []string{"c2", "d"}, ids(rows, send), "lines sharing the last time are not repeated")

	rows = []Row{{at(5), "d"}, {at(7), "e"}}
	send, _ = c.Advance(rows, to, false)
	assert.Equal(t, []string{"e"}, ids(rows, send))
	assert.Equal(t, at(10), c.Time, "a short answer reads the window to its horizon")
}

func TestCursorMovesOnWhenOneTimeHoldsMoreThanTheLimit(t *testing.T) {
	c := NewCursor(at(0), time.Second)
	_, to := c.Window(at(11))
	rows := []Row{{at(2), "a"}, {at(2), "b"}}
	c.Advance(rows, to, true)
	send, skipped := c.Advance(rows, to, true)
	assert.Empty(t, send)
	assert.True(t, skipped, "no progress: the cursor moves to the horizon rather than ask forever")
	assert.Equal(t, to, c.Time)
}

// The editor computes the same channel key (src/liveTail.test.ts reads
// the same vectors).
func TestKeyVectors(t *testing.T) {
	b, err := os.ReadFile("testdata/key_vectors.json")
	require.NoError(t, err)
	var vectors []struct {
		Query     json.RawMessage `json:"query"`
		Canonical string          `json:"canonical"`
		Key       string          `json:"key"`
	}
	require.NoError(t, json.Unmarshal(b, &vectors))
	require.NotEmpty(t, vectors)
	for _, v := range vectors {
		c, err := Canonical(v.Query)
		require.NoError(t, err)
		assert.Equal(t, v.Canonical, string(c))
		k, err := Key(v.Query)
		require.NoError(t, err)
		assert.Equal(t, v.Key, k, string(v.Query))
	}
}

func TestParseQueryChecksTheChannelAndTheType(t *testing.T) {
	raw := json.RawMessage(`{"refId":"A","queryType":"slsLogs","logstore":"app","reverse":true,"limit":5}`)
	key, err := Key(raw)
	require.NoError(t, err)
	q, err := ParseQuery(PathPrefix+key, raw, 500)
	require.NoError(t, err)
	assert.Equal(t, 500, q.Limit, "capped by maxRows")
	var poll map[string]any
	require.NoError(t, json.Unmarshal(q.Poll, &poll))
	assert.Equal(t, false, poll["reverse"], "polls read oldest first")
	assert.EqualValues(t, 500, poll["limit"])
	assert.Equal(t, "app", poll["logstore"])

	_, err = ParseQuery(PathPrefix+"0000", raw, 0)
	assert.ErrorContains(t, err, "is not the channel of this query")
	_, err = ParseQuery("other/"+key, raw, 0)
	assert.ErrorContains(t, err, `unknown channel "other/`)
	sql := json.RawMessage(`{"queryType":"slsSql","logstore":"app"}`)
	key, _ = Key(sql)
	_, err = ParseQuery(PathPrefix+key, sql, 0)
	assert.EqualError(t, err, `live tail follows logs queries (slsLogs, clsLogs, scfLogs); query type "slsSql" cannot be tailed`)
	_, err = ParseQuery(PathPrefix+key, json.RawMessage(`[1]`), 0)
	assert.EqualError(t, err, "live tail: the query must be a JSON object")
}

// SLS rounds a window's start down to whole seconds: lines before the
// window, whose ids the cursor forgot, are not sent again.
func TestCursorIgnoresLinesBeforeTheWindowAVendorRoundsIn(t *testing.T) {
	c := NewCursor(at(0), 3*time.Second)
	_, to := c.Window(at(5.7))
	rows := []Row{{at(1), "a"}}
	send, _ := c.Advance(rows, to, false)
	assert.Equal(t, []string{"a"}, ids(rows, send))
	_, to = c.Window(at(7.7)) // window [-0.3, 4.7]
	send, _ = c.Advance(rows, to, false)
	assert.Empty(t, send)
	from, to := c.Window(at(9.9)) // window [1.7, 6.9]; SLS reads from 1
	assert.Equal(t, at(1.7), from)
	send, _ = c.Advance(rows, to, false)
	assert.Empty(t, send, "a is before the window: not sent again")
}

// SCF selects runs by their start: a run's lines after the horizon are
// sent with the run, once.
func TestCursorSendsARunsLinesPastTheHorizonWithTheRun(t *testing.T) {
	c := NewCursor(at(0), 3*time.Second)
	c.PastHorizon = true
	_, to := c.Window(at(5))
	rows := []Row{{at(1), "run_0"}, {at(2.5), "run_1"}, {at(4), "run_2"}}
	send, _ := c.Advance(rows, to, false)
	assert.Equal(t, []string{"run_0", "run_1", "run_2"}, ids(rows, send))
	_, to = c.Window(at(7))
	send, _ = c.Advance(rows, to, false)
	assert.Empty(t, send, "not again when the run is answered again")
}
