package sls

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// GetLogsPagedTo hands every page to the sink once, with the page's index,
// and keeps no lines itself; pages [0, Kept) hold every line once, in order.
func TestPagedToHandsEachPageToTheSink(t *testing.T) {
	for _, counts := range []bool{true, false} {
		f := &fakeSLS{lines: 1050, counts: counts}
		c := newTestClient(t, f)
		var mu sync.Mutex
		got := map[int][]Log{}
		res, err := c.GetLogsPagedTo(context.Background(), GetLogsRequest{Logstore: "ls", From: 1, To: 3}, 5000, 4, func(i int, logs []Log) {
			mu.Lock()
			defer mu.Unlock()
			_, twice := got[i]
			assert.False(t, twice, "page %d sunk twice", i)
			got[i] = logs
		})
		require.NoError(t, err)
		assert.Nil(t, res.Logs, "GetLogsPagedTo keeps no lines")
		assert.Equal(t, 1050, res.Lines)
		assert.Equal(t, 11, res.Kept)
		n := 0
		for i := 0; i < res.Kept; i++ {
			for _, l := range got[i] {
				v, _ := l.Get("n")
				require.Equal(t, strconv.Itoa(n), v, "counts=%v: line %d of page %d", counts, n, i)
				n++
			}
		}
		assert.Equal(t, 1050, n)
	}
}

// A server that sends more lines than a page asked for does not push later
// pages' lines out of place: each page keeps the lines it asked for. (The
// lines used to be joined and cut at the limit, so page 0's extra lines
// stood where page 1's belonged.)
func TestPagedKeepsOnlyTheLinesEachPageAskedFor(t *testing.T) {
	f := &fakeSLS{lines: 250, counts: true}
	f.handle = func(w http.ResponseWriter, r *http.Request, _ int64) bool {
		if r.URL.Query().Get("type") == "histogram" {
			return false
		}
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		var logs []map[string]string
		for i := offset; i < offset+150 && i < f.lines; i++ { // 150, whatever line says
			logs = append(logs, map[string]string{"n": strconv.Itoa(i)})
		}
		if logs == nil {
			logs = []map[string]string{}
		}
		w.Header().Set("x-log-progress", "Complete")
		_ = json.NewEncoder(w).Encode(logs)
		return true
	}
	c := newTestClient(t, f)
	res, err := c.GetLogsPaged(context.Background(), GetLogsRequest{Logstore: "ls", From: 1, To: 3}, 1000, 2)
	require.NoError(t, err)
	require.Len(t, res.Logs, 250)
	for i, l := range res.Logs {
		v, _ := l.Get("n")
		require.Equal(t, strconv.Itoa(i), v, "line %d", i)
	}
}

// A page's slot goes to the next page as soon as its lines are in, not
// once the sink has converted them: with one slot, page 1 is asked for
// while the sink still holds page 0 (counted or not). An empty page keeps
// its slot until it is handled, so nothing is sent past the end.
func TestTheNextPageGoesWhileTheSinkConverts(t *testing.T) {
	for _, counts := range []bool{true, false} {
		f := &fakeSLS{lines: 250, counts: counts}
		asked := make(chan struct{})
		var once sync.Once
		f.handle = func(w http.ResponseWriter, r *http.Request, _ int64) bool {
			if r.URL.Query().Get("offset") == "100" {
				once.Do(func() { close(asked) })
			}
			return false
		}
		c := newTestClient(t, f)
		res, err := c.GetLogsPagedTo(context.Background(), GetLogsRequest{Logstore: "ls", From: 1, To: 3}, 5000, 1, func(i int, logs []Log) {
			if i == 0 {
				select {
				case <-asked:
				case <-time.After(5 * time.Second):
					t.Errorf("counts=%v: page 1 waited for page 0's sink", counts)
				}
			}
		})
		require.NoError(t, err)
		assert.Equal(t, 250, res.Lines)
		assert.Equal(t, 3, res.Kept)
		if counts {
			assert.Equal(t, 3, res.Pages, "no page past the end")
		} else {
			assert.Equal(t, 4, res.Pages, "the empty page that ends the data, and none after it")
		}
	}
}
