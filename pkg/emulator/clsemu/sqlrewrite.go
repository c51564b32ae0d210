package clsemu

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/logbridge/cloudlogs/pkg/emulator/sqlengine"
)

// The SQL after "|" is CLS's Presto-like dialect. rewriteSQL turns the
// supported subset into SQLite over the "log" CTE (the topic's matching
// logs) and refuses the rest, so SQLite never silently answers a statement
// with its own, different semantics.

// sqlFuncs maps the supported CLS functions to their SQLite implementation.
var sqlFuncs = map[string]string{
	"count": "count", "sum": "sum", "avg": "avg", "min": "min", "max": "max", "count_if": "count_if",
	"approx_percentile": "cls_percentile", "coalesce": "coalesce", "lower": "lower", "upper": "upper",
	"round": "cls_round", "abs": "abs", "length": "length", "if": "iif", "nullif": "nullif",
	"substr": "substr", "replace": "replace", "trim": "trim", "ltrim": "ltrim", "rtrim": "rtrim",
	"date_trunc": "cls_date_trunc", "from_unixtime": "cls_from_unixtime", "to_unixtime": "cls_to_unixtime",
}

// keywordsBeforeParen may be followed by "(" without being a function.
var keywordsBeforeParen = map[string]bool{
	"in": true, "from": true, "and": true, "or": true, "not": true, "when": true, "then": true, "else": true,
	"where": true, "having": true, "select": true, "as": true, "by": true, "between": true, "like": true,
	"is": true, "case": true, "distinct": true, "on": true, "union": true, "all": true,
}

// refusedWords are SQL the emulator does not run (joins, windows, CTEs,
// SQLite-only operators and statements).
var refusedWords = map[string]bool{
	"join": true, "over": true, "with": true, "window": true, "lateral": true, "unnest": true, "glob": true,
	"regexp": true, "match": true, "collate": true, "notnull": true, "isnull": true, "pragma": true,
	"insert": true, "update": true, "delete": true, "drop": true, "create": true, "attach": true, "values": true,
	"exists": true, "interval": true,
}

// clauseWords end a SELECT list or start its next clause.
var clauseWords = []string{"where", "group", "having", "order", "limit", "offset"}

// sqlTypes are the cast targets, with their Presto name.
var sqlTypes = map[string]string{"bigint": "bigint", "integer": "bigint", "int": "bigint", "double": "double",
	"real": "double", "varchar": "varchar", "timestamp": "timestamp", "boolean": "boolean"}

const maxSQLLimit = 1_000_000

type sqlError struct {
	syntax bool
	msg    string
}

func (e *sqlError) Error() string { return e.msg }

func syntaxErr(pos int, format string, args ...any) *sqlError {
	return &sqlError{syntax: true, msg: fmt.Sprintf("syntax error at position %d: ", pos+1) + fmt.Sprintf(format, args...)}
}

// rewrittenSQL is the SQLite statement and, per output column, the Presto
// type its expression has when the emulator can tell it statically.
type rewrittenSQL struct {
	stmt  string
	hints []string
}

func rewriteSQL(q string) (rewrittenSQL, *sqlError) {
	q = strings.TrimSpace(q)
	toks, err := sqlengine.Lex(q)
	if err != nil {
		return rewrittenSQL{}, &sqlError{syntax: true, msg: "syntax error: " + err.Error()}
	}
	if len(toks) == 0 || !toks[0].Is("select") {
		return rewrittenSQL{}, syntaxErr(0, "the part after '|' must be a SELECT statement")
	}
	var edits []sqlengine.Edit
	skip := map[int]bool{} // tokens consumed by a cast or histogram rewrite
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if skip[i] {
			continue
		}
		switch {
		case t.Text == ";":
			return rewrittenSQL{}, syntaxErr(t.Start, "unexpected \";\": one statement only")
		case t.Text == "=" && i+1 < len(toks) && toks[i+1].Text == "=" && toks[i+1].Start == t.End:
			return rewrittenSQL{}, syntaxErr(t.Start, "unexpected \"==\": use =")
		case strings.HasPrefix(t.Text, "`"):
			return rewrittenSQL{}, syntaxErr(t.Start, "unexpected %s: quote names with double quotes", t.Text)
		case strings.HasPrefix(t.Text, `"`):
			name := strings.ReplaceAll(t.Text[1:len(t.Text)-1], `""`, `"`)
			if strings.ContainsAny(name, "[]") {
				return rewrittenSQL{}, syntaxErr(t.Start, "the emulator cannot resolve the name %s", t.Text)
			}
			// SQLite reads an unknown "name" as a string; [name] is always a name.
			edits = append(edits, sqlengine.Edit{Start: t.Start, End: t.End, Text: "[" + name + "]"})
		case t.Word && refusedWords[strings.ToLower(t.Text)]:
			return rewrittenSQL{}, &sqlError{msg: fmt.Sprintf("%q at position %d is not supported by the emulator's SQL", t.Text, t.Start+1)}
		case t.Word && i+1 < len(toks) && toks[i+1].Text == "(":
			e, consumed, err := rewriteCall(q, toks, i)
			if err != nil {
				return rewrittenSQL{}, err
			}
			edits = append(edits, e...)
			for _, k := range consumed {
				skip[k] = true
			}
		}
	}
	// At one position the column alias goes before an added FROM and LIMIT.
	items, hints := selectItems(q, toks)
	edits = append(items, edits...)
	from, ferr := fromEdits(toks, len(q))
	if ferr != nil {
		return rewrittenSQL{}, ferr
	}
	edits = append(edits, from...)
	lim, lerr := limitEdits(toks, len(q))
	if lerr != nil {
		return rewrittenSQL{}, lerr
	}
	edits = append(edits, lim...)
	sqlengine.SortEdits(edits)
	return rewrittenSQL{stmt: sqlengine.Apply(q, edits), hints: hints}, nil
}

