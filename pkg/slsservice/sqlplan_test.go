package slsservice

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/logbridge/cloudlogs/pkg/querytext"
	"github.com/logbridge/cloudlogs/pkg/sls"
)

func TestPlanSQL(t *testing.T) {
	none := Query{}
	withLimit := Query{Limit: 500, LimitSet: true}
	cases := []struct {
		sql  string
		m    Query
		want string
		cap  int
	}{
		{"select count(*) as c", none, "select count(*) as c", 100},
		{"select a limit 20", none, "select a limit 20", 20},
		{"select a LIMIT 10, 30;", withLimit, "select a LIMIT 10, 30;", 30},
		{"select a", withLimit, "select a limit 500", 500},
		{"select a from (select b limit 5) ", withLimit, "select a from (select b limit 5) limit 500", 500},
	}
	for _, c := range cases {
		p := planSQL(c.sql, c.m)
		assert.Equal(t, c.want, p.SQL.String(), c.sql)
		assert.Equal(t, c.cap, p.Cap, c.sql)
	}
}

func TestDropSQLArtefacts(t *testing.T) {
	row := sls.Log{{Key: "__source__", Value: ""}, {Key: "__time__", Value: "1700000000"}, {Key: "t", Value: "1699999980"}, {Key: "c", Value: "5"}}
	got := dropSQLArtefacts(querytext.ParseSQL("select __time__ - __time__ % 60 as t, count(*) as c group by t"), []sls.Log{row})
	assert.Equal(t, sls.Log{{Key: "t", Value: "1699999980"}, {Key: "c", Value: "5"}}, got[0])
	got = dropSQLArtefacts(querytext.ParseSQL("select __time__, count(*) as c group by __time__"), []sls.Log{row})
	assert.Equal(t, []string{"__time__", "t", "c"}, keys(got[0]))
	got = dropSQLArtefacts(querytext.ParseSQL("select * from log"), []sls.Log{row})
	assert.Len(t, got[0], 4)
}

func keys(l sls.Log) []string {
	var out []string
	for _, f := range l {
		out = append(out, f.Key)
	}
	return out
}
