package slsservice

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/logbridge/cloudlogs/pkg/adhoc"
	"github.com/logbridge/cloudlogs/pkg/querytext"
)

// plainKey is a search key SLS reads without quotes.
var plainKey = regexp.MustCompile(`^[\w.\x{0080}-\x{ffff}-]+$`)

// searchDelimiters are the characters SLS splits values at: a wildcard term
// written without quotes must hold none of them.
const searchDelimiters = " ,'\";=()[]{}?@&<>/:\\\n\t\r|*"

// searchKey writes a field name as a search key, quoted when it is not a
// plain term.
func searchKey(key string) string {
	if plainKey.MatchString(key) {
		return key
	}
	return `"` + searchPhrase(key) + `"`
}

// searchPhrase escapes a value for the inside of a "…" phrase.
func searchPhrase(v string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v)
}

// searchCondition is one alternative: key: "literal", or key: lit*eral (a
// wildcard is only a wildcard outside quotes, where a delimiter would split
// the term, so such values are refused).
func searchCondition(f adhoc.Filter, p adhoc.Pattern) (string, error) {
	if lit, ok := p.Literal(); ok {
		return fmt.Sprintf(`%s: "%s"`, searchKey(f.Key), searchPhrase(lit)), nil
	}
	var b strings.Builder
	for i, piece := range p {
		if piece.Wildcard {
			if i == 0 {
				return "", fmt.Errorf("ad-hoc filter %s: SLS search cannot start a value with a wildcard; begin it with literal text", f)
			}
			b.WriteByte('*')
			continue
		}
		if strings.ContainsAny(piece.Text, searchDelimiters) {
			return "", fmt.Errorf("ad-hoc filter %s: SLS matches wildcards only in one word, and %q holds a separator; filter on the literal value instead", f, piece.Text)
		}
		b.WriteString(piece.Text)
	}
	return fmt.Sprintf("%s: %s", searchKey(f.Key), b.String()), nil
}

// filterCondition is a filter's condition without its negation.
func filterCondition(f adhoc.Filter) (string, error) {
	patterns, err := f.Patterns()
	if err != nil {
		return "", err
	}
	conds := make([]string, len(patterns))
	for i, p := range patterns {
		if conds[i], err = searchCondition(f, p); err != nil {
			return "", err
		}
	}
	if len(conds) == 1 {
		return conds[0], nil
	}
	return "(" + strings.Join(conds, " or ") + ")", nil
}

// withAdhocFilters writes the filters into the search part of a query text,
// before any SQL: the user's search is kept whole in parentheses, each
// filter joins with "and" or "not". SLS binds "and" tighter than "not", so
// the negated filters come last: "x and a not b", never "x not b and a".
func withAdhocFilters(text querytext.QueryText, filters []adhoc.Filter) (string, error) {
	filters = slices.Clone(filters)
	slices.SortStableFunc(filters, func(a, b adhoc.Filter) int {
		return cmp.Compare(boolRank(a.Negated()), boolRank(b.Negated()))
	})
	search := strings.TrimSpace(text.Search)
	var b strings.Builder
	if search != "" && search != querytext.DefaultSearch {
		b.WriteString("(" + search + ")")
	}
	for _, f := range filters {
		cond, err := filterCondition(f)
		if err != nil {
			return "", err
		}
		switch {
		case f.Negated() && b.Len() == 0:
			b.WriteString(querytext.DefaultSearch + " not " + cond)
		case f.Negated():
			b.WriteString(" not " + cond)
		case b.Len() == 0:
			b.WriteString(cond)
		default:
			b.WriteString(" and " + cond)
		}
	}
	if !text.HasPipe {
		return b.String(), nil
	}
	return b.String() + " | " + text.SQL, nil
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}