// closing is the index of the ")" matching the "(" at toks[open].
func closing(toks []sqlengine.Tok, open int) int {
	for j := open + 1; j < len(toks); j++ {
		if toks[j].Text == ")" && toks[j].Depth == toks[open].Depth {
			return j
		}
	}
	return len(toks) - 1
}

// args lists the top-level comma positions inside a call's parentheses.
func commas(toks []sqlengine.Tok, open, end int) []int {
	var out []int
	for j := open + 1; j < end; j++ {
		if toks[j].Text == "," && toks[j].Depth == toks[open].Depth+1 {
			out = append(out, j)
		}
	}
	return out
}

// rewriteCall maps a function call at toks[i] (a word before "(").
func rewriteCall(q string, toks []sqlengine.Tok, i int) ([]sqlengine.Edit, []int, *sqlError) {
	t := toks[i]
	name := strings.ToLower(t.Text)
	if keywordsBeforeParen[name] {
		return nil, nil, nil
	}
	open, end := i+1, closing(toks, i+1)
	switch name {
	case "cast", "try_cast":
		// cast(x AS type) -> cls_cast(x, 'type')
		as := -1
		for j := open + 1; j < end; j++ {
			if toks[j].Is("as") && toks[j].Depth == toks[open].Depth+1 {
				as = j
			}
		}
		if as < 0 || as+1 >= end {
			return nil, nil, syntaxErr(t.Start, "%s needs (value AS type)", name)
		}
		typ, ok := sqlTypes[strings.ToLower(toks[as+1].Text)]
		if !ok || (as+2 != end && !(typ == "varchar" && toks[as+2].Text == "(")) {
			return nil, nil, &sqlError{msg: fmt.Sprintf("%s to %q is not supported by the emulator: use bigint, double, varchar, timestamp or boolean", name, q[toks[as+1].Start:toks[end].Start])}
		}
		var consumed []int
		for j := as; j < end; j++ {
			consumed = append(consumed, j)
		}
		return []sqlengine.Edit{
			{Start: t.Start, End: t.End, Text: "cls_" + name},
			{Start: toks[as].Start, End: toks[end].Start, Text: ", '" + typ + "'"},
		}, consumed, nil
	case "histogram":
		// histogram(t, interval N unit) -> cls_histogram(t, <ms>)
		cs := commas(toks, open, end)
		if len(cs) != 1 {
			return nil, nil, syntaxErr(t.Start, "histogram needs (time, interval N unit)")
		}
		ms, err := intervalMillis(toks[cs[0]+1 : end])
		if err != nil {
			return nil, nil, syntaxErr(toks[cs[0]+1].Start, "%s", err.Error())
		}
		var consumed []int
		for j := cs[0] + 1; j < end; j++ {
			consumed = append(consumed, j)
		}
		return []sqlengine.Edit{
			{Start: t.Start, End: t.End, Text: "cls_histogram"},
			{Start: toks[cs[0]+1].Start, End: toks[end].Start, Text: strconv.FormatInt(ms, 10)},
		}, consumed, nil
	case "approx_distinct":
		if len(commas(toks, open, end)) != 0 {
			return nil, nil, &sqlError{msg: "approx_distinct with a maximum error is not supported by the emulator"}
		}
		return []sqlengine.Edit{{Start: t.Start, End: toks[open].End, Text: "count(DISTINCT "}}, nil, nil
	case "min", "max":
		if len(commas(toks, open, end)) != 0 {
			return nil, nil, &sqlError{msg: fmt.Sprintf("%s takes one argument here; the emulator does not support %s(x, n)", name, name)}
		}
	case "approx_percentile":
		if toks[open+1].Is("distinct") || len(commas(toks, open, end)) != 1 {
			return nil, nil, &sqlError{msg: "approx_percentile needs (value, percentage) with one percentage between 0 and 1"}
		}
	}
	impl, ok := sqlFuncs[name]
	if !ok {
		return nil, nil, &sqlError{msg: fmt.Sprintf("function %s at position %d is not supported by the emulator's SQL", t.Text, t.Start+1)}
	}
	return []sqlengine.Edit{{Start: t.Start, End: t.End, Text: impl}}, nil, nil
}

// intervalMillis reads "interval N unit" or "interval 'N' unit".
func intervalMillis(toks []sqlengine.Tok) (int64, error) {
	if len(toks) != 3 || !toks[0].Is("interval") {
		return 0, fmt.Errorf("expected interval N second|minute|hour|day")
	}
	n, err := strconv.ParseInt(strings.Trim(toks[1].Text, "'"), 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("interval %s: the count must be a positive integer", toks[1].Text)
	}
	units := map[string]int64{"second": 1000, "minute": 60_000, "hour": 3_600_000, "day": 86_400_000}
	unit, ok := units[strings.TrimSuffix(strings.ToLower(toks[2].Text), "s")]
	if !ok {
		return 0, fmt.Errorf("interval unit %q: use second, minute, hour or day", toks[2].Text)
	}
	return n * unit, nil
}
