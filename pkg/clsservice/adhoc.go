package clsservice

import (
	"fmt"
	"strings"

	"github.com/logbridge/cloudlogs/pkg/adhoc"
	"github.com/logbridge/cloudlogs/pkg/cls"
	"github.com/logbridge/cloudlogs/pkg/querytext"
)

// Writing ad-hoc filters in CLS search, with the editor's escaping rules
// (src/clsEscape.ts, CLS.md 2.4): outside phrases a backslash escapes the
// characters that would end or regroup a term; inside a phrase only the
// backslash, the quote and, in CQL where "*" is a wildcard there too, "*".
const (
	cqlTermSpecials    = "\\\"':*()| \t\n\r"
	luceneTermSpecials = "\\\"':*()| \t\n\r+-&!{}[]^~?/"
)

// builtInKeys are the frame's lower-case labels of fields search knows in
// upper case.
var builtInKeys = map[string]string{"__source__": "__SOURCE__", "__filename__": "__FILENAME__", "__hostname__": "__HOSTNAME__"}

func backslashAny(v, specials string) string {
	var b strings.Builder
	for _, r := range v {
		if strings.ContainsRune(specials, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// clsTerm escapes a value written as a bare term.
func clsTerm(v string, s cls.Syntax) string {
	if s == cls.SyntaxLucene {
		return backslashAny(v, luceneTermSpecials)
	}
	return backslashAny(v, cqlTermSpecials)
}

// clsPhrase escapes a value for the inside of a "…" phrase.
func clsPhrase(v string, s cls.Syntax) string {
	if s == cls.SyntaxLucene {
		return backslashAny(v, `\"`)
	}
	return backslashAny(v, `\"*`)
}

// clsKey writes a field name as a search key; CLS has no quoted keys.
func clsKey(key string, s cls.Syntax) string {
	if k, ok := builtInKeys[key]; ok {
		return k
	}
	return clsTerm(key, s)
}

// clsCondition is one alternative: key:"literal", or a wildcard pattern
// (CQL: inside a phrase; Lucene: as a bare term, where wildcards work).
func clsCondition(f adhoc.Filter, p adhoc.Pattern, s cls.Syntax) (string, error) {
	if lit, ok := p.Literal(); ok {
		return clsKey(f.Key, s) + `:"` + clsPhrase(lit, s) + `"`, nil
	}
	if p[0].Wildcard {
		return "", fmt.Errorf("ad-hoc filter %s: CLS search cannot start a value with a wildcard; begin it with literal text", f)
	}
	var b strings.Builder
	for _, piece := range p {
		switch {
		case piece.Wildcard:
			b.WriteByte('*')
		case s == cls.SyntaxLucene:
			b.WriteString(clsTerm(piece.Text, s))
		default:
			b.WriteString(clsPhrase(piece.Text, s))
		}
	}
	if s == cls.SyntaxLucene {
		return clsKey(f.Key, s) + ":" + b.String(), nil
	}
	return clsKey(f.Key, s) + `:"` + b.String() + `"`, nil
}

func clsFilterCondition(f adhoc.Filter, s cls.Syntax) (string, error) {
	patterns, err := f.Patterns()
	if err != nil {
		return "", err
	}
	conds := make([]string, len(patterns))
	for i, p := range patterns {
		if conds[i], err = clsCondition(f, p, s); err != nil {
			return "", err
		}
	}
	cond := conds[0]
	if len(conds) > 1 {
		cond = "(" + strings.Join(conds, " OR ") + ")"
	}
	if f.Negated() {
		return "NOT " + cond, nil
	}
	return cond, nil
}

// withAdhocFilters writes the filters into the search part, before any SQL:
// the user's search is kept whole in parentheses, filters join with AND.
func withAdhocFilters(text querytext.QueryText, filters []adhoc.Filter, s cls.Syntax) (string, error) {
	var parts []string
	if search := strings.TrimSpace(text.Search); search != "" && search != querytext.DefaultSearch {
		parts = append(parts, "("+search+")")
	}
	for _, f := range filters {
		cond, err := clsFilterCondition(f, s)
		if err != nil {
			return "", err
		}
		parts = append(parts, cond)
	}
	out := strings.Join(parts, " AND ")
	if !text.HasPipe {
		return out, nil
	}
	return out + " | " + text.SQL, nil
}
