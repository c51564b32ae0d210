package slsservice

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// queryTextVectors is the file the editor's jest tests read too
// (src/queryText.test.ts): both sides split every query the same way.
const queryTextVectors = "testdata/query_text_vectors.json"

type queryTextVector struct {
	Name      string  `json:"name"`
	Query     string  `json:"query"`
	Search    string  `json:"search"`
	SQL       *string `json:"sql"`
	QueryType string  `json:"queryType"`
}

func readQueryTextVectors(t *testing.T) []queryTextVector {
	b, err := os.ReadFile(queryTextVectors)
	require.NoError(t, err)
	var doc struct {
		Vectors []queryTextVector `json:"vectors"`
	}
	require.NoError(t, json.Unmarshal(b, &doc))
	require.GreaterOrEqual(t, len(doc.Vectors), 10, "the shared vectors are all there")
	return doc.Vectors
}

func TestQueryTextSharedVectors(t *testing.T) {
	for _, v := range readQueryTextVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			got := ParseQueryText(v.Query)
			assert.Equal(t, v.Search, got.Search)
			assert.Equal(t, v.SQL != nil, got.HasPipe, "has a pipe")
			if v.SQL != nil {
				assert.Equal(t, *v.SQL, got.SQL)
			}
			raw, _ := json.Marshal(map[string]string{"query": v.Query})
			assert.Equal(t, v.QueryType, inferQueryType(raw))
		})
	}
}

func TestQueryTextHelpers(t *testing.T) {
	q := ParseQueryText(" | select 1")
	assert.Equal(t, "*", q.SearchOrAll(), "SLS needs a search before the pipe")
	assert.Equal(t, "* | select 2", q.WithSQL("select 2"))
	assert.Equal(t, "error", ParseQueryText("error").SearchOrAll())
	assert.False(t, ParseQueryText("*|").HasAnalytics())
}

func TestInferQueryType(t *testing.T) {
	assert.Equal(t, QueryTypeSQL, inferQueryType(json.RawMessage(`{"query":"* | select count(*) as c"}`)))
	assert.Equal(t, QueryTypeLogs, inferQueryType(json.RawMessage(`{"query":"\"a | b\""}`)))
	assert.Equal(t, QueryTypeLogs, inferQueryType(json.RawMessage(`{"logstore":"x","legendFormat":"a|b"}`)), "a pipe outside query does not count")
	assert.Equal(t, QueryTypeHistogram, inferQueryType(json.RawMessage(`{"queryType":"slsHistogram","query":"* | select 1"}`)), "the JSON's own type wins")
	assert.Equal(t, QueryTypeLogs, inferQueryType(nil))
}
