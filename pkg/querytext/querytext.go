// Package querytext reads the text of a log query the way the vendors do:
// "search | SQL" split once (Parse), and the SQL part tokenised once
// (ParseSQL) so its LIMIT, GROUP BY columns and select list are known
// without regular expressions that trip on quotes. SLS and CLS share it; the
// editor follows the same split rule (testdata/query_text_vectors.json).
package querytext

import "strings"

// DefaultSearch is the search of a query that has none: every log.
const DefaultSearch = "*"

// Dialect is a search syntax's quoting: which characters open a phrase.
type Dialect int

const (
	// DoubleQuotes is SLS's search syntax and Lucene: "…" is a phrase, an
	// apostrophe is text (don't).
	DoubleQuotes Dialect = iota
	// DoubleAndSingleQuotes is CLS's CQL: "…" and '…' are phrases.
	DoubleAndSingleQuotes
)

// QueryText is a query split once into its search and its analytic part:
// "search | SQL". The rule, shared with the editor through
// testdata/query_text_vectors.json: a backslash escapes the next character,
// quotes make a phrase (double quotes; in CQL single quotes too), and the
// first "|" outside both is the split.
type QueryText struct {
	// Search is the part before the pipe (the whole text without one), trimmed.
	Search string
	// SQL is the part after the pipe, trimmed; "" when there is none.
	SQL string
	// HasPipe tells "*|" (a pipe with nothing after it) from "*".
	HasPipe bool
}

// Parse splits a query in a dialect.
func Parse(text string, d Dialect) QueryText {
	var quote byte // the quote of the open phrase, 0 outside one
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '\\':
			i++ // the escaped byte is text, whatever it is
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'' && d == DoubleAndSingleQuotes:
			quote = c
		case c == '|':
			return QueryText{Search: strings.TrimSpace(text[:i]), SQL: strings.TrimSpace(text[i+1:]), HasPipe: true}
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
