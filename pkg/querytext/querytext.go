package slsservice

import "strings"

// QueryText is a logstore query split once into its search and its
// analytic part: "search | SQL". The rule, shared with the editor through
// testdata/query_text_vectors.json: a backslash escapes the next character,
// double quotes make a phrase (single quotes are not quotes in the search
// syntax), and the first "|" outside both is the split.
type QueryText struct {
	// Search is the part before the pipe (the whole text without one), trimmed.
	Search string
	// SQL is the part after the pipe, trimmed; "" when there is none.
	SQL string
	// HasPipe tells "*|" (a pipe with nothing after it) from "*".
	HasPipe bool
}

// ParseQueryText splits a logstore query.
func ParseQueryText(text string) QueryText {
	inPhrase := false
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\\':
			i++ // the escaped byte is text, whatever it is
		case '"':
			inPhrase = !inPhrase
		case '|':
			if !inPhrase {
				return QueryText{Search: strings.TrimSpace(text[:i]), SQL: strings.TrimSpace(text[i+1:]), HasPipe: true}
			}
		}
	}
	return QueryText{Search: strings.TrimSpace(text)}
}

// HasAnalytics reports an SQL part: SLS then answers rows of the SQL, and
// ignores paging parameters.
func (q QueryText) HasAnalytics() bool { return q.SQL != "" }

// SearchOrAll is the search, or "*" when it is empty (SLS needs one before
// a pipe).
func (q QueryText) SearchOrAll() string {
	if q.Search == "" {
		return DefaultSearch
	}
	return q.Search
}

// WithSQL is the text SLS is sent: the search, a pipe and sql.
func (q QueryText) WithSQL(sql string) string {
	return q.SearchOrAll() + " | " + sql
}
