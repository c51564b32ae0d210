package querytext

import (
	"strconv"
	"strings"
)

// SQLText is the analytic part of a query (or a project SQL), tokenised
// once so that what the plugin needs to know of it (the trailing LIMIT, the
// GROUP BY columns, the select list) is read the same way everywhere and
// never from inside a string literal or a quoted name.
type SQLText struct {
	text string
	toks []sqlToken
}

type sqlTokenKind int

const (
	tokWord   sqlTokenKind = iota // keyword, bare name or number
	tokString                     // 'text', '' escapes a quote
	tokQuoted                     // "name" or `name`
	tokPunct                      // ( ) , ; * and operators, one byte each
)

type sqlToken struct {
	kind       sqlTokenKind
	start, end int // byte offsets in the text
	depth      int // parentheses open before the token
}

// ParseSQL tokenises an SQL statement. It does not validate: SLS does.
func ParseSQL(text string) SQLText {
	text = strings.TrimSpace(text)
	s := SQLText{text: text}
	depth := 0
	for i := 0; i < len(text); {
		c := text[i]
		start := i
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
			continue
		case c == '-' && i+1 < len(text) && text[i+1] == '-':
			for i < len(text) && text[i] != '\n' {
				i++
			}
			continue
		case c == '\'' || c == '"' || c == '`':
			i = closeQuote(text, i)
			kind := tokQuoted
			if c == '\'' {
				kind = tokString
			}
			s.toks = append(s.toks, sqlToken{kind: kind, start: start, end: i, depth: depth})
			continue
		case isIdentByte(c):
			for i < len(text) && (isIdentByte(text[i]) || text[i] == '.') {
				i++
			}
			s.toks = append(s.toks, sqlToken{kind: tokWord, start: start, end: i, depth: depth})
			continue
		}
		if c == ')' && depth > 0 {
			depth--
		}
		s.toks = append(s.toks, sqlToken{kind: tokPunct, start: start, end: i + 1, depth: depth})
		if c == '(' {
			depth++
		}
		i++
	}
	return s
}

// closeQuote returns the offset after the quote that closes the one at i;
// a doubled quote is an escaped one. An unclosed quote runs to the end.
func closeQuote(text string, i int) int {
	q := text[i]
	for i++; i < len(text); i++ {
		if text[i] == q {
			if i+1 < len(text) && text[i+1] == q {
				i++
				continue
			}
			return i + 1
		}
	}
	return len(text)
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// String is the statement as written (trimmed).
func (s SQLText) String() string { return s.text }

func (s SQLText) raw(t sqlToken) string { return s.text[t.start:t.end] }

func (s SQLText) isWord(i int, word string) bool {
	return i >= 0 && i < len(s.toks) && s.toks[i].kind == tokWord && strings.EqualFold(s.raw(s.toks[i]), word)
}

func (s SQLText) isPunct(i int, p byte) bool {
	return i >= 0 && i < len(s.toks) && s.toks[i].kind == tokPunct && s.text[s.toks[i].start] == p
}

// Limit is the row count of a LIMIT that ends the statement ("limit n" or
// "limit offset, n", an optional ";" after it); ok is false without one.
func (s SQLText) Limit() (n int, ok bool) {
	end := len(s.toks)
	if s.isPunct(end-1, ';') {
		end--
	}
	number := func(i int) (int, bool) {
		if i < 0 || s.toks[i].kind != tokWord || s.toks[i].depth != 0 {
			return 0, false
		}
		v, err := strconv.Atoi(s.raw(s.toks[i]))
		return v, err == nil
	}
	if v, ok := number(end - 1); ok {
		if s.isWord(end-2, "limit") {
			return v, true
		}
		if _, ok := number(end - 3); ok && s.isPunct(end-2, ',') && s.isWord(end-4, "limit") {
			return v, true
		}
	}
	return 0, false
}

// WithLimit appends "limit n" (dropping a final ";"). After a trailing
// "-- comment" it starts a new line, or the comment would swallow the LIMIT.
func (s SQLText) WithLimit(n int) SQLText {
	sep := " limit "
	if s.endsInComment() {
		sep = "\nlimit "
	}
	return ParseSQL(strings.TrimSuffix(s.text, ";") + sep + strconv.Itoa(n))
}

// endsInComment reports text after the last token: only a comment is
// neither a token nor space, and the text is trimmed.
func (s SQLText) endsInComment() bool {
	if len(s.toks) == 0 {
		return s.text != ""
	}
	return s.toks[len(s.toks)-1].end < len(s.text)
}

// clauseEnd reports whether token i starts a clause that ends a select list
// or a GROUP BY list at the same depth.
func (s SQLText) clauseEnd(i int) bool {
	for _, w := range []string{"from", "where", "having", "limit", "union"} {
		if s.isWord(i, w) {
			return true
		}
	}
	return (s.isWord(i, "group") || s.isWord(i, "order")) && s.isWord(i+1, "by")
}

// list splits the tokens from i at commas of depth d until a clause, a ";"
// or the parenthesis that closes d (its depth is d-1, like the one that
// opened it); it returns the items' token ranges.
func (s SQLText) list(i, d int) [][2]int {
	var items [][2]int
	start := i
	for ; i < len(s.toks); i++ {
		t := s.toks[i]
		if t.depth < d || t.depth == d && (s.clauseEnd(i) || s.isPunct(i, ';')) {
			break
		}
		if t.depth == d && s.isPunct(i, ',') {
			items = append(items, [2]int{start, i})
			start = i + 1
		}
	}
	if start < i {
		items = append(items, [2]int{start, i})
	}
	return items
}

// itemName is the output name of a list item: its alias ("as c", "as "c""),
// a lone name unquoted, else the item's text.
func (s SQLText) itemName(item [2]int) string {
	from, to := item[0], item[1]
	if from >= to { // an empty item, as in "select , x": SQL the vendor refuses
		return ""
	}
	if to-from >= 2 && s.isWord(to-2, "as") && (s.toks[to-1].kind == tokWord || s.toks[to-1].kind == tokQuoted) {
		return unquoteIdent(s.raw(s.toks[to-1]))
	}
	if to-from == 1 && s.toks[from].kind == tokQuoted {
		return unquoteIdent(s.raw(s.toks[from]))
	}
	return strings.TrimSpace(s.text[s.toks[from].start:s.toks[to-1].end])
}

// GroupBy lists the names in every GROUP BY clause (subqueries too); they
// label series, since an HTTP status is a group and not a value to draw.
func (s SQLText) GroupBy() []string {
	var out []string
	for i := range s.toks {
		if !s.isWord(i, "group") || !s.isWord(i+1, "by") {
			continue
		}
		for _, item := range s.list(i+2, s.toks[i].depth) {
			if name := s.itemName(item); name != "" {
				out = append(out, name)
			}
		}
	}
	return out
}

// SelectList returns the output names of the outermost select and whether it
// selects everything (*); ok is false when the statement is not a select.
func (s SQLText) SelectList() (names []string, star bool, ok bool) {
	if !s.isWord(0, "select") {
		return nil, false, false
	}
	for _, item := range s.list(1, 0) {
		if item[1]-item[0] == 1 && s.isPunct(item[0], '*') {
			star = true
			continue
		}
		names = append(names, s.itemName(item))
	}
	return names, star, true
}

// QuoteIdent double-quotes a name for SQL: field names may hold dots,
// dashes or colons such as __tag__:__path__.
func QuoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

func unquoteIdent(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '`') && s[len(s)-1] == s[0] {
		q := string(s[0])
		return strings.ReplaceAll(s[1:len(s)-1], q+q, q)
	}
	return s
}
