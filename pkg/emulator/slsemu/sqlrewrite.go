package slsemu

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/logbridge/cloudlogs/pkg/emulator/sqlengine"
)

// This file turns SLS SQL into SQLite SQL with a small lexer, so keywords
// inside strings, quoted names and subqueries are never touched.

// tableRef reads the table name after FROM/JOIN at toks[i]: a quoted name,
// or a bare one that may hold '-' (SLS logstore names do). It returns the
// name, the token span and whether the reference is a subquery.
func tableRef(q string, toks []sqlengine.Tok, i int) (name string, first, last int, ok bool) {
	if i >= len(toks) || toks[i].Text == "(" {
		return "", 0, 0, false
	}
	t := toks[i]
	if !t.Word {
		if len(t.Text) >= 2 && (t.Text[0] == '"' || t.Text[0] == '`') {
			return strings.ReplaceAll(t.Text[1:len(t.Text)-1], t.Text[:1]+t.Text[:1], t.Text[:1]), i, i, true
		}
		return "", 0, 0, false
	}
	last = i
	for last+2 < len(toks) && toks[last+1].Text == "-" && toks[last+2].Word &&
		toks[last+1].Start == toks[last].End && toks[last+2].Start == toks[last+1].End {
		last += 2
	}
	return q[toks[i].Start:toks[last].End], i, last, true
}

func quoteIdent(name string) string { return sqlengine.QuoteIdent(name) }

// commonEdits rewrites SLS functions SQLite spells differently; now() becomes
// the emulator's clock as a literal so a frozen test clock is honoured.
func commonEdits(toks []sqlengine.Tok, nowTS string) []sqlengine.Edit {
	var edits []sqlengine.Edit
	for i, t := range toks {
		if i+1 >= len(toks) || toks[i+1].Text != "(" {
			continue
		}
		switch {
		case t.Is("approx_distinct"):
			edits = append(edits, sqlengine.Edit{Start: t.Start, End: toks[i+1].End, Text: "count(DISTINCT "})
		case t.Is("now") && i+2 < len(toks) && toks[i+2].Text == ")":
			edits = append(edits, sqlengine.Edit{Start: t.Start, End: toks[i+2].End, Text: "'" + nowTS + "'"})
		}
	}
	return edits
}

// maxSQLLimit is SLS's cap on LIMIT.
const maxSQLLimit = 1_000_000

// limitEdit checks a top-level LIMIT or adds SLS's default of 100 rows.
func limitEdit(q string, toks []sqlengine.Tok) ([]sqlengine.Edit, error) {
	for i, t := range toks {
		if t.Depth != 0 || !t.Is("limit") {
			continue
		}
		var nums []int64
		comma := false
		for j := i + 1; j < len(toks) && toks[j].Depth == 0; j++ {
			if toks[j].Text == "," || toks[j].Is("offset") {
				comma = comma || toks[j].Text == ","
				continue
			}
			n, err := strconv.ParseInt(toks[j].Text, 10, 64)
			if err != nil {
				break
			}
			nums = append(nums, n)
		}
		return nil, checkLimit(nums, comma)
	}
	return []sqlengine.Edit{{Start: len(q), End: len(q), Text: " LIMIT 100"}}, nil
}

// maxPageLimit caps x in "LIMIT y, x".
const maxPageLimit = 10_000

// checkLimit applies SLS's LIMIT ranges: LIMIT x with x <= 1,000,000;
// LIMIT y, x with x <= 10,000 and x + y <= 1,000,000 (LIMIT x OFFSET y:
// the sum rule).
func checkLimit(nums []int64, comma bool) error {
	for _, n := range nums {
		if n < 0 || n > maxSQLLimit {
			return fmt.Errorf("LIMIT %d is out of range: use 0..%d", n, maxSQLLimit)
		}
	}
	if len(nums) == 2 {
		if comma && nums[1] > maxPageLimit {
			return fmt.Errorf("LIMIT %d, %d reads too many rows: the row count after the comma must be at most %d", nums[0], nums[1], maxPageLimit)
		}
		if nums[0]+nums[1] > maxSQLLimit {
			return fmt.Errorf("LIMIT offset plus row count (%d) must be at most %d", nums[0]+nums[1], maxSQLLimit)
		}
	}
	return nil
}

// clauseStarts are the keywords a FROM-less SLS SELECT gets "FROM log" before.
var clauseStarts = []string{"where", "group", "having", "order", "limit", "union", "window", "except", "intersect"}

