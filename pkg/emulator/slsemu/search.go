package slsemu

import "strconv"

// This file evaluates the search statement, the part of an SLS query before
// "|" (searchparse.go parses it). Matching follows SLS's index: values are
// split into tokens at the default delimiters and compared
// case-insensitively; keys indexed as long/double compare numerically.

// matcher decides whether a log matches a search statement.
type matcher interface {
	match(ls *logstore, rec *record) bool
}

type matchAll struct{}

func (matchAll) match(*logstore, *record) bool { return true }

type andMatch []matcher

func (m andMatch) match(ls *logstore, rec *record) bool {
	for _, x := range m {
		if !x.match(ls, rec) {
			return false
		}
	}
	return true
}

type orMatch []matcher

func (m orMatch) match(ls *logstore, rec *record) bool {
	for _, x := range m {
		if x.match(ls, rec) {
			return true
		}
	}
	return false
}

type notMatch struct{ inner matcher }

func (m notMatch) match(ls *logstore, rec *record) bool { return !m.inner.match(ls, rec) }

// fieldValue reads a content key or one of the reserved fields.
func fieldValue(rec *record, key string) (string, bool) {
	switch key {
	case "__topic__":
		return rec.topic, true
	case "__source__":
		return rec.source, true
	case "__time__":
		return strconv.FormatInt(rec.time, 10), true
	}
	return rec.value(key)
}

// termMatch is a token pattern on one key, or on every value when key is "".
type termMatch struct {
	key     string
	pattern []string // lower-cased tokens, may hold * and ?
	number  *float64 // set when the pattern is one number: long/double keys compare by value
}

func (m termMatch) match(ls *logstore, rec *record) bool {
	if m.key == "" {
		for _, v := range rec.vals {
			if matchTokens(v, m.pattern) {
				return true
			}
		}
		return false
	}
	v, ok := fieldValue(rec, m.key)
	if !ok {
		return false
	}
	if m.number != nil {
		if t := ls.index[m.key]; t == typeLong || t == typeDouble {
			f, err := strconv.ParseFloat(v, 64)
			return err == nil && f == *m.number
		}
	}
	return matchTokens(v, m.pattern)
}

type existsMatch struct{ key string }

func (m existsMatch) match(_ *logstore, rec *record) bool {
	_, ok := fieldValue(rec, m.key)
	return ok
}

// rangeMatch compares a key's value as a number: lo <= v <= hi with the
// bounds' openness as given.
type rangeMatch struct {
	key            string
	lo, hi         float64
	hasLo, hasHi   bool
	loOpen, hiOpen bool
}

func (m rangeMatch) match(_ *logstore, rec *record) bool {
	v, ok := fieldValue(rec, m.key)
	if !ok {
		return false
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return false
	}
	if m.hasLo && (f < m.lo || (m.loOpen && f == m.lo)) {
		return false
	}
	if m.hasHi && (f > m.hi || (m.hiOpen && f == m.hi)) {
		return false
	}
	return true
}

// isDelimiter is SLS's default token delimiter set.
func isDelimiter(c byte) bool {
	switch c {
	case ' ', ',', '\'', '"', ';', '=', '(', ')', '[', ']', '{', '}', '?', '@', '&', '<', '>', '/', ':', '\n', '\t', '\r':
		return true
	}
	return false
}

// tokenize splits a value at the delimiters; keepWildcards keeps '?' inside
// tokens (a search pattern's single-character wildcard).
func tokenize(s string, keepWildcards bool) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		delim := i == len(s) || (isDelimiter(s[i]) && !(keepWildcards && s[i] == '?'))
		if delim {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	return out
}

// matchTokens reports whether the value holds the pattern tokens as a
// consecutive run of its own tokens.
func matchTokens(value string, pattern []string) bool {
	if len(pattern) == 0 {
		return false
	}
	// Walk the value's tokens without allocating, keeping a window of the
	// last len(pattern) tokens only when the pattern is a phrase.
	if len(pattern) == 1 {
		start := -1
		for i := 0; i <= len(value); i++ {
			if i == len(value) || isDelimiter(value[i]) {
				if start >= 0 && globFold(pattern[0], value[start:i]) {
					return true
				}
				start = -1
			} else if start < 0 {
				start = i
			}
		}
		return false
	}
	toks := tokenize(value, false)
	for i := 0; i+len(pattern) <= len(toks); i++ {
		ok := true
		for j, p := range pattern {
			if !globFold(p, toks[i+j]) {
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

// globFold matches s against a lower-case pattern with * and ?, folding
// ASCII case.
func globFold(p, s string) bool {
	px, sx := 0, 0
	star, mark := -1, 0
	for sx < len(s) {
		if px < len(p) && (p[px] == '?' || p[px] == lowerASCII(s[sx])) {
			px++
			sx++
		} else if px < len(p) && p[px] == '*' {
			star, mark = px, sx
			px++
		} else if star >= 0 {
			px = star + 1
			mark++
			sx = mark
		} else {
			return false
		}
	}
	for px < len(p) && p[px] == '*' {
		px++
	}
	return px == len(p)
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
