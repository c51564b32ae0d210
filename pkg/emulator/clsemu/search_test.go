package clsemu

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// searchEnv has an empty nginx topic with a few known lines in the last
// minutes.
func searchEnv(t *testing.T) *testEnv {
	e := newEnv(t, func(c *Config) { c.Logs = -1 })
	at := testNow.Add(-10 * time.Minute)
	lines := []Record{
		{Time: at, Fields: fields("method", "GET", "request_uri", "/api/v1/orders", "status", "200", "request_time", "0.120", "http_user_agent", "alpha beta", "level", "INFO")},
		{Time: at.Add(time.Second), Fields: fields("method", "POST", "request_uri", "/api/v1/orders/7", "status", "500", "request_time", "2.5", "http_user_agent", "alpha gamma", "level", "ERROR")},
		{Time: at.Add(2 * time.Second), Fields: fields("method", "GET", "request_uri", "/login", "status", "404", "request_time", "0.01", "http_user_agent", "delta", "level", "WARN", "remote_addr", "")},
		{Time: at.Add(3 * time.Second), Fields: fields("method", "GET", "request_uri", "/static/app.js", "status", "304", "request_time", "0.002", "http_user_agent", "Beta*Star", "level", "INFO", "extra", "unindexed-value")},
	}
	require.NoError(t, e.srv.AddRecords(DemoAppTopicID, lines...))
	return e
}

func (e *testEnv) count(t *testing.T, syntaxRule int, query string) int {
	t.Helper()
	out := e.search(t, map[string]any{"TopicId": DemoAppTopicID, "From": ms(testNow.Add(-time.Hour)), "To": ms(testNow),
		"Query": query, "SyntaxRule": syntaxRule, "Limit": 1000})
	return len(out.Results)
}

func TestSearchRawShape(t *testing.T) {
	e := searchEnv(t)
	out := e.search(t, map[string]any{"TopicId": DemoAppTopicID, "From": ms(testNow.Add(-time.Hour)), "To": ms(testNow), "Limit": 3})
	require.Len(t, out.Results, 3)
	assert.False(t, out.ListOver)
	assert.NotEmpty(t, out.Context)
	assert.False(t, out.Analysis)
	r := out.Results[0]
	assert.Equal(t, ms(testNow.Add(-10*time.Minute+3*time.Second)), r.Time, "desc by default")
	assert.Equal(t, DemoAppTopicName, r.TopicName)
	m := logJSON(t, r.LogJson)
	assert.Equal(t, "304", m["status"])
	assert.Equal(t, "unindexed-value", m["extra"])
	asc := e.search(t, map[string]any{"TopicId": DemoAppTopicID, "From": ms(testNow.Add(-time.Hour)), "To": ms(testNow), "Sort": "asc"})
	require.Len(t, asc.Results, 4)
	assert.True(t, asc.ListOver)
	assert.Empty(t, asc.Context)
	assert.Less(t, asc.Results[0].Time, asc.Results[3].Time)
	// QueryString defaults to CQL: lower-case "and" is an operator there.
	out = e.search(t, map[string]any{"TopicId": DemoAppTopicID, "From": ms(testNow.Add(-time.Hour)), "To": ms(testNow), "QueryString": "method:GET and status:200"})
	assert.Len(t, out.Results, 1)
}

