package slsemu

// The search statement grammar: or-joined and-groups (juxtaposition is and),
// not, parentheses, key:value, comparisons and "key in [lo hi]".

import (
	"fmt"
	"strconv"
	"strings"
)

// splitQuery cuts "search | sql" at the first "|" outside quotes.
func splitQuery(q string) (search, sql string, hasSQL bool) {
	inQuote := byte(0)
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case inQuote != 0:
			if c == '\\' {
				i++
			} else if c == inQuote {
				inQuote = 0
			}
		case c == '"' || c == '\'':
			inQuote = c
		case c == '|':
			return strings.TrimSpace(q[:i]), strings.TrimSpace(q[i+1:]), true
		}
	}
	return strings.TrimSpace(q), "", false
}

type tokKind int

const (
	tkEOF tokKind = iota
	tkWord
	tkPhrase
	tkLParen
	tkRParen
	tkLBracket
	tkRBracket
	tkOp // : = > >= < <=
)

type searchToken struct {
	kind tokKind
	text string
	pos  int // 1-based character position, for error messages
}

func lexSearch(q string) ([]searchToken, error) {
	var toks []searchToken
	for i := 0; i < len(q); {
		c := q[i]
		pos := i + 1
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(':
			toks = append(toks, searchToken{tkLParen, "(", pos})
			i++
		case c == ')':
			toks = append(toks, searchToken{tkRParen, ")", pos})
			i++
		case c == '[':
			toks = append(toks, searchToken{tkLBracket, "[", pos})
			i++
		case c == ']':
			toks = append(toks, searchToken{tkRBracket, "]", pos})
			i++
		case c == ':' || c == '=':
			toks = append(toks, searchToken{tkOp, string(c), pos})
			i++
		case c == '>' || c == '<':
			op := string(c)
			if i+1 < len(q) && q[i+1] == '=' {
				op += "="
			}
			toks = append(toks, searchToken{tkOp, op, pos})
			i += len(op)
		case c == '"':
			var b strings.Builder
			j := i + 1
			for ; j < len(q) && q[j] != '"'; j++ {
				if q[j] == '\\' && j+1 < len(q) {
					j++
				}
				b.WriteByte(q[j])
			}
			if j >= len(q) {
				return nil, fmt.Errorf("unterminated quoted phrase starting at position %d", pos)
			}
			toks = append(toks, searchToken{tkPhrase, b.String(), pos})
			i = j + 1
		default:
			j := i
			for j < len(q) && !strings.ContainsRune(" \t\n\r()[]:=<>\"", rune(q[j])) {
				j++
			}
			toks = append(toks, searchToken{tkWord, q[i:j], pos})
			i = j
		}
	}
	return append(toks, searchToken{tkEOF, "", len(q) + 1}), nil
}

type searchParser struct {
	toks []searchToken
	i    int
}

func (p *searchParser) peek() searchToken { return p.toks[p.i] }

// take consumes a token; at the end it keeps answering EOF.
func (p *searchParser) take() searchToken {
	t := p.toks[p.i]
	if t.kind != tkEOF {
		p.i++
	}
	return t
}

func isKeyword(t searchToken, kw string) bool {
	return t.kind == tkWord && strings.EqualFold(t.text, kw)
}

// parseSearch compiles a search statement; "" and "*" match everything.
func parseSearch(q string) (matcher, error) {
	q = strings.TrimSpace(q)
	if q == "" || q == "*" {
		return matchAll{}, nil
	}
	toks, err := lexSearch(q)
	if err != nil {
		return nil, err
	}
	p := &searchParser{toks: toks}
	m, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tkEOF {
		return nil, fmt.Errorf("unexpected %q at position %d", t.text, t.pos)
	}
	return m, nil
}

func (p *searchParser) parseOr() (matcher, error) {
	first, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	out := orMatch{first}
	for isKeyword(p.peek(), "or") {
		p.take()
		next, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		out = append(out, next)
	}
	if len(out) == 1 {
		return first, nil
	}
	return out, nil
}

// parseAnd joins terms by "and" or by juxtaposition (SLS's default operator).
func (p *searchParser) parseAnd() (matcher, error) {
	first, err := p.parseNot()
	if err != nil {
		return nil, err
	}
	out := andMatch{first}
	for {
		t := p.peek()
		if isKeyword(t, "and") {
			p.take()
		} else if t.kind == tkEOF || t.kind == tkRParen || isKeyword(t, "or") {
			break
		}
		next, err := p.parseNot()
		if err != nil {
			return nil, err
		}
		out = append(out, next)
	}
	if len(out) == 1 {
		return first, nil
	}
	return out, nil
}

