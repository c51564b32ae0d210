package jsontext

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// The scanning pieces of a decoder that reads one known shape and leaves
// anything else to encoding/json (pkg/scf's GetFunctionLogs page): each
// reports only whether what it read is valid JSON, no error text, since the
// caller then decodes the body again with encoding/json, whose error is
// the one reported.

// MaxDepth is encoding/json's nesting limit; SkipValue refuses deeper values.
const MaxDepth = 10000

// plainByte marks the bytes a string holds as they are: not '"', '\\', a
// control character or a non-ASCII byte (which needs a UTF-8 check).
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// ScanString steps over the JSON string whose opening quote is s[i]. end is
// the index after its closing quote; escaped is true when its text is not
// s[i+1:end-1] as it stands (an escape, or bytes that are not UTF-8, which
// encoding/json turns into U+FFFD): WriteUnquoted reads it then.
func ScanString(s string, i int) (end int, escaped, ok bool) {
	i++ // the opening quote
	for {
		// Eight bytes at a time while none of them is special: a log's
		// text runs long between its escaped line breaks.
		for i+8 <= len(s) && !hasSpecialByte(uint64(s[i])|uint64(s[i+1])<<8|uint64(s[i+2])<<16|uint64(s[i+3])<<24|
			uint64(s[i+4])<<32|uint64(s[i+5])<<40|uint64(s[i+6])<<48|uint64(s[i+7])<<56) {
			i += 8
		}
		if i >= len(s) {
			return 0, false, false
		}
		c := s[i]
		switch {
		case plainByte[c]:
			i++
		case c == '"':
			return i + 1, escaped, true
		case c == '\\':
			if i+1 >= len(s) {
				return 0, false, false
			}
			switch s[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if _, ok := Hex4(s, i+2); !ok {
					return 0, false, false
				}
				i += 6
			default:
				return 0, false, false
			}
			escaped = true
		case c < 0x20:
			return 0, false, false
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				escaped = true
			}
			i += size
		}
	}
}

// hasSpecialByte reports whether any byte of w is '"', '\\', below 0x20 or
// at least 0x80 (the "has a zero byte" bit trick on w xor'ed with each).
// It may also report a byte after a special one: the caller then reads
// byte by byte, which is harmless.
func hasSpecialByte(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	q, bs := w^(ones*'"'), w^(ones*'\\')
	return (w|(w-ones*0x20)&^w|(q-ones)&^q|(bs-ones)&^bs)&highs != 0
}

// WriteUnquoted writes the text of raw, the inside of a string ScanString
// accepted, unescaped as encoding/json unescapes it: \uXXXX with surrogate
// pairs, and a lone surrogate or a byte that is not UTF-8 as U+FFFD. A
// strings.Builder, because its String() is the text without a copy: a
// decoder writes all of a page's escaped strings into one and slices it.
func WriteUnquoted(b *strings.Builder, raw string) {
	for i := 0; i < len(raw); {
		// The text up to the next escape at once (byte by byte was a fifth
		// of the time of decoding an SCF page), then the escape.
		run := strings.IndexByte(raw[i:], '\\')
		if run < 0 {
			run = len(raw) - i
		}
		writeUTF8(b, raw[i:i+run])
		if i += run; i < len(raw) {
			i = writeEscape(b, raw, i)
		}
	}
}

// writeUTF8 writes s with each byte that is not UTF-8 as U+FFFD.
func writeUTF8(b *strings.Builder, s string) {
	if utf8.ValidString(s) {
		b.WriteString(s)
		return
	}
	for _, r := range s {
		// range yields U+FFFD for each invalid byte, as encoding/json
		// writes it; a U+FFFD that was in s is the same three bytes.
		b.WriteRune(r)
	}
}

// writeEscape writes the escape at raw[i] ('\\') and returns the index
// after it.
func writeEscape(b *strings.Builder, raw string, i int) int {
	switch e := raw[i+1]; e {
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case 'u':
		r, _ := Hex4(raw, i+2)
		i += 6
		if utf16.IsSurrogate(r) {
			r2, ok := rune(0), false
			if i+1 < len(raw) && raw[i] == '\\' && raw[i+1] == 'u' {
				r2, ok = Hex4(raw, i+2)
			}
			if dec := utf16.DecodeRune(r, r2); ok && dec != utf8.RuneError {
				r = dec
				i += 6
			} else {
				r = utf8.RuneError
			}
		}
		b.WriteRune(r)
		return i
	default: // '"', '\\', '/'
		b.WriteByte(e)
	}
	return i + 2
}

// NumberLen is the length of the JSON number that starts s, or 0.
func NumberLen(s string) int {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i++; i < len(s) && isDigit(s[i]); i++ {
		}
	default:
		return 0
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) || !isDigit(s[i]) {
			return 0
		}
		for ; i < len(s) && isDigit(s[i]); i++ {
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || !isDigit(s[i]) {
			return 0
		}
		for ; i < len(s) && isDigit(s[i]); i++ {
		}
	}
	return i
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// SkipSpace is the index of the first byte at or after i that is not JSON
// white space.
func SkipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// SkipValue steps over the JSON value that starts at s[i] (no white space
// before it) and returns the index after it; ok is false when there is no
// valid value there or it nests deeper than MaxDepth.
func SkipValue(s string, i int) (end int, ok bool) {
	return skipValue(s, i, 0)
}

func skipValue(s string, i, depth int) (int, bool) {
	if i >= len(s) {
		return 0, false
	}
	switch c := s[i]; {
	case c == '"':
		end, _, ok := ScanString(s, i)
		return end, ok
	case c == '{' || c == '[':
		if depth >= MaxDepth {
			return 0, false
		}
		return skipContainer(s, i, depth)
	case c == 't':
		return literal(s, i, "true")
	case c == 'f':
		return literal(s, i, "false")
	case c == 'n':
		return literal(s, i, "null")
	}
	n := NumberLen(s[i:])
	return i + n, n > 0
}

// skipContainer steps over the object or array that opens at s[i].
func skipContainer(s string, i, depth int) (int, bool) {
	object, closing := s[i] == '{', byte(']')
	if object {
		closing = '}'
	}
	i = SkipSpace(s, i+1)
	if i < len(s) && s[i] == closing {
		return i + 1, true
	}
	for {
		var ok bool
		if object {
			if i >= len(s) || s[i] != '"' {
				return 0, false
			}
			if i, _, ok = ScanString(s, i); !ok {
				return 0, false
			}
			if i = SkipSpace(s, i); i >= len(s) || s[i] != ':' {
				return 0, false
			}
			i = SkipSpace(s, i+1)
		}
		if i, ok = skipValue(s, i, depth+1); !ok {
			return 0, false
		}
		switch i = SkipSpace(s, i); {
		case i < len(s) && s[i] == ',':
			i = SkipSpace(s, i+1)
		case i < len(s) && s[i] == closing:
			return i + 1, true
		default:
			return 0, false
		}
	}
}

func literal(s string, i int, word string) (int, bool) {
	if len(s)-i < len(word) || s[i:i+len(word)] != word {
		return 0, false
	}
	return i + len(word), true
}
