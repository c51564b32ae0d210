package clsemu

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/logbridge/cloudlogs/pkg/emulator/sqlengine"
)

type logItems struct {
	Data []logItem
}

type logItem struct {
	Key   string
	Value string
}

type column struct {
	Name string
	Type string
}

// searchSQL runs "search | SQL" on one topic: the SQL reads the logs in
// [From, To) that match the search.
func (s *Server) searchSQL(r *http.Request, p searchPlan) (any, *apiError) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t := s.topics[p.req.TopicId]
	m, err := compileSearch(p.search, p.syn, &t.index)
	if err != nil {
		return nil, errSyntax(err.Error())
	}
	rw, sqlErr := rewriteSQL(p.sql)
	if sqlErr != nil {
		if sqlErr.syntax {
			return nil, errSyntax(sqlErr.msg)
		}
		return nil, errQuery(sqlErr.msg)
	}
	table, err := s.db.sync(r.Context(), t)
	if err != nil {
		return nil, errQuery(err.Error())
	}
	where := fmt.Sprintf("__TIMESTAMP__ >= %d AND __TIMESTAMP__ < %d", p.from, p.to)
	if _, all := m.(matchAll); !all {
		bits := make([]uint64, len(t.bySeq)/64+1)
		for _, rec := range t.window(p.from, p.to) {
			if m.match(rec) {
				bits[rec.seq/64] |= 1 << (rec.seq % 64)
			}
		}
		id, release := sqlengine.RegisterMatchSet(bits)
		defer release()
		where += fmt.Sprintf(" AND emu_match(%d, rowid)", id)
	}
	stmt := "WITH log AS (SELECT * FROM " + table + " WHERE " + where + ") " + rw.stmt
	res, err := sqlengine.Query(r.Context(), s.db.db, stmt)
	if err != nil {
		msg := strings.TrimPrefix(err.Error(), "SQL: ")
		if strings.Contains(msg, "syntax error") || strings.Contains(msg, "incomplete input") {
			return nil, errSyntax(msg)
		}
		msg = strings.Replace(msg, "it is not a key of the logstore", "it is not a key of the topic's index", 1)
		return nil, errQuery(msg)
	}
	out := newSearchResponse(p)
	out.Analysis, out.ListOver = true, true
	types := columnTypes(res, rw.hints)
	if p.req.UseNewAnalysis.Value {
		for i, name := range res.Columns {
			out.Columns = append(out.Columns, column{Name: name, Type: types[i]})
		}
		for _, row := range res.Rows {
			out.AnalysisRecords = append(out.AnalysisRecords, recordJSON(res.Columns, row))
		}
		return out, nil
	}
	out.ColNames = res.Columns
	for _, row := range res.Rows {
		items := logItems{Data: make([]logItem, len(row))}
		for i, v := range row {
			items.Data[i] = logItem{Key: res.Columns[i], Value: textOf(v)}
		}
		out.AnalysisResults = append(out.AnalysisResults, items)
	}
	return out, nil
}

// columnTypes names each column's Presto type: the static hint when the
// emulator knows the expression, else what the values are.
func columnTypes(res *sqlengine.Result, hints []string) []string {
	out := make([]string, len(res.Columns))
	for i := range res.Columns {
		if i < len(hints) && hints[i] != "" {
			out[i] = hints[i]
			continue
		}
		typ := ""
		for _, row := range res.Rows {
			switch v := row[i]; {
			case v == nil:
				continue
			case isTS(v):
				typ = pick(typ, "timestamp")
			case isBoolV(v):
				typ = pick(typ, "boolean")
			default:
				switch v.(type) {
				case int64:
					typ = pick(typ, "bigint")
				case float64:
					typ = pick(typ, "double")
				default:
					typ = "varchar"
				}
			}
		}
		if typ == "" {
			typ = "varchar"
		}
		out[i] = typ
	}
	return out
}

func pick(have, next string) string {
	switch {
	case have == "" || have == next:
		return next
	case have == "bigint" && next == "double", have == "double" && next == "bigint":
		return "double"
	}
	return "varchar"
}

func isTS(v any) bool    { _, ok := asTimestamp(v); return ok }
func isBoolV(v any) bool { _, ok := asBool(v); return ok }

// recordJSON is one AnalysisRecords entry: the row as a JSON object in
// column order; numbers as numbers, timestamps as Beijing-time strings.
func recordJSON(cols []string, row []any) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, v := range row {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(cols[i])
		b.Write(k)
		b.WriteByte(':')
		b.WriteString(jsonValue(v))
	}
	b.WriteByte('}')
	return b.String()
}

func jsonValue(v any) string {
	if ms, ok := asTimestamp(v); ok {
		return strconv.Quote(formatTS(ms))
	}
	if bv, ok := asBool(v); ok {
		return strconv.FormatBool(bv)
	}
	switch x := v.(type) {
	case nil:
		return "null"
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		if b, err := json.Marshal(x); err == nil {
			return string(b)
		}
		return "null"
	case []byte:
		b, _ := json.Marshal(string(x))
		return string(b)
	}
	b, _ := json.Marshal(fmt.Sprint(v))
	return string(b)
}

// textOf is an AnalysisResults value: every value printed as a string,
// NULL as "null".
func textOf(v any) string {
	if ms, ok := asTimestamp(v); ok {
		return formatTS(ms)
	}
	if bv, ok := asBool(v); ok {
		return strconv.FormatBool(bv)
	}
	switch x := v.(type) {
	case nil:
		return "null"
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return javaDouble(x)
	case []byte:
		return string(x)
	case string:
		return x
	}
	return fmt.Sprint(v)
}
