package scfservice

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/logbridge/cloudlogs/pkg/scf"
)

func TestCLSStatementsFilterByFunctionAsPhrases(t *testing.T) {
	m := Query{FunctionName: `odd"name\x`, Namespace: "default", RequestID: "r-1", OrderBy: "duration", Desc: false, Offset: 20, Limit: 50, RetCode: "not0"}
	assert.Equal(t, `SCF_FunctionName:"odd\"name\\x" AND SCF_Namespace:"default" AND SCF_RequestId:"r-1"`, searchFilter(m), "values are escaped inside phrases")
	sql := invocationsSQL(m)
	assert.Contains(t, sql, `| select * from (select SCF_RequestId as requestId,`)
	assert.Contains(t, sql, "group by SCF_RequestId) where statusCode not in (200, 202) order by duration asc, requestId asc limit 20, 51", "one more than asked, to know if more match")
	m.Qualifier = "2"
	assert.Contains(t, searchFilter(m), `AND SCF_Qualifier:"2"`)
	assert.Equal(t, `base AND (SCF_RequestId:"a" OR SCF_RequestId:"b")`, requestsFilter("base", []string{"a", "b"}))
	metrics := metricsSQL(Query{FunctionName: "f", Namespace: "n", RetCode: "is0"}, 60000)
	assert.Contains(t, metrics, "select startTime - startTime % 60000 as t, count(*) as invocations, count_if(statusCode not in (200, 202)) as errors")
	assert.Contains(t, metrics, "where statusCode = 200 group by t order by t")
}

func TestStatusCodesBecomeRetCodes(t *testing.T) {
	assert.Equal(t, int64(0), retCodeOf(200))
	assert.Equal(t, int64(scf.RetCodeRunning), retCodeOf(202), "only non-Report lines seen: still running")
	assert.Equal(t, int64(scf.RetCodeRunning), retCodeOf(0), "no status at all (simplified format without its Report yet)")
	assert.Equal(t, int64(433), retCodeOf(433))
	assert.True(t, scf.Invocation{RetCode: retCodeOf(499)}.Failed(), "a cancelled request counts as failed")
}
