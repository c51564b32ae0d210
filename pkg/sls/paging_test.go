package sls

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// answerCount answers GetHistograms with two Complete buckets holding the
// fake's lines between them, as SLS counts a range.
func (f *fakeSLS) answerCount(w http.ResponseWriter, r *http.Request) bool {
	if r.URL.Query().Get("type") != "histogram" {
		return false
	}
	w.Header().Set("x-log-progress", "Complete")
	half := f.lines / 2
	_, _ = fmt.Fprintf(w, `[{"from":1,"to":2,"count":%d,"progress":"Complete"},{"from":2,"to":3,"count":%d,"progress":"Complete"}]`, half, f.lines-half)
	return true
}

// requestLog records what the fake was asked, by kind.
type requestLog struct {
	mu         sync.Mutex
	pages      []string // offset:line
	histograms int
}

func (l *requestLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return fmt.Sprintf("%d histograms, pages %v", l.histograms, l.pages)
}

func (l *requestLog) handle(w http.ResponseWriter, r *http.Request, _ int64) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	q := r.URL.Query()
	if q.Get("type") == "histogram" {
		l.histograms++
	} else {
		l.pages = append(l.pages, q.Get("offset")+":"+q.Get("line"))
	}
	return false
}

// The bound of issue 11: requests ≤ pages that carry data + 1, where the
// +1 is the GetHistograms call (counted as one request, like a page), and
// an empty result still looks at page 0 (sent with the count).
func TestPagingCountFirstSendsOnlyDataPages(t *testing.T) {
	cases := []struct{ lines, limit, offset, concurrency, wantLines int }{
		{1000, 1000, 0, 16, 1000},
		{1000, 5000, 0, 16, 1000},
		{1000, 5000, 0, 4, 1000},
		{1000, 5000, 0, 1, 1000},
		{10_500, 10_000, 0, 16, 10_000},
		{1050, 5000, 0, 8, 1050},
		{250, 1000, 20, 3, 230},
		{250, 1000, 250, 3, 0},
		{0, 1000, 0, 16, 0},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%d lines, limit %d, offset %d, c %d", tc.lines, tc.limit, tc.offset, tc.concurrency), func(t *testing.T) {
			log := &requestLog{}
			f := &fakeSLS{lines: tc.lines, counts: true, handle: log.handle}
			c := newTestClient(t, f)
			res, err := c.GetLogsPaged(context.Background(), GetLogsRequest{Logstore: "ls", From: 1, To: 3, Offset: int64(tc.offset)}, tc.limit, tc.concurrency)
			require.NoError(t, err, log.String())
			require.Len(t, res.Logs, tc.wantLines, log.String())
			for i, l := range res.Logs {
				v, _ := l.Get("n")
				require.Equal(t, strconv.Itoa(tc.offset+i), v, "every line once, in order")
			}
			dataPages := (tc.wantLines + MaxLinesPerCall - 1) / MaxLinesPerCall
			// The first wave (the pages the limit needs, as many as the slots
			// beside the count allow) goes out with the count, so a query
			// whose data fills its limit takes one round trip. Its pages past
			// the data are the only requests beyond data pages + 1, and the
			// count (or an empty page) cancels them at once.
			firstWave := min(tc.concurrency-1, (tc.limit+MaxLinesPerCall-1)/MaxLinesPerCall)
			// res.Calls counts every request sent, a page cancelled in flight
			// included (the service may or may not have seen it), so it is
			// the stricter figure to bound; the fake saw no more than that.
			assert.LessOrEqual(t, res.Calls, max(dataPages, firstWave, 1)+1)
			if tc.wantLines >= tc.limit {
				assert.LessOrEqual(t, res.Calls, dataPages+1, "data that fills the limit: no request past it")
			}
			assert.LessOrEqual(t, f.calls.Load(), int64(res.Calls))
			assert.True(t, res.Complete)
			assert.LessOrEqual(t, f.maxSeen.Load(), int64(tc.concurrency), "concurrency bounds the count and the pages together")
		})
	}
}

