package slsservice

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/sls"
)

// Pages added concurrently and out of order make the frame NewLogsFrame
// makes of all lines at once: the same rows in page order, and the same
// ids, a line repeated in a later page included (its suffix counts the
// repeats before it in the frame, not in its page).
func TestLogsPagesJoinLikeOneFrame(t *testing.T) {
	var pages [][]sls.Log
	var all []sls.Log
	for p := 0; p < 4; p++ {
		var page []sls.Log
		for i := 0; i < 3; i++ {
			n := strconv.Itoa(p*3 + i)
			page = append(page, log("__time__", "17000000"+n, "content", "line "+n, "level", "warn", "host", "h"+n))
		}
		page = append(page, log("__time__", "1", "content", "same")) // one repeat per page
		pages = append(pages, page)
		all = append(all, page...)
	}
	lp := NewLogsPages(len(pages))
	var wg sync.WaitGroup
	for i := len(pages) - 1; i >= 0; i-- {
		wg.Add(1)
		go func() { defer wg.Done(); lp.Add(i, pages[i]) }()
	}
	wg.Wait()
	got := lp.Frame("x", len(pages))
	want := NewLogsFrame("x", all)
	requireSameFrame(t, want, got)
	ids := got.Fields[3]
	assert.Equal(t, ids.At(3).(string)+"_3", ids.At(15).(string))
}

// Pages past Kept (past the end, or cancelled) are left out.
func TestLogsPagesDropPagesPastKept(t *testing.T) {
	lp := NewLogsPages(3)
	lp.Add(2, []sls.Log{log("__time__", "3", "content", "late")})
	lp.Add(0, []sls.Log{log("__time__", "1", "content", "a")})
	lp.Add(1, []sls.Log{log("__time__", "2", "content", "b")})
	f := lp.Frame("x", 2)
	require.Equal(t, 2, f.Rows())
	assert.Equal(t, "a", f.Fields[1].At(0))
	assert.Equal(t, "b", f.Fields[1].At(1))
}

// recordedWork is a frames.LineWork that notes what it was given and
// upper-cases each body, as a scrubber changes values in place.
type recordedWork struct {
	mu     sync.Mutex
	pages  [][]string
	joined *data.Frame
	parts  []int
}

type pageLen int

func (n pageLen) Lines() int                          { return int(n) }
func (n pageLen) Slice(from, to int) frames.PageLines { return pageLen(to - from) }

func (w *recordedWork) Page(cols frames.LogColumns) frames.PageLines {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.pages = append(w.pages, slices.Clone(cols.Body))
	for i, b := range cols.Body {
		cols.Body[i] = strings.ToUpper(b)
	}
	return pageLen(len(cols.Body))
}

func (w *recordedWork) Join(f *data.Frame, parts []frames.PageLines) {
	w.joined = f
	for _, p := range parts {
		w.parts = append(w.parts, p.Lines())
	}
}

// With the query's LineWork, each page's lines go to it as the page is
// converted, what it changed is what the frame holds, and the frame is
// joined with the kept pages' results in page order.
func TestLogsPagesHandEachPageToTheLineWork(t *testing.T) {
	w := &recordedWork{}
	lp := NewLogsPages(3)
	lp.SetLineWork(w)
	lp.Add(1, []sls.Log{log("__time__", "2", "content", "b"), log("__time__", "3", "content", "c")})
	lp.Add(2, []sls.Log{log("__time__", "4", "content", "late")})
	lp.Add(0, []sls.Log{log("__time__", "1", "content", "a")})
	assert.Equal(t, [][]string{{"b", "c"}, {"late"}, {"a"}}, w.pages, "each page as it came")
	f := lp.Frame("x", 2)
	assert.Same(t, f, w.joined)
	assert.Equal(t, []int{1, 2}, w.parts, "pages 0 and 1, in order")
	require.Equal(t, 3, f.Rows())
	assert.Equal(t, []any{"A", "B", "C"}, []any{f.Fields[1].At(0), f.Fields[1].At(1), f.Fields[1].At(2)})
}

// An slsLogs query hands its pages to the query's LineWork: one Page per
// page of lines, and its frame joined.
func TestLogsQueryHandsItsPagesToTheLineWork(t *testing.T) {
	ds := newSLSDatasource(t, startSLSEmulator(t), nil)
	w := &recordedWork{}
	b, _ := json.Marshal(map[string]any{"queryType": QueryTypeLogs, "logstore": "app-log", "limit": 250})
	resp, err := ds.QueryData(frames.WithLineWork(context.Background(), w), &backend.QueryDataRequest{Queries: []backend.DataQuery{
		{RefID: "A", QueryType: QueryTypeLogs, JSON: b, TimeRange: backend.TimeRange{From: slsTestNow.Add(-6 * time.Hour), To: slsTestNow}}}})
	require.NoError(t, err)
	r := resp.Responses["A"]
	require.NoError(t, r.Error)
	require.Len(t, r.Frames, 1)
	assert.Same(t, r.Frames[0], w.joined)
	assert.Equal(t, []int{100, 100, 50}, w.parts)
	assert.Len(t, w.pages, 3)
}

// A body taken from content is copied out of the page: the frame does not
// keep the decoded page alive through it.
func TestLogsPagesCopyBodies(t *testing.T) {
	text := `{"__time__":"1","content":"hello"}` // as the decoder's page string
	page := []sls.Log{{{Key: "__time__", Value: text[13:14]}, {Key: "content", Value: text[27:32]}}}
	lp := NewLogsPages(1)
	lp.Add(0, page)
	f := lp.Frame("x", 1)
	body := f.Fields[1].At(0).(string)
	assert.Equal(t, "hello", body)
	v, _ := page[0].Get("content")
	require.Equal(t, "hello", v)
	assert.NotSame(t, unsafe.StringData(v), unsafe.StringData(body))
}

func requireSameFrame(t *testing.T, want, got *data.Frame) {
	t.Helper()
	require.Equal(t, want.Rows(), got.Rows())
	require.Equal(t, len(want.Fields), len(got.Fields))
	for i, f := range want.Fields {
		for r := 0; r < f.Len(); r++ {
			require.Equal(t, f.At(r), got.Fields[i].At(r), "field %s row %d", f.Name, r)
		}
	}
}
