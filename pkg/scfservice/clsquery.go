package scfservice

import (
	"fmt"
	"strings"

	"github.com/logbridge/cloudlogs/pkg/scf"
)

// How SCF queries become CLS statements (CQL). Function logs share topics,
// so every statement filters by function and namespace, as phrases. The
// per-invocation values come from SQL over the invocation's records: the
// Report line carries the status code (other lines carry 202 in the default
// format, or nothing in the simplified one), duration and memory are the
// largest seen (other lines carry 0).

// SCF status codes (SCF_StatusCode) with a meaning of their own here.
const (
	statusOK = 200
	// statusPending is what non-Report lines carry: the invocation's
	// outcome is not known from them.
	statusPending = 202
)

// failedStatuses is the SQL condition of a failed invocation: any status but
// 200 and 202 (README: "SCF status codes that count as failures").
var failedStatuses = fmt.Sprintf("statusCode not in (%d, %d)", statusOK, statusPending)

// retCodeStatuses maps the API 3.0 retCode filters to status codes.
var retCodeStatuses = map[string]string{
	"not0":                  failedStatuses,
	"is0":                   fmt.Sprintf("statusCode = %d", statusOK),
	"TimeLimitExceeded":     "statusCode = 433",
	"ResourceLimitExceeded": "statusCode = 434",
	"UserCodeException":     "statusCode in (430, 443)",
}

// retCodeOf is the invocation RetCode a status code stands for: 0 success,
// running while only 202 lines are known, else the status code itself.
func retCodeOf(status int64) int64 {
	switch status {
	case statusOK:
		return 0
	case statusPending, 0:
		return scf.RetCodeRunning
	}
	return status
}

// cqlPhrase quotes a value as a CQL phrase: inside, only the quote and the
// backslash need escaping.
func cqlPhrase(v string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v) + `"`
}

// searchFilter is the CQL search of one function's records.
func searchFilter(m Query) string {
	parts := []string{"SCF_FunctionName:" + cqlPhrase(m.FunctionName), "SCF_Namespace:" + cqlPhrase(m.Namespace)}
	if m.Qualifier != "" {
		parts = append(parts, "SCF_Qualifier:"+cqlPhrase(m.Qualifier))
	}
	if m.RequestID != "" {
		parts = append(parts, "SCF_RequestId:"+cqlPhrase(m.RequestID))
	}
	return strings.Join(parts, " AND ")
}

// requestsFilter narrows a search to some invocations.
func requestsFilter(base string, requestIDs []string) string {
	ids := make([]string, len(requestIDs))
	for i, id := range requestIDs {
		ids[i] = "SCF_RequestId:" + cqlPhrase(id)
	}
	return base + " AND (" + strings.Join(ids, " OR ") + ")"
}

// perInvocation is the SQL of one row per invocation.
const perInvocation = "select SCF_RequestId as requestId, " +
	"max(try_cast(SCF_StartTime as bigint)) as startTime, " +
	"max(try_cast(SCF_Duration as double)) as duration, " +
	"max(try_cast(SCF_MemUsage as double)) as memUsage, " +
	"coalesce(max(case when SCF_Message like 'Report RequestId%' then try_cast(SCF_StatusCode as bigint) end), max(try_cast(SCF_StatusCode as bigint))) as statusCode " +
	"group by SCF_RequestId"

// orderColumns are the invocation columns each orderBy sorts by (one
// function per query, so functionName sorts by start time).
var orderColumns = map[string]string{
	"startTime": "startTime", "functionName": "startTime", "requestId": "requestId", "duration": "duration", "memUsage": "memUsage",
}

// invocationsSQL lists the invocations a logs or invocations query shows.
func invocationsSQL(m Query) string {
	where := ""
	if cond, ok := retCodeStatuses[m.RetCode]; ok {
		where = " where " + cond
	}
	dir := "desc"
	if !m.Desc {
		dir = "asc"
	}
	return fmt.Sprintf("%s | select * from (%s)%s order by %s %s, requestId %s limit %d, %d",
		searchFilter(m), perInvocation, where, orderColumns[m.OrderBy], dir, dir, m.Offset, m.Limit+1)
}

// metricsSQL aggregates the invocations per bucket of stepMs milliseconds.
func metricsSQL(m Query, stepMs int64) string {
	where := ""
	if cond, ok := retCodeStatuses[m.RetCode]; ok {
		where = " where " + cond
	}
	return fmt.Sprintf("%s | select startTime - startTime %% %d as t, count(*) as invocations, count_if(%s) as errors, "+
		"avg(duration) as durationAvg, approx_percentile(duration, 0.5) as durationP50, approx_percentile(duration, 0.95) as durationP95, "+
		"approx_percentile(duration, 0.99) as durationP99, max(duration) as durationMax, max(memUsage) as memoryMax "+
		"from (%s)%s group by t order by t limit 100000",
		searchFilter(m), stepMs, failedStatuses, perInvocation, where)
}
