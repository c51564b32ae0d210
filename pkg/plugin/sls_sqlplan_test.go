package plugin

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/logbridge/cloudlogs/pkg/models"
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
