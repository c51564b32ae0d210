package slsservice

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// queryTextVectors is the split rule's shared file (pkg/querytext and the
// editor's jest tests read it too); here it checks SLS's type inference.
const queryTextVectors = "../querytext/testdata/query_text_vectors.json"

type queryTextVector struct {
	Name      string `json:"name"`
	Query     string `json:"query"`
	QueryType string `json:"queryType"`
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

func TestInferQueryTypeSharedVectors(t *testing.T) {
	for _, v := range readQueryTextVectors(t) {
		raw, _ := json.Marshal(map[string]string{"query": v.Query})
		assert.Equal(t, v.QueryType, inferQueryType(raw), v.Name)
	}
}

func TestInferQueryType(t *testing.T) {
	assert.Equal(t, QueryTypeSQL, inferQueryType(json.RawMessage(`{"query":"* | select count(*) as c"}`)))
	assert.Equal(t, QueryTypeLogs, inferQueryType(json.RawMessage(`{"query":"\"a | b\""}`)))
	assert.Equal(t, QueryTypeLogs, inferQueryType(json.RawMessage(`{"logstore":"x","legendFormat":"a|b"}`)), "a pipe outside query does not count")
	assert.Equal(t, QueryTypeHistogram, inferQueryType(json.RawMessage(`{"queryType":"slsHistogram","query":"* | select 1"}`)), "the JSON's own type wins")
	assert.Equal(t, QueryTypeLogs, inferQueryType(nil))
}
