package clsemu

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/logbridge/cloudlogs/pkg/emulator/sqlengine"
)

func isAny(t sqlengine.Tok, words ...string) bool {
	for _, w := range words {
		if t.Is(w) {
			return true
		}
	}
	return false
}

// fromEdits gives every SELECT without FROM the topic ("FROM log"): CLS
// has no FROM, the topic is the table. FROM (subquery) is the one FROM
// allowed.
func fromEdits(toks []sqlengine.Tok, qlen int) ([]sqlengine.Edit, *sqlError) {
	var edits []sqlengine.Edit
	for i, t := range toks {
		if !t.Is("select") {
			continue
		}
		d := t.Depth
		end, endPos := len(toks), qlen
		for j := i + 1; j < len(toks); j++ {
			if toks[j].Depth < d || (toks[j].Depth == d && isAny(toks[j], "union", "except", "intersect")) {
				end, endPos = j, toks[j].Start
				break
			}
		}
		from, clause := -1, -1
		for k := i + 1; k < end; k++ {
			if toks[k].Depth != d {
				continue
			}
			if toks[k].Is("from") && from < 0 {
				from = k
			}
			if clause < 0 && isAny(toks[k], clauseWords...) {
				clause = k
			}
		}
		switch {
		case from >= 0 && (from+1 >= end || toks[from+1].Text != "("):
			return nil, syntaxErr(toks[from].Start, "FROM names no table in CLS: the topic is the table, so leave FROM out (FROM (subquery) is allowed)")
		case from >= 0:
		case clause >= 0:
			edits = append(edits, sqlengine.Edit{Start: toks[clause].Start, End: toks[clause].Start, Text: "FROM log "})
		default:
			edits = append(edits, sqlengine.Edit{Start: endPos, End: endPos, Text: " FROM log "})
		}
	}
	return edits, nil
}

// limitEdits checks the top-level LIMIT or adds the default of 100 rows.
func limitEdits(toks []sqlengine.Tok, qlen int) ([]sqlengine.Edit, *sqlError) {
	for i, t := range toks {
		if t.Depth != 0 || !t.Is("limit") {
			continue
		}
		var nums []int64
		for j := i + 1; j < len(toks) && toks[j].Depth == 0; j++ {
			if toks[j].Text == "," || toks[j].Is("offset") {
				continue
			}
			n, err := strconv.ParseInt(toks[j].Text, 10, 64)
			if err != nil {
				return nil, syntaxErr(toks[j].Start, "LIMIT takes numbers: LIMIT n or LIMIT offset, n")
			}
			nums = append(nums, n)
		}
		if len(nums) == 0 || len(nums) > 2 {
			return nil, syntaxErr(t.Start, "LIMIT takes LIMIT n or LIMIT offset, n")
		}
		for _, n := range nums {
			if n < 0 || n > maxSQLLimit {
				return nil, &sqlError{msg: fmt.Sprintf("LIMIT %d is out of range: use 0..%d", n, maxSQLLimit)}
			}
		}
		return nil, nil
	}
	return []sqlengine.Edit{{Start: qlen, End: qlen, Text: " LIMIT 100"}}, nil
}

// notAlias are words that can end an expression, so never an implicit alias.
var notAlias = map[string]bool{"end": true, "null": true, "true": true, "false": true, "and": true, "or": true,
	"not": true, "is": true, "in": true, "like": true, "between": true, "asc": true, "desc": true, "distinct": true}

// selectItems names the outer SELECT's unnamed expressions _col0, _col1,
// … as Presto does, makes its boolean expressions answer booleans, and
// returns each column's static Presto type hint ("" when unknown).
func selectItems(q string, toks []sqlengine.Tok) ([]sqlengine.Edit, []string) {
	start := 1
	for start < len(toks) && isAny(toks[start], "distinct", "all") {
		start++
	}
	end := len(toks)
	for j := start; j < len(toks); j++ {
		if toks[j].Depth == 0 && (toks[j].Is("from") || isAny(toks[j], clauseWords...) || isAny(toks[j], "union", "except", "intersect")) {
			end = j
			break
		}
	}
	var edits []sqlengine.Edit
	var hints []string
	a := start
	for n := 0; a < end; n++ {
		b := a
		for b < end && !(toks[b].Text == "," && toks[b].Depth == 0) {
			b++
		}
		e, hint, star := selectItem(toks[a:b], n)
		if star {
			return edits, nil
		}
		edits = append(edits, e...)
		hints = append(hints, hint)
		a = b + 1
	}
	return edits, hints
}

func selectItem(item []sqlengine.Tok, n int) ([]sqlengine.Edit, string, bool) {
	if len(item) == 0 {
		return nil, "", false
	}
	if len(item) == 1 && item[0].Text == "*" {
		return nil, "", true
	}
	expr := item
	aliased := false
	if k := len(item); k >= 3 && item[k-2].Is("as") {
		expr, aliased = item[:k-2], true
	} else if k >= 2 && (item[k-1].Word || strings.HasPrefix(item[k-1].Text, `"`)) && !notAlias[strings.ToLower(item[k-1].Text)] &&
		(item[k-2].Text == ")" || item[k-2].Word && !notAlias[strings.ToLower(item[k-2].Text)]) && !isAny(item[k-2], "case", "when", "then", "else") {
		expr, aliased = item[:k-1], true
	}
	var edits []sqlengine.Edit
	first, last := expr[0], expr[len(expr)-1]
	if isBoolean(expr) {
		edits = append(edits, sqlengine.Edit{Start: first.Start, End: first.Start, Text: "cls_bool("},
			sqlengine.Edit{Start: last.End, End: last.End, Text: ")"})
	}
	plain := len(expr) == 1 && (expr[0].Word && !isNumber(expr[0].Text) || strings.HasPrefix(expr[0].Text, `"`))
	if !aliased && !plain {
		edits = append(edits, sqlengine.Edit{Start: last.End, End: last.End, Text: fmt.Sprintf(" AS _col%d", n)})
	}
	return edits, typeHint(expr), false
}

func isNumber(s string) bool { _, err := strconv.ParseFloat(s, 64); return err == nil }

// isBoolean tells whether an expression's outermost operator is a
// comparison or logical one (not inside parentheses or a CASE).
func isBoolean(expr []sqlengine.Tok) bool {
	d := expr[0].Depth
	for _, t := range expr {
		if t.Depth != d {
			continue
		}
		if t.Is("case") {
			return false
		}
		switch t.Text {
		case "=", "<", ">", "!":
			return true
		}
		if isAny(t, "and", "or", "not", "like", "in", "is", "between") {
			return true
		}
	}
	return false
}

// typeHint is the Presto type of a single call the emulator knows.
func typeHint(expr []sqlengine.Tok) string {
	if len(expr) < 3 || !expr[0].Word || expr[1].Text != "(" || closing(expr, 1) != len(expr)-1 {
		return ""
	}
	switch strings.ToLower(expr[0].Text) {
	case "count", "count_if", "approx_distinct":
		return "bigint"
	case "avg", "to_unixtime":
		return "double"
	case "histogram", "date_trunc", "from_unixtime":
		return "timestamp"
	case "cast", "try_cast":
		for j := len(expr) - 2; j > 1; j-- {
			if expr[j].Is("as") && expr[j].Depth == expr[1].Depth+1 {
				return sqlTypes[strings.ToLower(expr[j+1].Text)]
			}
		}
	}
	return ""
}
