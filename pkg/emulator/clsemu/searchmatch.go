package clsemu

import "strings"

// matcher decides whether a record matches a compiled search.
type matcher interface {
	match(r *record) bool
}

type matchAll struct{}

func (matchAll) match(*record) bool { return true }

type matchNone struct{}

func (matchNone) match(*record) bool { return false }

type andMatch []matcher

func (m andMatch) match(r *record) bool {
	for _, x := range m {
		if !x.match(r) {
			return false
		}
	}
	return true
}

type orMatch []matcher

func (m orMatch) match(r *record) bool {
	for _, x := range m {
		if x.match(r) {
			return true
		}
	}
	return false
}

type notMatch struct{ inner matcher }

func (m notMatch) match(r *record) bool { return !m.inner.match(r) }

type existsMatch struct{ key string }

func (m existsMatch) match(r *record) bool { _, ok := r.value(m.key); return ok }

type emptyMatch struct{ key string }

func (m emptyMatch) match(r *record) bool { v, ok := r.value(m.key); return ok && v == "" }

// pattern is a tokenized search value.
type pattern struct {
	tokens []string
	phrase bool // tokens consecutive and in order
	any    bool // Lucene: one token is enough; CQL: all are needed
}

// in tells whether the pattern occurs in a value's tokens.
func (p pattern) in(toks []string) bool {
	if p.phrase {
		for i := 0; i+len(p.tokens) <= len(toks); i++ {
			ok := true
			for j, pt := range p.tokens {
				if !glob(pt, toks[i+j]) {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
		return false
	}
	for _, pt := range p.tokens {
		found := false
		for _, tk := range toks {
			if glob(pt, tk) {
				found = true
				break
			}
		}
		if found && p.any {
			return true
		}
		if !found && !p.any {
			return false
		}
	}
	return !p.any
}

// glob matches a token against a pattern whose wildcard rune stands for
// any run of characters.
func glob(pat, s string) bool {
	if !strings.ContainsRune(pat, wildcard) {
		return pat == s
	}
	parts := strings.Split(pat, string(wildcard))
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for i, part := range parts[1:] {
		if i == len(parts)-2 {
			return strings.HasSuffix(s, part)
		}
		k := strings.Index(s, part)
		if k < 0 {
			return false
		}
		s = s[k+len(part):]
	}
	return true
}

type textMatch struct {
	key, tokenizer string
	caseSensitive  bool
	pat            pattern
}

func (m textMatch) match(r *record) bool {
	v, ok := r.value(m.key)
	return ok && m.pat.in(tokenize(v, m.tokenizer, m.caseSensitive))
}

type numMatch struct {
	key string
	op  string
	n   float64
}

func (m numMatch) match(r *record) bool {
	v, ok := r.value(m.key)
	if !ok {
		return false
	}
	x, ok := parseNumber(v)
	if !ok {
		return false
	}
	switch m.op {
	case ">":
		return x > m.n
	case ">=":
		return x >= m.n
	case "<":
		return x < m.n
	case "<=":
		return x <= m.n
	}
	return x == m.n
}

// fullTextMatch searches every value of the log (the internal fields
// __SOURCE__, __FILENAME__, __HOSTNAME__ are not in the full-text index).
// A phrase must sit inside one value; the words of a plain value may come
// from different values, as the whole log is one text to the index.
type fullTextMatch struct {
	tokenizer     string
	caseSensitive bool
	pat           pattern
}

func (m fullTextMatch) match(r *record) bool {
	if m.pat.phrase {
		for _, v := range r.vals {
			if m.pat.in(tokenize(v, m.tokenizer, m.caseSensitive)) {
				return true
			}
		}
		return false
	}
	var all []string
	for _, v := range r.vals {
		all = append(all, tokenize(v, m.tokenizer, m.caseSensitive)...)
	}
	return m.pat.in(all)
}
