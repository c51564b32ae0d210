package cls

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func str(s string) *string { return &s }

func TestAnalyzeReturnsCellsInColumnOrder(t *testing.T) {
	f := newFakeCLS(t)
	var asked map[string]any
	f.analysis = func(in map[string]any) map[string]any {
		asked = in
		return map[string]any{
			"Analysis": true, "ListOver": true, "RequestId": "r",
			"Columns": []map[string]any{{"Name": "level", "Type": "varchar"}, {"Name": "n", "Type": "bigint"}, {"Name": "avg", "Type": "double"}, {"Name": "n", "Type": "bigint"}},
			"AnalysisRecords": []string{
				`{"avg":0.50,"n":12,"level":"ERROR","n":13}`,
				`{"level":null,"n":7,"avg":1e3}`,
			},
		}
	}
	c := f.client(nil)
	res, err := c.Analyze(context.Background(), AnalysisRequest{TopicIDs: []string{"tp"}, From: t0, To: t0.Add(time.Hour), Query: "* | select level, count(*) as n", Syntax: SyntaxCQL})
	require.NoError(t, err)
	assert.Equal(t, []Column{{"level", "varchar"}, {"n", "bigint"}, {"avg", "double"}, {"n", "bigint"}}, res.Columns)
	assert.Equal(t, [][]*string{
		{str("ERROR"), str("12"), str("0.50"), str("13")},
		{nil, str("7"), str("1e3"), nil},
	}, res.Rows)
	assert.Equal(t, "tp", asked["TopicId"])
	assert.Equal(t, true, asked["UseNewAnalysis"])
	assert.NotContains(t, asked, "Limit", "paging parameters are for raw logs only")
	assert.NotContains(t, asked, "Sort")
	assert.Contains(t, res.Request, "SearchLog {")

	_, err = c.Analyze(context.Background(), AnalysisRequest{TopicIDs: []string{"a", "b"}, From: t0, To: t0.Add(time.Hour), Query: "* | select 1"})
	require.NoError(t, err)
	assert.Len(t, asked["Topics"], 2)
	assert.NotContains(t, asked, "TopicId")
}

func TestAnalyzeWithoutColumnsTakesTheFirstRecordsKeys(t *testing.T) {
	res, err := analysisRows(nil, []string{`{"b":"1","a":2}`, `{"a":3}`})
	require.NoError(t, err)
	assert.Equal(t, []Column{{Name: "b"}, {Name: "a"}}, res.Columns)
	assert.Equal(t, [][]*string{{str("1"), str("2")}, {nil, str("3")}}, res.Rows)

	// An empty first record names no columns, and a later one does not
	// name them instead (found by FuzzAnalyzeAnswer: rows of different widths).
	res, err = analysisRows(nil, []string{`{}`, `{"a":null}`})
	require.NoError(t, err)
	assert.Empty(t, res.Columns)
	assert.Equal(t, [][]*string{{}, {}}, res.Rows)

	_, err = analysisRows(nil, []string{`[1]`})
	assert.Error(t, err)
}

func TestAnalyzeReportsPerTopicErrors(t *testing.T) {
	f := newFakeCLS(t)
	f.analysis = func(map[string]any) map[string]any {
		return map[string]any{"Analysis": true, "Topics": map[string]any{"Errors": []map[string]any{{"TopicId": "b", "ErrorMsg": "gone", "ErrorCodeStr": "ResourceNotFound.TopicNotExist"}}}}
	}
	_, err := f.client(nil).Analyze(context.Background(), AnalysisRequest{TopicIDs: []string{"a", "b"}, From: t0, To: t0.Add(time.Hour), Query: "* | select 1"})
	api, ok := AsAPIError(err)
	require.True(t, ok)
	assert.Equal(t, "b", api.TopicID)
	assert.Contains(t, err.Error(), "topic b does not exist")
}

func TestAnalyzeNeedsSQL(t *testing.T) {
	_, err := New(Config{}).Analyze(context.Background(), AnalysisRequest{TopicIDs: []string{"tp"}, From: t0, To: t0.Add(time.Hour), Query: `msg:"a|b"`, Syntax: SyntaxCQL})
	assert.True(t, errors.Is(err, ErrInvalidRequest))
	assert.ErrorContains(t, err, "Search")
}
