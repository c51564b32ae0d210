package slsservice

import (
	"strconv"
	"sync"
	"testing"
	"unsafe"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
