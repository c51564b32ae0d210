package slsservice

import (
	"github.com/logbridge/cloudlogs/pkg/querytext"
	"github.com/logbridge/cloudlogs/pkg/sls"
)

// defaultSQLRows is how many rows SLS returns for SQL without a LIMIT.
const defaultSQLRows = 100

// sqlPlan is the SQL to send and the row count at which its result may have
// been cut (so the user is told instead of seeing a silent cap).
type sqlPlan struct {
	SQL querytext.SQLText
	Cap int
}

// planSQL keeps the SQL's own LIMIT; without one, the query's `limit` (when
// set) is appended, and otherwise SLS's default of 100 rows applies.
func planSQL(sql string, m Query) sqlPlan {
	st := querytext.ParseSQL(sql)
	if n, ok := st.Limit(); ok {
		return sqlPlan{SQL: st, Cap: n}
	}
	if m.LimitSet && m.Limit > 0 {
		return sqlPlan{SQL: st.WithLimit(m.Limit), Cap: m.Limit}
	}
	return sqlPlan{SQL: st, Cap: defaultSQLRows}
}

// SLS adds __source__ and __time__ to every row of an SQL answer, whatever
// the select list (the official Grafana plugin drops them too). They are
// kept only when the SQL selects them, so that an added __time__ is not
// taken for the time axis of `select t, count(*) ... group by t`.
var sqlArtefacts = []string{"__source__", "__time__"}

// dropSQLArtefacts removes the __source__/__time__ keys SLS adds to SQL rows
// when the select list does not ask for them.
func dropSQLArtefacts(sql querytext.SQLText, rows []sls.Log) []sls.Log {
	names, star, ok := sql.SelectList()
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
