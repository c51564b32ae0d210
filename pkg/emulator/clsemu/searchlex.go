package clsemu

import (
	"fmt"
	"strings"
)

// The search statement (before "|"): a faithful subset of CLS's CQL and
// Lucene syntaxes (CLS.md 2.4). Whatever falls outside the subset is a
// syntax error naming its position, never a guess.

type syntax int

const (
	lucene syntax = 0 // SyntaxRule/QuerySyntax 0
	cql    syntax = 1 // SyntaxRule/QuerySyntax 1
)

// wildcard stands for an unescaped '*' inside a value, so it survives
// tokenization apart from an escaped, literal '*'.
const wildcard = '\uE000'

type tokKind int

const (
	tEOF tokKind = iota
	tWord
	tPhrase
	tLParen
	tRParen
	tColon
	tOp // > >= < <= =
)

type token struct {
	kind tokKind
	text string // unescaped; unescaped '*' in words (and CQL phrases) is wildcard
	raw  string
	pos  int // 1-based
}

func (t token) describe() string {
	if t.kind == tEOF {
		return "end of query"
	}
	return fmt.Sprintf("%q", t.raw)
}

type syntaxError struct {
	pos int
	msg string
}

func (e *syntaxError) Error() string {
	return fmt.Sprintf("syntax error at position %d: %s", e.pos, e.msg)
}

func errAt(pos int, format string, args ...any) error {
	return &syntaxError{pos: pos, msg: fmt.Sprintf(format, args...)}
}

// rejected are characters with a meaning in full Lucene/CQL that the
// emulator does not emulate: they must be escaped with '\'.
func rejected(c byte, syn syntax) bool {
	switch c {
	case '?', '[', ']', '{', '}', '^', '~', '!':
		return true
	case '/':
		return syn == lucene // Lucene regular expressions
	}
	return false
}

func lexQuery(q string, syn syntax) ([]token, error) {
	var toks []token
	for i := 0; i < len(q); {
		c := q[i]
		pos := i + 1
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(':
			toks = append(toks, token{tLParen, "(", "(", pos})
			i++
		case c == ')':
			toks = append(toks, token{tRParen, ")", ")", pos})
			i++
		case c == ':':
			toks = append(toks, token{tColon, ":", ":", pos})
			i++
		case c == '>' || c == '<' || c == '=':
			op := string(c)
			if c != '=' && i+1 < len(q) && q[i+1] == '=' {
				op += "="
			}
			toks = append(toks, token{tOp, op, op, pos})
			i += len(op)
		case c == '"' || c == '\'':
			if c == '\'' && syn == lucene {
				return nil, errAt(pos, "unexpected \"'\": Lucene phrases use double quotes")
			}
			var b strings.Builder
			j := i + 1
			for ; j < len(q) && q[j] != c; j++ {
				switch {
				case q[j] == '\\' && j+1 < len(q):
					j++
					b.WriteByte(q[j])
				case q[j] == '*' && syn == cql:
					b.WriteRune(wildcard)
				default:
					b.WriteByte(q[j])
				}
			}
			if j >= len(q) {
				return nil, errAt(pos, "unterminated phrase")
			}
			toks = append(toks, token{tPhrase, b.String(), q[i : j+1], pos})
			i = j + 1
		default:
			var b strings.Builder
			j := i
			for ; j < len(q); j++ {
				d := q[j]
				if d == '\\' {
					if j+1 >= len(q) {
						return nil, errAt(j+1, "'\\' escapes nothing")
					}
					j++
					b.WriteByte(q[j])
					continue
				}
				if strings.IndexByte(" \t\n\r():<>=\"'", d) >= 0 {
					break
				}
				if rejected(d, syn) {
					return nil, errAt(j+1, "unexpected %q: not supported here; escape it with '\\'", string(d))
				}
				if d == '*' {
					b.WriteRune(wildcard)
					continue
				}
				b.WriteByte(d)
			}
			raw := q[i:j]
			if syn == lucene && (raw[0] == '+' || raw[0] == '-' || raw == "&&") {
				return nil, errAt(pos, "unexpected %q: Lucene's +, - and && operators are not supported; use AND, OR, NOT", raw)
			}
			toks = append(toks, token{tWord, b.String(), raw, pos})
			i = j
		}
	}
	return append(toks, token{kind: tEOF, pos: len(q) + 1}), nil
}

// keyword tells whether t is AND, OR or NOT: any case in CQL; upper case in
// Lucene, where a lower-case and/or/not is ambiguous and refused.
func keyword(t token, syn syntax) (string, error) {
	if t.kind != tWord {
		return "", nil
	}
	up := strings.ToUpper(t.raw)
	if up != "AND" && up != "OR" && up != "NOT" {
		return "", nil
	}
	if syn == lucene && t.raw != up {
		return "", errAt(t.pos, "%q: Lucene operators are upper case; write %s, or quote the word to search it", t.raw, up)
	}
	return up, nil
}