func (p *searchParser) parseNot() (matcher, error) {
	if isKeyword(p.peek(), "not") {
		p.take()
		inner, err := p.parseNot()
		if err != nil {
			return nil, err
		}
		return notMatch{inner}, nil
	}
	return p.parsePrimary()
}

func (p *searchParser) parsePrimary() (matcher, error) {
	t := p.take()
	switch t.kind {
	case tkLParen:
		m, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if c := p.take(); c.kind != tkRParen {
			return nil, fmt.Errorf("missing ')' for the '(' at position %d (found %s at position %d)", t.pos, describe(c), c.pos)
		}
		return m, nil
	case tkPhrase:
		return termMatch{pattern: patternTokens(t.text)}, nil
	case tkWord:
		if isKeyword(t, "and") || isKeyword(t, "or") {
			return nil, fmt.Errorf("operator %q at position %d has no left-hand term", t.text, t.pos)
		}
		next := p.peek()
		if next.kind == tkOp {
			p.take()
			return p.parseComparison(t, next)
		}
		if isKeyword(next, "in") && p.i+1 < len(p.toks) && (p.toks[p.i+1].kind == tkLBracket || p.toks[p.i+1].kind == tkLParen) {
			p.take()
			return p.parseIn(t)
		}
		if t.text == "*" {
			return matchAll{}, nil
		}
		pat := patternTokens(t.text)
		if len(pat) == 0 {
			return nil, fmt.Errorf("term %q at position %d holds only delimiters", t.text, t.pos)
		}
		return termMatch{pattern: pat}, nil
	}
	return nil, fmt.Errorf("unexpected %s at position %d", describe(t), t.pos)
}

func describe(t searchToken) string {
	if t.kind == tkEOF {
		return "end of query"
	}
	return strconv.Quote(t.text)
}

func (p *searchParser) parseComparison(key, op searchToken) (matcher, error) {
	v := p.take()
	if v.kind != tkWord && v.kind != tkPhrase {
		return nil, fmt.Errorf("expected a value after '%s%s' at position %d, found %s", key.text, op.text, v.pos, describe(v))
	}
	switch op.text {
	case ":", "=":
		if v.kind == tkWord && v.text == "*" {
			return existsMatch{key: key.text}, nil
		}
		m := termMatch{key: key.text, pattern: patternTokens(v.text)}
		if f, err := strconv.ParseFloat(v.text, 64); err == nil && v.kind == tkWord {
			m.number = &f
		}
		if len(m.pattern) == 0 && m.number == nil {
			return nil, fmt.Errorf("value %q at position %d holds only delimiters", v.text, v.pos)
		}
		return m, nil
	}
	f, err := strconv.ParseFloat(v.text, 64)
	if err != nil {
		return nil, fmt.Errorf("'%s %s' needs a number, got %q at position %d", key.text, op.text, v.text, v.pos)
	}
	m := rangeMatch{key: key.text}
	switch op.text {
	case ">":
		m.lo, m.hasLo, m.loOpen = f, true, true
	case ">=":
		m.lo, m.hasLo = f, true
	case "<":
		m.hi, m.hasHi, m.hiOpen = f, true, true
	case "<=":
		m.hi, m.hasHi = f, true
	}
	return m, nil
}

// parseIn reads "key in [lo hi]" (closed) or with "(" / ")" for open ends.
func (p *searchParser) parseIn(key searchToken) (matcher, error) {
	open := p.take()
	lo, hi := p.take(), p.take()
	closeTok := p.take()
	if lo.kind != tkWord || hi.kind != tkWord || (closeTok.kind != tkRBracket && closeTok.kind != tkRParen) {
		return nil, fmt.Errorf("expected '%s in [low high]' at position %d", key.text, open.pos)
	}
	l, err1 := strconv.ParseFloat(lo.text, 64)
	h, err2 := strconv.ParseFloat(hi.text, 64)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("the bounds of '%s in' at position %d must be numbers, got %q and %q", key.text, open.pos, lo.text, hi.text)
	}
	return rangeMatch{key: key.text, lo: l, hi: h, hasLo: true, hasHi: true,
		loOpen: open.kind == tkLParen, hiOpen: closeTok.kind == tkRParen}, nil
}

// patternTokens lower-cases a search value and splits it like a log value,
// keeping the wildcards.
func patternTokens(v string) []string {
	toks := tokenize(strings.ToLower(v), true)
	return toks
}