// When the count says nothing is there, page 0 (sent with it) is cancelled
// at once rather than waited for.
func TestPagingCancelsPageZeroWhenCountIsZero(t *testing.T) {
	f := &fakeSLS{lines: 0, counts: true}
	f.handle = func(w http.ResponseWriter, r *http.Request, _ int64) bool {
		select { // page 0 hangs until cancelled
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
		return false
	}
	c := newTestClient(t, f)
	start := time.Now()
	res, err := c.GetLogsPaged(context.Background(), GetLogsRequest{Logstore: "ls", From: 1, To: 3}, 1000, 4)
	require.NoError(t, err)
	assert.Empty(t, res.Logs)
	assert.True(t, res.Complete)
	assert.Less(t, time.Since(start), 2*time.Second, "page 0 was not waited for")
	assert.Contains(t, res.Request, "offset=0")
}

// A count that is not Complete is not trusted: the pages find the end by
// the empty-page rule, and nothing is lost.
func TestPagingFallsBackWhenCountIsIncomplete(t *testing.T) {
	for _, answer := range []string{
		`[{"from":1,"to":2,"count":100,"progress":"Incomplete"},{"from":2,"to":3,"count":0,"progress":"Incomplete"}]`,
		`[]`,
		`{"errorCode":"InternalServerError","errorMessage":"no count today"}`,
	} {
		f := &fakeSLS{lines: 450}
		f.handle = func(w http.ResponseWriter, r *http.Request, _ int64) bool {
			if r.URL.Query().Get("type") != "histogram" {
				return false
			}
			if answer[0] == '{' {
				writeSLSError(w, 500, "InternalServerError", "no count today")
				return true
			}
			_, _ = w.Write([]byte(answer))
			return true
		}
		c := newTestClient(t, f)
		res, err := c.GetLogsPaged(context.Background(), GetLogsRequest{Logstore: "ls", From: 1, To: 3}, 5000, 4)
		require.NoError(t, err, answer)
		require.Len(t, res.Logs, 450, answer)
		for i, l := range res.Logs {
			v, _ := l.Get("n")
			require.Equal(t, strconv.Itoa(i), v)
		}
		assert.False(t, res.Counted, answer)
	}
}

// A count above what the pages hold (logs expired meanwhile) ends at the
// first empty Complete page; a short page is not the end.
func TestPagingCountTooHighEndsAtEmptyPage(t *testing.T) {
	f := &fakeSLS{lines: 250}
	f.handle = func(w http.ResponseWriter, r *http.Request, _ int64) bool {
		if r.URL.Query().Get("type") != "histogram" {
			return false
		}
		_, _ = w.Write([]byte(`[{"from":1,"to":3,"count":900,"progress":"Complete"}]`))
		return true
	}
	c := newTestClient(t, f)
	// Concurrency 4: a first wave of 3 pages, so the pages after it are the
	// count's to plan.
	res, err := c.GetLogsPaged(context.Background(), GetLogsRequest{Logstore: "ls", From: 1, To: 3}, 5000, 4)
	require.NoError(t, err)
	assert.Len(t, res.Logs, 250)
	assert.LessOrEqual(t, f.calls.Load(), int64(10), "never past the counted 9 pages")
}

// A single-page query does not count: page 0 is the whole answer.
func TestPagingOnePageQueryMakesOneRequest(t *testing.T) {
	f := &fakeSLS{lines: 1000, counts: true}
	c := newTestClient(t, f)
	res, err := c.GetLogsPaged(context.Background(), GetLogsRequest{Logstore: "ls", From: 1, To: 3}, 100, 16)
	require.NoError(t, err)
	assert.Len(t, res.Logs, 100)
	assert.Equal(t, int64(1), f.calls.Load())
}

// Planned pages still fail the whole query when one fails.
func TestPagingCountedPageFailureFailsQuery(t *testing.T) {
	f := &fakeSLS{lines: 1000, counts: true}
	f.handle = func(w http.ResponseWriter, r *http.Request, _ int64) bool {
		if r.URL.Query().Get("offset") == "500" {
			writeSLSError(w, 400, "InvalidQueryString", "page lost")
			return true
		}
		return false
	}
	c := newTestClient(t, f)
	_, err := c.GetLogsPaged(context.Background(), GetLogsRequest{Logstore: "ls", From: 1, To: 3}, 5000, 4)
	assert.ErrorContains(t, err, "page lost")
}
