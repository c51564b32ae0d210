package plugin

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/logbridge/cloudlogs/pkg/models"
)

// slsDefaultSQLRows is how many rows SLS returns for SQL without a LIMIT.
const slsDefaultSQLRows = 100

// sqlLimitPlan is the SQL to send and the row count at which its result may
// have been cut (so the user is told instead of seeing a silent cap).
type sqlLimitPlan struct {
	SQL string
	Cap int
}

var trailingLimit = regexp.MustCompile(`(?is)\blimit\s+(\d+)(?:\s*,\s*(\d+))?\s*;?\s*$`)

// planSQLLimit keeps the SQL's own LIMIT; without one, the query's `limit`
// (when set) is appended, and otherwise SLS's default of 100 rows applies.
func planSQLLimit(sql string, m models.SLSQuery) sqlLimitPlan {
	sql = strings.TrimSpace(sql)
	if match := trailingLimit.FindStringSubmatch(sql); match != nil {
		n, _ := strconv.Atoi(match[1])
		if match[2] != "" { // LIMIT offset, count
			n, _ = strconv.Atoi(match[2])
		}
		return sqlLimitPlan{SQL: sql, Cap: n}
	}
	if m.LimitSet && m.Limit > 0 {
		return sqlLimitPlan{SQL: strings.TrimSuffix(sql, ";") + " limit " + strconv.Itoa(m.Limit), Cap: m.Limit}
	}
	return sqlLimitPlan{SQL: sql, Cap: slsDefaultSQLRows}
}

var groupBy = regexp.MustCompile(`(?is)\bgroup\s+by\s+(.+?)(?:\border\s+by\b|\blimit\b|\bhaving\b|\)|$)`)

// groupByColumns lists the names in the SQL's GROUP BY clauses; they label
// series (an HTTP status is a group, not a value to draw).
func groupByColumns(sql string) []string {
	var out []string
	for _, m := range groupBy.FindAllStringSubmatch(sql, -1) {
		for _, part := range strings.Split(m[1], ",") {
			name := strings.Trim(strings.TrimSpace(part), "\"`")
			if name != "" {
				out = append(out, name)
			}
		}
	}
	return out
}
