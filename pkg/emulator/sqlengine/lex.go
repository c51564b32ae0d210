package sqlengine

import (
	"fmt"
	"strings"
)

// Tok is one SQL token. The lexer keeps string literals, quoted names and
// parenthesis depth, so a rewriter never touches keywords inside strings,
// quoted names or subqueries by mistake.
type Tok struct {
	Text       string
	Start, End int
	Depth      int  // parenthesis depth
	Word       bool // an unquoted word (keyword, name, number)
}

// Is tells whether the token is the (case-insensitive) keyword kw.
func (t Tok) Is(kw string) bool { return t.Word && strings.EqualFold(t.Text, kw) }

// Lex splits a statement into tokens.
func Lex(q string) ([]Tok, error) {
	var toks []Tok
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
			toks = append(toks, Tok{Text: q[i : j+1], Start: i, End: j + 1, Depth: depth})
			i = j + 1
			continue
		case isWordByte(c):
			j := i
			for j < len(q) && isWordByte(q[j]) {
				j++
			}
			toks = append(toks, Tok{Text: q[i:j], Start: i, End: j, Depth: depth, Word: true})
			i = j
			continue
		case c == '(':
			toks = append(toks, Tok{Text: "(", Start: i, End: i + 1, Depth: depth})
			depth++
		case c == ')':
			depth--
			if depth < 0 {
				return nil, fmt.Errorf("unbalanced ')' at position %d", i+1)
			}
			toks = append(toks, Tok{Text: ")", Start: i, End: i + 1, Depth: depth})
		default:
			toks = append(toks, Tok{Text: string(c), Start: i, End: i + 1, Depth: depth})
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

// Edit replaces q[Start:End] with Text.
type Edit struct {
	Start, End int
	Text       string
}

// Apply applies edits sorted by Start (see SortEdits) that do not overlap.
func Apply(q string, edits []Edit) string {
	var b strings.Builder
	last := 0
	for _, e := range edits {
		b.WriteString(q[last:e.Start])
		b.WriteString(e.Text)
		last = e.End
	}
	b.WriteString(q[last:])
	return b.String()
}

// SortEdits orders edits by Start, keeping the order of equal starts
// (insertions at one place stay in the order they were made).
func SortEdits(edits []Edit) {
	for i := 1; i < len(edits); i++ {
		for j := i; j > 0 && edits[j].Start < edits[j-1].Start; j-- {
			edits[j], edits[j-1] = edits[j-1], edits[j]
		}
	}
}

// QuoteIdent quotes a name for SQLite.
func QuoteIdent(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }
