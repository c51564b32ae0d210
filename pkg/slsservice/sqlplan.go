package plugin

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/logbridge/cloudlogs/pkg/models"
	"github.com/logbridge/cloudlogs/pkg/sls"
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

// SLS adds __source__ and __time__ to every row of an SQL answer, whatever
// the select list (the official Grafana plugin drops them too). They are
// kept only when the SQL selects them, so that an added __time__ is not
// taken for the time axis of `select t, count(*) ... group by t`.
var sqlArtefacts = []string{"__source__", "__time__"}

var (
	selectKeyword = regexp.MustCompile(`(?i)^\s*select\s+`)
	aliasSuffix   = regexp.MustCompile(`(?i)\bas\s+("?)([A-Za-z0-9_]+)"?\s*$`)
	clauseStart   = regexp.MustCompile(`(?i)^\s*(from|where|group\s+by|order\s+by|limit|having)\b`)
)

// selectedColumns returns the output names of the outermost select list and
// whether it selects everything (*); ok is false when it cannot tell.
func selectedColumns(sql string) (names []string, star bool, ok bool) {
	loc := selectKeyword.FindStringIndex(sql)
	if loc == nil {
		return nil, false, false
	}
	rest := sql[loc[1]:]
	depth, start := 0, 0
	var quote byte
	var items []string
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
			continue
		case c == '\'' || c == '"':
			quote = c
			continue
		case c == '(':
			depth++
		case c == ')':
			depth--
		case depth == 0 && c == ',':
			items = append(items, rest[start:i])
			start = i + 1
		}
		if depth == 0 && (i == 0 || !isIdentByte(rest[i-1])) && clauseStart.MatchString(rest[i:]) {
			items = append(items, rest[start:i])
			start = -1
			break
		}
	}
	if start >= 0 {
		items = append(items, rest[start:])
	}
	for _, item := range items {
		item = strings.TrimSpace(item)
		if item == "*" {
			star = true
			continue
		}
		if m := aliasSuffix.FindStringSubmatch(item); m != nil {
			names = append(names, m[2])
			continue
		}
		names = append(names, strings.Trim(item, `"`))
	}
	return names, star, true
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// dropSQLArtefacts removes the __source__/__time__ keys SLS adds to SQL rows
// when the select list does not ask for them.
func dropSQLArtefacts(sql string, rows []sls.Log) []sls.Log {
	names, star, ok := selectedColumns(sql)
	if !ok || star {
		return rows
	}
	drop := map[string]bool{}
	for _, a := range sqlArtefacts {
		drop[a] = true
	}
	for _, n := range names {
		delete(drop, n)
	}
	if len(drop) == 0 {
		return rows
	}
	out := make([]sls.Log, len(rows))
	for i, row := range rows {
		kept := make(sls.Log, 0, len(row))
		for _, f := range row {
			if !drop[f.Key] {
				kept = append(kept, f)
			}
		}
		out[i] = kept
	}
	return out
}