// rewriteLogstoreSQL turns the SQL of "search | sql" into SQLite SQL over
// the window CTE: it reads FROM log (or no FROM), as SLS allows.
func rewriteLogstoreSQL(q, logstore, windowSQL, nowTS string) (string, error) {
	q = strings.TrimRight(strings.TrimSpace(q), ";")
	toks, err := sqlengine.Lex(q)
	if err != nil {
		return "", err
	}
	if len(toks) == 0 || !(toks[0].Is("select") || toks[0].Is("with")) {
		return "", fmt.Errorf("the part after '|' must be a SELECT statement")
	}
	edits := commonEdits(toks, nowTS)
	fromAt := -1
	for i, t := range toks {
		if t.Depth == 0 && t.Is("from") {
			fromAt = i
			break
		}
	}
	if fromAt >= 0 {
		name, first, last, ok := tableRef(q, toks, fromAt+1)
		if ok && (strings.EqualFold(name, "log") || name == logstore) {
			edits = append(edits, sqlengine.Edit{Start: toks[first].Start, End: toks[last].End, Text: "log"})
		} else if ok && !cteNames(toks)[strings.ToLower(name)] {
			return "", fmt.Errorf("a logstore query reads FROM log (or has no FROM), not FROM %s", name)
		}
	} else {
		at := len(q)
		for _, t := range toks {
			if t.Depth == 0 && anyKeyword(t, clauseStarts) {
				at = t.Start
				break
			}
		}
		edits = append(edits, sqlengine.Edit{Start: at, End: at, Text: " FROM log "})
	}
	lim, err := limitEdit(q, toks)
	if err != nil {
		return "", err
	}
	edits = append(edits, lim...)
	sqlengine.SortEdits(edits)
	out := sqlengine.Apply(q, edits)
	if toks[0].Is("with") {
		return "WITH log AS (" + windowSQL + "), " + strings.TrimSpace(out[len("with"):]), nil
	}
	return "WITH log AS (" + windowSQL + ") " + out, nil
}

// cteNames lists the names a WITH clause defines (lower-cased).
func cteNames(toks []sqlengine.Tok) map[string]bool {
	ctes := map[string]bool{}
	for i, t := range toks {
		if t.Is("with") || (t.Text == "," && i > 0 && toks[i-1].Text == ")") {
			if i+2 < len(toks) && toks[i+2].Is("as") {
				ctes[strings.ToLower(toks[i+1].Text)] = true
			}
		}
	}
	return ctes
}

func anyKeyword(t sqlengine.Tok, kws []string) bool {
	for _, k := range kws {
		if t.Is(k) {
			return true
		}
	}
	return false
}

// rewriteProjectSQL prepares a GetProjectLogs SQL: logstores are the tables
// (bare names with '-' get quoted), and a time condition is required.
func rewriteProjectSQL(q string, exists func(string) bool, nowTS string) (sql string, tables []string, err error) {
	q = strings.TrimRight(strings.TrimSpace(q), ";")
	toks, err := sqlengine.Lex(q)
	if err != nil {
		return "", nil, err
	}
	if len(toks) == 0 || !(toks[0].Is("select") || toks[0].Is("with")) {
		return "", nil, fmt.Errorf("the query must be a SELECT statement")
	}
	if !hasTimeCondition(toks) {
		return "", nil, errTimeCondition
	}
	edits := commonEdits(toks, nowTS)
	ctes := cteNames(toks)
	for i, t := range toks {
		if !t.Is("from") && !t.Is("join") {
			continue
		}
		name, first, last, ok := tableRef(q, toks, i+1)
		if !ok || ctes[strings.ToLower(name)] {
			continue
		}
		if !exists(name) {
			return "", nil, &missingLogstore{name}
		}
		tables = append(tables, name)
		edits = append(edits, sqlengine.Edit{Start: toks[first].Start, End: toks[last].End, Text: quoteIdent(name)})
	}
	if len(tables) == 0 {
		return "", nil, fmt.Errorf("name a logstore in FROM, e.g. SELECT count(1) FROM \"app-log\" WHERE __time__ > to_unixtime(now()) - 3600")
	}
	lim, err := limitEdit(q, toks)
	if err != nil {
		return "", nil, err
	}
	edits = append(edits, lim...)
	sqlengine.SortEdits(edits)
	return sqlengine.Apply(q, edits), tables, nil
}

type missingLogstore struct{ name string }

func (e *missingLogstore) Error() string { return "logstore " + e.name + " does not exist" }

var errTimeCondition = fmt.Errorf("the query must specify the time range to query (必须指定要查询的时间范围): add a condition on __date__ (timestamp) or __time__ (Unix seconds), e.g. WHERE __date__ > '2024-01-01 00:00:00' AND __date__ < '2024-01-02 00:00:00'")

// hasTimeCondition looks for __date__/__time__ compared or BETWEEN-ed.
func hasTimeCondition(toks []sqlengine.Tok) bool {
	isTime := func(t sqlengine.Tok) bool {
		name := strings.Trim(t.Text, "\"`")
		return name == "__date__" || name == "__time__" || strings.HasSuffix(name, ".__date__") || strings.HasSuffix(name, ".__time__")
	}
	isCmp := func(i int) bool {
		if i < 0 || i >= len(toks) {
			return false
		}
		switch toks[i].Text {
		case ">", "<", "=":
			return true
		}
		return toks[i].Is("between")
	}
	for i, t := range toks {
		if !isTime(t) {
			continue
		}
		if isCmp(i+1) || isCmp(i-1) || (i+1 < len(toks) && toks[i+1].Is("not") && isCmp(i+2)) {
			return true
		}
	}
	return false
}
