package slsemu

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func searchStore() (*logstore, []*record) {
	ls := newLogstore("t", 30)
	ls.declare("status", typeLong)
	ls.declare("latency", typeDouble)
	ls.declare("uri", typeText)
	ls.declare("msg", typeText)
	recs := []*record{
		{topic: "api", source: "s1", keys: []string{"status", "latency", "uri", "msg"}, vals: []string{"500", "1.5", "/api/v1/users", "Connection RESET by peer"}},
		{topic: "api", source: "s1", keys: []string{"status", "latency", "uri", "msg"}, vals: []string{"200", "0.02", "/api/v1/orders", "order created"}},
		{topic: "www", source: "s2", keys: []string{"status", "latency", "uri", "msg"}, vals: []string{"404", "0.3", "/static/app.js", "not found: app.js"}},
		{topic: "www", source: "s2", keys: []string{"status", "uri"}, vals: []string{"302", "/login"}},
	}
	for i, r := range recs {
		r.time = int64(100 + i)
		ls.add(r)
	}
	return ls, recs
}

func TestSearchSyntax(t *testing.T) {
	ls, recs := searchStore()
	cases := map[string][]int{
		"":                              {0, 1, 2, 3},
		"*":                             {0, 1, 2, 3},
		"reset":                         {0},
		"RESET":                         {0},
		"Reset and peer":                {0},
		"reset peer":                    {0},
		"reset or created":              {0, 1},
		"reset OR created":              {0, 1},
		"not reset":                     {1, 2, 3},
		"NOT reset AND NOT created":     {2, 3},
		"api":                           {0, 1},
		"ord*":                          {1},
		"app.js":                        {2},
		`"reset by peer"`:               {0},
		`"peer by reset"`:               {},
		"status: 500":                   {0},
		"status:500":                    {0},
		"status = 404":                  {2},
		"status > 300":                  {0, 2, 3},
		"status >= 404":                 {0, 2},
		"status < 300":                  {1},
		"status <= 302":                 {1, 3},
		"latency > 0.25":                {0, 2},
		"status in [300 404]":           {2, 3},
		"status in (302 500]":           {0, 2},
		"msg: *":                        {0, 1, 2},
		"uri: /api/*":                   {0, 1},
		"uri: /api/* and status >= 500": {0},
		"(status: 500 or status: 404) and not uri: /static/*": {0},
		"__topic__: www":             {2, 3},
		"__source__: s1 and created": {1},
		"nosuchword":                 {},
		"missingkey: x":              {},
		"uri: login":                 {3},
		"o?der":                      {1},
	}
	for q, want := range cases {
		t.Run(q, func(t *testing.T) {
			m, err := parseSearch(q)
			require.NoError(t, err)
			got := []int{}
			for i, r := range recs {
				if m.match(ls, r) {
					got = append(got, i)
				}
			}
			assert.Equal(t, want, got)
		})
	}
}

func TestSearchSyntaxErrors(t *testing.T) {
	cases := map[string]string{
		"status:500 and (msg:x": "missing ')' for the '(' at position 16",
		"status:500 )":          `unexpected ")" at position 12`,
		`msg: "unterminated`:    "unterminated quoted phrase starting at position 6",
		"status >":              "expected a value after 'status>' at position 9, found end of query",
		"latency > fast":        `'latency >' needs a number, got "fast" at position 11`,
		"and reset":             `operator "and" at position 1 has no left-hand term`,
		"status in [1 x]":       "the bounds of 'status in' at position 11 must be numbers",
		"status in [1":          "expected 'status in [low high]' at position 11",
		"reset or":              "unexpected end of query at position 9",
	}
	for q, want := range cases {
		t.Run(q, func(t *testing.T) {
			_, err := parseSearch(q)
			require.Error(t, err)
			assert.Contains(t, err.Error(), want)
		})
	}
}

func TestSplitQuery(t *testing.T) {
	s, sql, has := splitQuery(`msg: "a|b" | select count(1)`)
	assert.Equal(t, `msg: "a|b"`, s)
	assert.Equal(t, "select count(1)", sql)
	assert.True(t, has)
	s, _, has = splitQuery("error")
	assert.Equal(t, "error", s)
	assert.False(t, has)
}

func TestSearchOverHTTP(t *testing.T) {
	e := fixtureEnv(t)
	var logs []map[string]string
	e.do(t, "/logstores/web", logsQuery(fixtureBase, fixtureBase+20, "status: 500 and not msg: 10")).ok(t, &logs)
	assert.Equal(t, []int{0, 5, 15}, indexes(t, logs))
	e.do(t, "/logstores/web", logsQuery(fixtureBase, fixtureBase+20, "latency > 17 or msg: \"item/3\"")).ok(t, &logs)
	assert.Equal(t, []int{3, 17, 18, 19}, indexes(t, logs))
	msg := e.do(t, "/logstores/web", logsQuery(fixtureBase, fixtureBase+20, "status >= high")).fails(t, 400, "InvalidQueryString")
	assert.Contains(t, msg, `needs a number, got "high" at position 11`)
}
