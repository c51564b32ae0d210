package querytext

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The editor's jest tests (src/queryText.test.ts) read this very file: both
// sides split every query the same way.
const vectorsFile = "testdata/query_text_vectors.json"

type vector struct {
	Name   string  `json:"name"`
	Query  string  `json:"query"`
	Search string  `json:"search"`
	SQL    *string `json:"sql"`
}

func TestSharedVectors(t *testing.T) {
	b, err := os.ReadFile(vectorsFile)
	require.NoError(t, err)
	var doc struct {
		Vectors []vector `json:"vectors"`
	}
	require.NoError(t, json.Unmarshal(b, &doc))
	require.GreaterOrEqual(t, len(doc.Vectors), 10, "the shared vectors are all there")
	for _, v := range doc.Vectors {
		t.Run(v.Name, func(t *testing.T) {
			got := Parse(v.Query, DoubleQuotes)
			assert.Equal(t, v.Search, got.Search)
			assert.Equal(t, v.SQL != nil, got.HasPipe, "has a pipe")
			if v.SQL != nil {
				assert.Equal(t, *v.SQL, got.SQL)
			}
		})
	}
}

func TestCQLSingleQuotedPhrases(t *testing.T) {
	q := Parse(`msg:'a|b' | select 1`, DoubleAndSingleQuotes)
	assert.Equal(t, `msg:'a|b'`, q.Search)
	assert.Equal(t, "select 1", q.SQL)
	q = Parse(`msg:"it's | here" | select 1`, DoubleAndSingleQuotes)
	assert.Equal(t, `msg:"it's | here"`, q.Search, "an apostrophe inside a double-quoted phrase is text")
	q = Parse(`don\'t | select 1`, DoubleAndSingleQuotes)
	assert.Equal(t, "select 1", q.SQL, "an escaped apostrophe opens nothing")
	assert.False(t, Parse(`msg:'a|b'`, DoubleAndSingleQuotes).HasPipe)
	assert.True(t, Parse(`msg:'a|b'`, DoubleQuotes).HasPipe, "in SLS and Lucene an apostrophe is text")
}

func TestQueryTextHelpers(t *testing.T) {
	q := Parse(" | select 1", DoubleQuotes)
	assert.Equal(t, "*", q.SearchOrAll(), "a pipe needs a search before it")
	assert.Equal(t, "* | select 2", q.WithSQL("select 2"))
	assert.Equal(t, "error", Parse("error", DoubleQuotes).SearchOrAll())
	assert.False(t, Parse("*|", DoubleQuotes).HasAnalytics())
}

// The CQL vectors: the editor reads this file too.
func TestSharedCQLVectors(t *testing.T) {
	b, err := os.ReadFile("testdata/cql_query_text_vectors.json")
	require.NoError(t, err)
	var doc struct {
		Vectors []vector `json:"vectors"`
	}
	require.NoError(t, json.Unmarshal(b, &doc))
	require.GreaterOrEqual(t, len(doc.Vectors), 5)
	for _, v := range doc.Vectors {
		got := Parse(v.Query, DoubleAndSingleQuotes)
		assert.Equal(t, v.Search, got.Search, v.Name)
		assert.Equal(t, v.SQL != nil, got.HasPipe, v.Name)
		if v.SQL != nil {
			assert.Equal(t, *v.SQL, got.SQL, v.Name)
		}
	}
}
