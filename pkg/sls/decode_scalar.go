package sls

import (
	"unicode/utf16"
	"unicode/utf8"

	"github.com/logbridge/cloudlogs/pkg/jsontext"
)

// The scalars of the scanner in decode.go: numbers (kept as their literal
// text) and strings (unescaped exactly as encoding/json unescapes them).

// number steps over a JSON number and returns its literal text.
func (d *scanner) number() (string, error) {
	start := d.i
	n := jsontext.NumberLen(d.s[d.i:])
	if n == 0 {
		return "", d.unexpected("a number")
	}
	d.i += n
	return d.s[start:d.i], nil
}

func validNumber(s string) bool { return s != "" && jsontext.NumberLen(s) == len(s) }

// plain marks the bytes a string can hold as they are: not '"', '\\', a
// control character or a non-ASCII byte (which needs a UTF-8 check).
var plain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// str reads a JSON string at d.i. Without escapes or invalid UTF-8 it is a
// substring of the body; otherwise it is unescaped into a new string.
func (d *scanner) str() (string, error) {
	d.i++ // the opening quote
	start := d.i
	s := d.s
	i := d.i
	// Eight bytes at a time while none of them is special: a quote, a
	// backslash, a control character or a non-ASCII byte.
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if hasSpecialByte(w) {
			break
		}
	}
	for i < len(s) {
		c := s[i]
		if plain[c] {
			i++
			continue
		}
		switch {
		case c == '"':
			d.i = i + 1
			return s[start:i], nil
		case c >= utf8.RuneSelf:
			if r, size := utf8.DecodeRuneInString(s[i:]); r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
		case c < 0x20:
			d.i = i
			return "", d.errorf("invalid character %q in string literal", c)
		}
		// An escape or an invalid byte: unescape from here on.
		d.i = i
		return d.unescape(start)
	}
	d.i = len(s)
	return "", d.errorf("unexpected end of JSON input in a string")
}

// hasSpecialByte reports whether any byte of w is '"', '\\', below 0x20 or
// at least 0x80 (the classic "has a zero byte" bit trick, applied to w
// xor'ed with each character looked for). It may report a byte after a
// special one too, which is harmless: the caller then reads byte by byte.
func hasSpecialByte(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	q, bs := w^(ones*'"'), w^(ones*'\\')
	return (w|(w-ones*0x20)&^w|(q-ones)&^q|(bs-ones)&^bs)&highs != 0
}

// unescape finishes a string whose plain prefix is s[start:d.i], as
// encoding/json's unquote does.
func (d *scanner) unescape(start int) (string, error) {
	s := d.s
	b := make([]byte, 0, d.i-start+64)
	b = append(b, s[start:d.i]...)
	i := d.i
	for i < len(s) {
		c := s[i]
		switch {
		case c == '"':
			d.i = i + 1
			return string(b), nil
		case c == '\\':
			if i+1 >= len(s) {
				d.i = len(s)
				return "", d.errorf("unexpected end of JSON input in a string")
			}
			switch e := s[i+1]; e {
			case '"', '\\', '/':
				b = append(b, e)
				i += 2
			case 'b':
				b = append(b, '\b')
				i += 2
			case 'f':
				b = append(b, '\f')
				i += 2
			case 'n':
				b = append(b, '\n')
				i += 2
			case 'r':
				b = append(b, '\r')
				i += 2
			case 't':
				b = append(b, '\t')
				i += 2
			case 'u':
				r, ok := jsontext.Hex4(s, i+2)
				if !ok {
					d.i = i
					return "", d.errorf(`invalid \u escape in string literal`)
				}
				i += 6
				if utf16.IsSurrogate(r) {
					r2, ok := rune(0), false
					if i+1 < len(s) && s[i] == '\\' && s[i+1] == 'u' {
						r2, ok = jsontext.Hex4(s, i+2)
					}
					if dec := utf16.DecodeRune(r, r2); ok && dec != utf8.RuneError {
						r = dec
						i += 6
					} else {
						r = utf8.RuneError
					}
				}
				b = utf8.AppendRune(b, r)
			default:
				d.i = i + 1
				return "", d.errorf("invalid escape character %q in string literal", e)
			}
		case c < 0x20:
			d.i = i
			return "", d.errorf("invalid character %q in string literal", c)
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b = utf8.AppendRune(b, utf8.RuneError)
			} else {
				b = append(b, s[i:i+size]...)
			}
			i += size
		}
	}
	d.i = len(s)
	return "", d.errorf("unexpected end of JSON input in a string")
}
