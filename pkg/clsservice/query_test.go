package clsservice

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/cls"
	"github.com/logbridge/cloudlogs/pkg/frames"
)

func TestParseQueryDefaults(t *testing.T) {
	q, err := ParseQuery(json.RawMessage(`{"topicId":" t1 ","unknown":1}`), QueryTypeLogs, 5000)
	require.NoError(t, err)
	assert.Equal(t, []string{"t1"}, q.TopicIDs)
	assert.Equal(t, "*", q.Query)
	assert.Equal(t, cls.SyntaxCQL, q.Syntax, "CQL unless asked")
	assert.Equal(t, 1000, q.Limit)
	assert.Equal(t, "desc", q.Sort)
	assert.Equal(t, frames.FormatAuto, q.Format)

	q, err = ParseQuery(json.RawMessage(`{"topicIds":["a","b","a"],"topicId":"b","limit":"9000","syntax":"Lucene","sort":"ASC"}`), QueryTypeLogs, 5000)
	require.NoError(t, err)
	assert.Equal(t, []string{"b", "a"}, q.TopicIDs, "deduplicated")
	assert.Equal(t, 5000, q.Limit, "capped by maxRows")
	assert.Equal(t, cls.SyntaxLucene, q.Syntax)
	assert.Equal(t, "asc", q.Sort)
}

func TestParseQuerySQLAndContext(t *testing.T) {
	q, err := ParseQuery(json.RawMessage(`{"topicId":"t","query":"msg:'a|b' | select count(*) as c","valueFields":"c"}`), QueryTypeSQL, 100)
	require.NoError(t, err)
	assert.Equal(t, "msg:'a|b'", q.Text.Search, "a CQL phrase in single quotes")
	assert.Equal(t, "select count(*) as c", q.Text.SQL)
	assert.Equal(t, []string{"c"}, q.ValueFields)
	assert.False(t, q.LimitSet)

	q, err = ParseQuery(json.RawMessage(`{"topicId":"t","pkgId":"P","pkgLogId":"42","time":1763640000123,"nextLogs":5}`), QueryTypeContext, 100)
	require.NoError(t, err)
	assert.Equal(t, int64(42), q.PkgLogID)
	assert.Equal(t, time.UnixMilli(1763640000123), q.Time)
	assert.Equal(t, 10, q.Prev)
	assert.Equal(t, 5, q.Next)
}

func TestParseQueryErrorsSayWhatToFix(t *testing.T) {
	cases := []struct{ json, qt, want string }{
		{`{}`, QueryTypeLogs, `clsLogs needs a topic: choose one in the query editor or set "topicId" in the query JSON`},
		{`{"topicId":"t","query":"error"}`, QueryTypeSQL, `clsSql needs an analytic statement after "|"`},
		{`{"topicId":"t","query":"* | select 1"}`, QueryTypeLogs, `clsLogs takes a search only`},
		{`{"topicId":"t","syntax":"sql"}`, QueryTypeLogs, `syntax "sql" is not supported; use "cql" (the default) or "lucene"`},
		{`{"topicId":"t","sort":"up"}`, QueryTypeLogs, `sort "up" is not valid`},
		{`{"topicId":"t","format":"pie","query":"* | select 1"}`, QueryTypeSQL, `format "pie" is not supported`},
		{`{"topicId":"t","limit":-1}`, QueryTypeLogs, `limit must be 0 or more, got -1`},
		{`{"topicId":"t","limit":1.5}`, QueryTypeLogs, `limit must be a whole number`},
		{`{"topicIds":["a","b"],"pkgId":"p","pkgLogId":1,"time":1}`, QueryTypeContext, `clsContext reads one topic`},
		{`{"topicId":"t"}`, QueryTypeContext, `clsContext needs "pkgId", "pkgLogId" (a number) and "time"`},
		{`{"topicId":"t","pkgId":"p","pkgLogId":1,"time":1,"prevLogs":101}`, QueryTypeContext, `prevLogs must be a whole number from 0 to 100, got 101`},
		{`{`, QueryTypeLogs, `the query JSON is not valid`},
	}
	for _, c := range cases {
		_, err := ParseQuery(json.RawMessage(c.json), c.qt, 100)
		if assert.Error(t, err, c.json) {
			assert.Contains(t, err.Error(), c.want, c.json)
		}
	}
	many := `{"topicIds":[` + `"1","2","3","4","5","6","7","8","9","10","11","12","13","14","15","16","17","18","19","20","21","22","23","24","25",` +
		`"26","27","28","29","30","31","32","33","34","35","36","37","38","39","40","41","42","43","44","45","46","47","48","49","50","51"]}`
	_, err := ParseQuery(json.RawMessage(many), QueryTypeLogs, 100)
	assert.ErrorContains(t, err, "one query covers at most 50 topics, got 51")
}

func TestInferQueryType(t *testing.T) {
	assert.Equal(t, QueryTypeSQL, inferQueryType(json.RawMessage(`{"query":"* | select count(*) as c"}`)))
	assert.Equal(t, QueryTypeLogs, inferQueryType(json.RawMessage(`{"query":"msg:'a|b'"}`)), "CQL phrase in single quotes")
	assert.Equal(t, QueryTypeSQL, inferQueryType(json.RawMessage(`{"query":"msg:'a | select 1","syntax":"lucene"}`)), "in Lucene an apostrophe is text")
	assert.Equal(t, QueryTypeLogs, inferQueryType(json.RawMessage(`{"query":"a \\| b"}`)))
	assert.Equal(t, QueryTypeHistogram, inferQueryType(json.RawMessage(`{"queryType":"clsHistogram"}`)))
}

func TestInferQueryTypeSharedCQLVectors(t *testing.T) {
	b, err := os.ReadFile("../querytext/testdata/cql_query_text_vectors.json")
	require.NoError(t, err)
	var doc struct {
		Vectors []struct{ Name, Query, QueryType string } `json:"vectors"`
	}
	require.NoError(t, json.Unmarshal(b, &doc))
	require.NotEmpty(t, doc.Vectors)
	for _, v := range doc.Vectors {
		raw, _ := json.Marshal(map[string]string{"query": v.Query})
		assert.Equal(t, v.QueryType, inferQueryType(raw), v.Name)
	}
}