func TestSearchSyntaxSubset(t *testing.T) {
	e := searchEnv(t)
	for q, want := range map[string]int{
		``: 4, `*`: 4,
		`method:GET`: 3, `method:get`: 3, `status:500`: 1, `status>=400`: 2, `status<300 OR status=500`: 2,
		`request_time>1`: 1, `NOT method:GET`: 1, `method:GET AND NOT (status:404 OR status:304)`: 1,
		`request_uri:"/api/v1/orders"`: 2, `request_uri:/api/v1/orders`: 2, `request_uri:logi*`: 1,
		`http_user_agent:'alpha beta'`: 1, `http_user_agent:"beta alpha"`: 0, `http_user_agent:"al* beta"`: 1,
		`remote_addr:""`: 1, `remote_addr:*`: 1, `extra:*`: 0, `unindexed`: 0, `unindexed*`: 1, `"unindexed-value"`: 1, `alpha`: 2, `ALPHA and gamma`: 1,
		`http_user_agent:alpha,gamma`: 1, `http_user_agent:beta\*star`: 1, `level:ERROR or level:WARN`: 2,
	} {
		assert.Equal(t, want, e.count(t, 1, q), "CQL %s", q)
	}
	for q, want := range map[string]int{
		`method:GET AND status:200`: 1, `http_user_agent:alpha,gamma`: 2, `status:>=400`: 2,
		`method:GET NOT status:404`: 2, `http_user_agent:"al* beta"`: 0, `request_uri:\/login`: 1,
	} {
		assert.Equal(t, want, e.count(t, 0, q), "Lucene %s", q)
	}
	bad := map[string]struct {
		rule int
		msg  string
	}{
		`status:200 AND )`:        {1, `syntax error at position 16: unexpected ")"`},
		`method:GET status:200`:   {1, `syntax error at position 12`},
		`*foo`:                    {1, `'*' cannot start a word`},
		`method:GET and status:1`: {0, `Lucene operators are upper case`},
		`http_user_agent:'alpha'`: {0, `Lucene phrases use double quotes`},
		`request_uri:/login`:      {0, `unexpected "/"`},
		`method>3`:                {1, `indexed as text`},
		`status:abc`:              {1, `must be a number`},
		`uri:a?b`:                 {1, `unexpected "?"`},
		`(method:GET`:             {1, `expected ")"`},
		`status:[200 TO 300]`:     {0, `unexpected "["`},
	}
	for q, b := range bad {
		code, msg := e.searchErr(t, map[string]any{"TopicId": DemoAppTopicID, "From": 0, "To": ms(testNow), "Query": q, "SyntaxRule": b.rule})
		assert.Equal(t, "FailedOperation.SyntaxError", code, q)
		assert.Contains(t, msg, b.msg, q)
	}
}

func TestSearchParameterErrors(t *testing.T) {
	e := searchEnv(t)
	base := func(extra map[string]any) map[string]any {
		m := map[string]any{"TopicId": DemoAppTopicID, "From": 0, "To": ms(testNow)}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	for name, c := range map[string]struct {
		params map[string]any
		code   string
	}{
		"both pairs":     {base(map[string]any{"Query": "*", "QueryString": "*"}), "InvalidParameter"},
		"mixed pair":     {base(map[string]any{"Query": "*", "QuerySyntax": 1}), "InvalidParameter"},
		"limit":          {base(map[string]any{"Limit": 1001}), "InvalidParameter"},
		"sort":           {base(map[string]any{"Sort": "up"}), "InvalidParameter"},
		"topic and list": {base(map[string]any{"Topics": []any{map[string]any{"TopicId": DemoAppTopicID}}}), "InvalidParameter"},
		"no topic":       {map[string]any{"From": 0, "To": 1}, "MissingParameter"},
		"no from":        {map[string]any{"TopicId": DemoAppTopicID, "To": 1}, "MissingParameter"},
		"unknown topic":  {map[string]any{"TopicId": "nope", "From": 0, "To": 1}, "ResourceNotFound.TopicNotExist"},
		"offset+context": {base(map[string]any{"Offset": 5, "Context": "x"}), "InvalidParameter"},
		"bad context":    {base(map[string]any{"Context": "forged"}), "FailedOperation.InvalidContext"},
		"highlight":      {base(map[string]any{"HighLight": true}), "InvalidParameter"},
	} {
		code, _ := e.searchErr(t, c.params)
		assert.Equal(t, c.code, code, name)
	}
}

func TestSearchManyTopics(t *testing.T) {
	e := searchEnv(t)
	out := e.search(t, map[string]any{"From": 0, "To": ms(testNow), "Limit": 3, "Sort": "asc",
		"Topics": []any{map[string]any{"TopicId": DemoAppTopicID}, map[string]any{"TopicId": DemoSCFTopicID}, map[string]any{"TopicId": "ghost"}}})
	require.Len(t, out.Results, 3)
	require.NotNil(t, out.Topics)
	require.Len(t, out.Topics.Errors, 1)
	assert.Equal(t, "ResourceNotFound.TopicNotExist", out.Topics.Errors[0].ErrorCodeStr)
	require.Len(t, out.Topics.Infos, 2)
	assert.NotEmpty(t, out.Topics.Infos[0].Context, "one nginx line is left")
	next := e.search(t, map[string]any{"From": 0, "To": ms(testNow), "Limit": 3, "Sort": "asc",
		"Topics": []any{map[string]any{"TopicId": DemoAppTopicID, "Context": out.Topics.Infos[0].Context}, map[string]any{"TopicId": DemoSCFTopicID}, map[string]any{"TopicId": "ghost"}}})
	require.Len(t, next.Results, 1)
	assert.True(t, next.ListOver)
}
