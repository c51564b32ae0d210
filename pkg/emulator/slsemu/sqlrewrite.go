package slsemu

import (
	"fmt"
	"strconv"
	"strings"
)

// This file turns SLS SQL into SQLite SQL with a small lexer, so keywords
// inside strings, quoted names and subqueries are never touched.

type sqlTok struct {
	text       string
	start, end int
	depth      int  // parenthesis depth
	word       bool // an unquoted word (keyword, name, number)
}

func lexSQL(q string) ([]sqlTok, error) {
	var toks []sqlTok
	depth := 0
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
			continue
		case c == '\'' || c == '"' || c == '`':
			j := i + 1
			for ; j < len(q); j++ {
				if q[j] == c {
					if j+1 < len(q) && q[j+1] == c {
						j++
						continue
					}
					break
				}
			}
			if j >= len(q) {
				return nil, fmt.Errorf("unterminated %c quote starting at position %d", c, i+1)
			}
			toks = append(toks, sqlTok{text: q[i : j+1], start: i, end: j + 1, depth: depth})
			i = j + 1
			continue
		case isWordByte(c):
			j := i
			for j < len(q) && isWordByte(q[j]) {
				j++
			}
			toks = append(toks, sqlTok{text: q[i:j], start: i, end: j, depth: depth, word: true})
			i = j
			continue
		case c == '(':
			toks = append(toks, sqlTok{text: "(", start: i, end: i + 1, depth: depth})
			depth++
		case c == ')':
			depth--
			if depth < 0 {
				return nil, fmt.Errorf("unbalanced ')' at position %d", i+1)
			}
			toks = append(toks, sqlTok{text: ")", start: i, end: i + 1, depth: depth})
		default:
			toks = append(toks, sqlTok{text: string(c), start: i, end: i + 1, depth: depth})
		}
		i++
	}
	if depth != 0 {
		return nil, fmt.Errorf("missing ')': %d parenthesis left open", depth)
	}
	return toks, nil
}

