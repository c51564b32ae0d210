package plugin

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/logbridge/cloudlogs/pkg/models"
	"github.com/logbridge/cloudlogs/pkg/sls"
)

func TestPlanSQLLimit(t *testing.T) {
	none := models.SLSQuery{}
	withLimit := models.SLSQuery{Limit: 500, LimitSet: true}
	cases := []struct {
		sql  string
		m    models.SLSQuery
		want sqlLimitPlan
	}{
		{"select count(*) as c", none, sqlLimitPlan{"select count(*) as c", 100}},
		{"select a limit 20", none, sqlLimitPlan{"select a limit 20", 20}},
		{"select a LIMIT 10, 30;", withLimit, sqlLimitPlan{"select a LIMIT 10, 30;", 30}},
		{"select a", withLimit, sqlLimitPlan{"select a limit 500", 500}},
		{"select a from (select b limit 5) ", withLimit, sqlLimitPlan{"select a from (select b limit 5) limit 500", 500}},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, planSQLLimit(c.sql, c.m), c.sql)
	}
}

func TestGroupByColumns(t *testing.T) {
	assert.Equal(t, []string{"t", "status"}, groupByColumns("select t, status, count(*) as c group by t, status order by t limit 10"))
	assert.Equal(t, []string{"host"}, groupByColumns(`select "host", count(*) group by "host"`))
	assert.Empty(t, groupByColumns("select count(*) as c"))
}

func TestSelectedColumns(t *testing.T) {
	cases := []struct {
		sql   string
		names []string
		star  bool
	}{
		{"select __time__ - __time__ % 60 as t, count(*) as c group by t", []string{"t", "c"}, false},
		{`select status, count(*) AS "c" from log where a = 'x, from y' group by status`, []string{"status", "c"}, false},
		{"select __time__, message limit 5", []string{"__time__", "message"}, false},
		{"select date_format(from_unixtime(__time__), '%H:%i') as time, count(1) as pv group by time", []string{"time", "pv"}, false},
		{"select * from log", nil, true},
	}
	for _, c := range cases {
		names, star, ok := selectedColumns(c.sql)
		assert.True(t, ok, c.sql)
		assert.Equal(t, c.names, names, c.sql)
		assert.Equal(t, c.star, star, c.sql)
	}
	_, _, ok := selectedColumns("show tables")
	assert.False(t, ok)
}

func TestDropSQLArtefacts(t *testing.T) {
	row := sls.Log{{Key: "__source__", Value: ""}, {Key: "__time__", Value: "1700000000"}, {Key: "t", Value: "1699999980"}, {Key: "c", Value: "5"}}
	got := dropSQLArtefacts("select __time__ - __time__ % 60 as t, count(*) as c group by t", []sls.Log{row})
	assert.Equal(t, sls.Log{{Key: "t", Value: "1699999980"}, {Key: "c", Value: "5"}}, got[0])
	got = dropSQLArtefacts("select __time__, count(*) as c group by __time__", []sls.Log{row})
	assert.Equal(t, []string{"__time__", "t", "c"}, keys(got[0]))
	got = dropSQLArtefacts("select * from log", []sls.Log{row})
	assert.Len(t, got[0], 4)
}

func keys(l sls.Log) []string {
	var out []string
	for _, f := range l {
		out = append(out, f.Key)
	}
	return out
}
