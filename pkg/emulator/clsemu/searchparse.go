package clsemu

import (
	"strconv"
	"strings"
)

// parser compiles a search statement against a topic's index.
type parser struct {
	toks []token
	i    int
	syn  syntax
	ix   *index
}

// compileSearch parses a search statement; "" and "*" match every log.
func compileSearch(q string, syn syntax, ix *index) (matcher, error) {
	q = strings.TrimSpace(q)
	if q == "" || q == "*" {
		return matchAll{}, nil
	}
	toks, err := lexQuery(q, syn)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks, syn: syn, ix: ix}
	m, err := p.or()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, errAt(t.pos, "unexpected %s", t.describe())
	}
	return m, nil
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) take() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func (p *parser) or() (matcher, error) {
	first, err := p.and()
	if err != nil {
		return nil, err
	}
	out := orMatch{first}
	for {
		kw, err := keyword(p.peek(), p.syn)
		if err != nil {
			return nil, err
		}
		if kw != "OR" {
			break
		}
		p.take()
		next, err := p.and()
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

// and joins by AND; Lucene also reads "a NOT b" as a AND NOT b. Terms side
// by side without an operator are refused: the two syntaxes disagree on
// what they mean.
func (p *parser) and() (matcher, error) {
	first, err := p.unary()
	if err != nil {
		return nil, err
	}
	out := andMatch{first}
	for {
		t := p.peek()
		kw, err := keyword(t, p.syn)
		if err != nil {
			return nil, err
		}
		switch {
		case kw == "AND":
			p.take()
		case kw == "NOT" && p.syn == lucene:
		case kw == "OR" || t.kind == tEOF || t.kind == tRParen:
			if len(out) == 1 {
				return first, nil
			}
			return out, nil
		default:
			return nil, errAt(t.pos, "unexpected %s: join conditions with AND or OR", t.describe())
		}
		next, err := p.unary()
		if err != nil {
			return nil, err
		}
		out = append(out, next)
	}
}

func (p *parser) unary() (matcher, error) {
	kw, err := keyword(p.peek(), p.syn)
	if err != nil {
		return nil, err
	}
	if kw == "NOT" {
		p.take()
		inner, err := p.unary()
		if err != nil {
			return nil, err
		}
		return notMatch{inner}, nil
	}
	return p.primary()
}

func (p *parser) primary() (matcher, error) {
	t := p.take()
	switch t.kind {
	case tLParen:
		m, err := p.or()
		if err != nil {
			return nil, err
		}
		if c := p.take(); c.kind != tRParen {
			return nil, errAt(c.pos, "expected \")\", found %s", c.describe())
		}
		return m, nil
	case tPhrase:
		return p.fullText(t, true)
	case tWord:
		if kw, _ := keyword(t, p.syn); kw != "" {
			return nil, errAt(t.pos, "unexpected %q: a condition is missing", t.raw)
		}
		switch next := p.peek(); next.kind {
		case tColon:
			p.take()
			return p.keyed(t)
		case tOp:
			if p.syn == lucene {
				return nil, errAt(next.pos, "unexpected %q: Lucene ranges are written key:>n", next.raw)
			}
			p.take()
			return p.rangeOf(t, next)
		}
		if t.text == string(wildcard) {
			return matchAll{}, nil
		}
		return p.fullText(t, false)
	}
	return nil, errAt(t.pos, "unexpected %s", t.describe())
}

// keyed reads what follows "key:".
func (p *parser) keyed(key token) (matcher, error) {
	if strings.ContainsRune(key.text, wildcard) || key.text == "" {
		return nil, errAt(key.pos, "%q is not a field name", key.raw)
	}
	v := p.take()
	switch {
	case v.kind == tOp && p.syn == lucene && v.text != "=":
		return p.rangeOf(key, v)
	case v.kind == tWord && v.text == string(wildcard):
		return p.field(key, func(f indexKey) matcher { return existsMatch{key: f.key} })
	case v.kind == tPhrase && v.text == "":
		return p.field(key, func(f indexKey) matcher { return emptyMatch{key: f.key} })
	case v.kind == tWord || v.kind == tPhrase:
		f, ok := p.ix.byKey[key.text]
		if !ok {
			return matchNone{}, nil // not indexed: CLS finds nothing by that key
		}
		if f.typ != typeText {
			n, err := strconv.ParseFloat(v.text, 64)
			if err != nil {
				return nil, errAt(v.pos, "field %s is %s: its value must be a number, got %s", f.key, f.typ, v.describe())
			}
			return numMatch{key: f.key, op: "=", n: n}, nil
		}
		pat, err := p.pattern(v, f.tokenizer, p.ix.kvCase)
		if err != nil {
			return nil, err
		}
		return textMatch{key: f.key, tokenizer: f.tokenizer, caseSensitive: p.ix.kvCase, pat: pat}, nil
	}
	return nil, errAt(v.pos, "expected a value after %q, found %s", key.raw+":", v.describe())
}

func (p *parser) field(key token, build func(indexKey) matcher) (matcher, error) {
	f, ok := p.ix.byKey[key.text]
	if !ok {
		return matchNone{}, nil
	}
	return build(f), nil
}

// rangeOf reads "key op number" (CQL) or "key:op number" (Lucene).
func (p *parser) rangeOf(key, op token) (matcher, error) {
	v := p.take()
	if v.kind != tWord {
		return nil, errAt(v.pos, "expected a number after %q, found %s", op.raw, v.describe())
	}
	n, err := strconv.ParseFloat(v.text, 64)
	if err != nil {
		return nil, errAt(v.pos, "expected a number after %q, found %s", op.raw, v.describe())
	}
	f, ok := p.ix.byKey[key.text]
	if !ok {
		return matchNone{}, nil
	}
	if f.typ == typeText {
		return nil, errAt(op.pos, "%q compares numbers, but field %s is indexed as text", op.raw, f.key)
	}
	return numMatch{key: f.key, op: op.text, n: n}, nil
}

func (p *parser) fullText(t token, phrase bool) (matcher, error) {
	if !p.ix.fullText {
		return nil, errAt(t.pos, "the topic has no full-text index: search a field with key:value")
	}
	pat, err := p.pattern(t, p.ix.fullTokenizer, p.ix.fullCase)
	if err != nil {
		return nil, err
	}
	return fullTextMatch{tokenizer: p.ix.fullTokenizer, caseSensitive: p.ix.fullCase, pat: pat}, nil
}

// pattern tokenizes a value as the index does. A phrase needs its tokens in
// order; a plain value needs all of its tokens in CQL and any in Lucene.
func (p *parser) pattern(v token, tokenizer string, caseSensitive bool) (pattern, error) {
	toks := tokenize(v.text, tokenizer, caseSensitive)
	if len(toks) == 0 {
		return pattern{}, errAt(v.pos, "%s holds no searchable word (only delimiters)", v.describe())
	}
	for _, tk := range toks {
		if []rune(tk)[0] == wildcard {
			return pattern{}, errAt(v.pos, "%s: '*' cannot start a word", v.describe())
		}
	}
	return pattern{tokens: toks, phrase: v.kind == tPhrase, any: p.syn == lucene && v.kind != tPhrase}, nil
}