func isWordByte(c byte) bool {
	return c == '_' || c == '.' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

func (t sqlTok) is(kw string) bool { return t.word && strings.EqualFold(t.text, kw) }

// edit replaces q[start:end] with text.
type edit struct {
	start, end int
	text       string
}

func applyEdits(q string, edits []edit) string {
	var b strings.Builder
	last := 0
	for _, e := range edits {
		b.WriteString(q[last:e.start])
		b.WriteString(e.text)
		last = e.end
	}
	b.WriteString(q[last:])
	return b.String()
}

// tableRef reads the table name after FROM/JOIN at toks[i]: a quoted name,
// or a bare one that may hold '-' (SLS logstore names do). It returns the
// name, the token span and whether the reference is a subquery.
func tableRef(q string, toks []sqlTok, i int) (name string, first, last int, ok bool) {
	if i >= len(toks) || toks[i].text == "(" {
		return "", 0, 0, false
	}
	t := toks[i]
	if !t.word {
		if len(t.text) >= 2 && (t.text[0] == '"' || t.text[0] == '`') {
			return strings.ReplaceAll(t.text[1:len(t.text)-1], t.text[:1]+t.text[:1], t.text[:1]), i, i, true
		}
		return "", 0, 0, false
	}
	last = i
	for last+2 < len(toks) && toks[last+1].text == "-" && toks[last+2].word &&
		toks[last+1].start == toks[last].end && toks[last+2].start == toks[last+1].end {
		last += 2
	}
	return q[toks[i].start:toks[last].end], i, last, true
}

func quoteIdent(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// commonEdits rewrites SLS functions SQLite spells differently; now() becomes
// the emulator's clock as a literal so a frozen test clock is honoured.
func commonEdits(toks []sqlTok, nowTS string) []edit {
	var edits []edit
	for i, t := range toks {
		if i+1 >= len(toks) || toks[i+1].text != "(" {
			continue
		}
		switch {
		case t.is("approx_distinct"):
			edits = append(edits, edit{t.start, toks[i+1].end, "count(DISTINCT "})
		case t.is("now") && i+2 < len(toks) && toks[i+2].text == ")":
			edits = append(edits, edit{t.start, toks[i+2].end, "'" + nowTS + "'"})
		}
	}
	return edits
}

// maxSQLLimit is SLS's cap on LIMIT.
const maxSQLLimit = 1_000_000

// limitEdit checks a top-level LIMIT or adds SLS's default of 100 rows.
func limitEdit(q string, toks []sqlTok) ([]edit, error) {
	for i, t := range toks {
		if t.depth != 0 || !t.is("limit") {
			continue
		}
		var nums []int64
		comma := false
		for j := i + 1; j < len(toks) && toks[j].depth == 0; j++ {
			if toks[j].text == "," || toks[j].is("offset") {
				comma = comma || toks[j].text == ","
				continue
			}
			n, err := strconv.ParseInt(toks[j].text, 10, 64)
			if err != nil {
				break
			}
			nums = append(nums, n)
		}
		return nil, checkLimit(nums, comma)
	}
	return []edit{{len(q), len(q), " LIMIT 100"}}, nil
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

func sortEdits(edits []edit) {
	for i := 1; i < len(edits); i++ {
		for j := i; j > 0 && edits[j].start < edits[j-1].start; j-- {
			edits[j], edits[j-1] = edits[j-1], edits[j]
		}
	}
}

// clauseStarts are the keywords a FROM-less SLS SELECT gets "FROM log" before.
var clauseStarts = []string{"where", "group", "having", "order", "limit", "union", "window", "except", "intersect"}

// rewriteLogstoreSQL turns the SQL of "search | sql" into SQLite SQL over
// the window CTE: it reads FROM log (or no FROM), as SLS allows.
func rewriteLogstoreSQL(q, logstore, windowSQL, nowTS string) (string, error) {
	q = strings.TrimRight(strings.TrimSpace(q), ";")
	toks, err := lexSQL(q)
	if err != nil {
		return "", err
	}
	if len(toks) == 0 || !(toks[0].is("select") || toks[0].is("with")) {
		return "", fmt.Errorf("the part after '|' must be a SELECT statement")
	}
	edits := commonEdits(toks, nowTS)
	fromAt := -1
	for i, t := range toks {
		if t.depth == 0 && t.is("from") {
			fromAt = i
			break
		}
	}
	if fromAt >= 0 {
		name, first, last, ok := tableRef(q, toks, fromAt+1)
		if ok && (strings.EqualFold(name, "log") || name == logstore) {
			edits = append(edits, edit{toks[first].start, toks[last].end, "log"})
		} else if ok && !cteNames(toks)[strings.ToLower(name)] {
			return "", fmt.Errorf("a logstore query reads FROM log (or has no FROM), not FROM %s", name)
		}
	} else {
		at := len(q)
		for _, t := range toks {
			if t.depth == 0 && anyKeyword(t, clauseStarts) {
				at = t.start
				break
			}
		}
		edits = append(edits, edit{at, at, " FROM log "})
	}
	lim, err := limitEdit(q, toks)
	if err != nil {
		return "", err
	}
	edits = append(edits, lim...)
	sortEdits(edits)
	out := applyEdits(q, edits)
	if toks[0].is("with") {
		return "WITH log AS (" + windowSQL + "), " + strings.TrimSpace(out[len("with"):]), nil
	}
	return "WITH log AS (" + windowSQL + ") " + out, nil
}

// cteNames lists the names a WITH clause defines (lower-cased).
func cteNames(toks []sqlTok) map[string]bool {
	ctes := map[string]bool{}
	for i, t := range toks {
		if t.is("with") || (t.text == "," && i > 0 && toks[i-1].text == ")") {
			if i+2 < len(toks) && toks[i+2].is("as") {
				ctes[strings.ToLower(toks[i+1].text)] = true
			}
		}
	}
	return ctes
}

func anyKeyword(t sqlTok, kws []string) bool {
	for _, k := range kws {
		if t.is(k) {
			return true
		}
	}
	return false
}

// rewriteProjectSQL prepares a GetProjectLogs SQL: logstores are the tables
// (bare names with '-' get quoted), and a time condition is required.
func rewriteProjectSQL(q string, exists func(string) bool, nowTS string) (sql string, tables []string, err error) {
	q = strings.TrimRight(strings.TrimSpace(q), ";")
	toks, err := lexSQL(q)
	if err != nil {
		return "", nil, err
	}
	if len(toks) == 0 || !(toks[0].is("select") || toks[0].is("with")) {
		return "", nil, fmt.Errorf("the query must be a SELECT statement")
	}
	if !hasTimeCondition(toks) {
		return "", nil, errTimeCondition
	}
	edits := commonEdits(toks, nowTS)
	ctes := cteNames(toks)
	for i, t := range toks {
		if !t.is("from") && !t.is("join") {
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
		edits = append(edits, edit{toks[first].start, toks[last].end, quoteIdent(name)})
	}
	if len(tables) == 0 {
		return "", nil, fmt.Errorf("name a logstore in FROM, e.g. SELECT count(1) FROM \"app-log\" WHERE __time__ > to_unixtime(now()) - 3600")
	}
	lim, err := limitEdit(q, toks)
	if err != nil {
		return "", nil, err
	}
	edits = append(edits, lim...)
	sortEdits(edits)
	return applyEdits(q, edits), tables, nil
}

type missingLogstore struct{ name string }

func (e *missingLogstore) Error() string { return "logstore " + e.name + " does not exist" }

var errTimeCondition = fmt.Errorf("the query must specify the time range to query (必须指定要查询的时间范围): add a condition on __date__ (timestamp) or __time__ (Unix seconds), e.g. WHERE __date__ > '2024-01-01 00:00:00' AND __date__ < '2024-01-02 00:00:00'")

// hasTimeCondition looks for __date__/__time__ compared or BETWEEN-ed.
func hasTimeCondition(toks []sqlTok) bool {
	isTime := func(t sqlTok) bool {
		name := strings.Trim(t.text, "\"`")
		return name == "__date__" || name == "__time__" || strings.HasSuffix(name, ".__date__") || strings.HasSuffix(name, ".__time__")
	}
	isCmp := func(i int) bool {
		if i < 0 || i >= len(toks) {
			return false
		}
		switch toks[i].text {
		case ">", "<", "=":
			return true
		}
		return toks[i].is("between")
	}
	for i, t := range toks {
		if !isTime(t) {
			continue
		}
		if isCmp(i+1) || isCmp(i-1) || (i+1 < len(toks) && toks[i+1].is("not") && isCmp(i+2)) {
			return true
		}
	}
	return false
}
