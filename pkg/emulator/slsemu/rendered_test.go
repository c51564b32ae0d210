package slsemu

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestKeptLogJSONIsTheWrittenOne: a log's JSON is the same written fresh,
// kept, with GetContextLogs' extra fields after it, and once the budget is
// spent (then nothing more is kept).
func TestKeptLogJSONIsTheWrittenOne(t *testing.T) {
	tw := newTwins(t)
	tw.append(t, rand.New(rand.NewPCG(2, 2)), 500)
	for _, name := range []string{"odd", DenseLogstore, "nginx-access"} {
		ls := tw.e.srv.stores[name]
		for round := 0; round < 2; round++ { // written, then kept
			for i, rec := range ls.recs {
				require.Equal(t, string(appendLogRef([]byte("["), ls, rec)), string(appendLog([]byte("["), ls, rec)), "%s %d", name, i)
				extra := []string{"__index_number__", strconv.Itoa(i - 7), "k<&>", oddValues[i%len(oddValues)]}
				require.Equal(t, string(appendLogRef(nil, ls, rec, extra...)), string(appendLog(nil, ls, rec, extra...)))
			}
		}
		require.NotNil(t, ls.recs[0].rendered.Load())
	}

	ls := tw.e.srv.stores["odd"]
	ls.renderedBytes.Store(maxRenderedBytes)
	require.NoError(t, tw.e.srv.AppendLogs("odd", []Log{{Time: testNow.Unix() - 5, Source: "s", Contents: map[string]string{"msg": "late <one>"}}}))
	for _, rec := range ls.recs {
		require.Equal(t, string(appendLogRef(nil, ls, rec, "a", "b")), string(appendLog(nil, ls, rec, "a", "b")))
		require.Equal(t, string(appendLogRef(nil, ls, rec)), string(appendLog(nil, ls, rec)))
	}
	kept := 0
	for _, rec := range ls.recs {
		if rec.rendered.Load() != nil {
			kept++
		}
	}
	require.Less(t, kept, len(ls.recs), "past the budget new logs are not kept")
}
