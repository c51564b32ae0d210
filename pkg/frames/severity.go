package frames

import (
	"math/bits"
	"regexp"
	"strings"
)

// Severity values Grafana colours in Explore and the Logs panel.
const (
	SeverityCritical = "critical"
	SeverityError    = "error"
	SeverityWarning  = "warning"
	SeverityInfo     = "info"
	SeverityDebug    = "debug"
	SeverityTrace    = "trace"
	SeverityUnknown  = "unknown"
)

// SeverityOf is a log's severity from the level a field gave (may be empty)
// or, failing that, from its text.
func SeverityOf(level, body string) string {
	if level != "" {
		if s := NormalizeSeverity(level); s != SeverityUnknown {
			return s
		}
	}
	return DetectSeverity(body)
}

// NormalizeSeverity maps level spellings to Grafana's severities, in any
// letter case. It lower-cases into a small buffer: it runs once per log line,
// and most levels arrive upper-case.
func NormalizeSeverity(level string) string {
	level = strings.TrimSpace(level)
	var buf [16]byte
	if len(level) > len(buf) {
		return SeverityUnknown
	}
	for i := 0; i < len(level); i++ {
		c := level[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	switch string(buf[:len(level)]) {
	case "fatal", "critical", "crit", "emerg", "emergency", "alert", "panic":
		return SeverityCritical
	case "error", "err", "eror":
		return SeverityError
	case "warn", "warning":
		return SeverityWarning
	case "info", "information", "informational", "notice":
		return SeverityInfo
	case "debug", "dbug", "dbg":
		return SeverityDebug
	case "trace":
		return SeverityTrace
	}
	return SeverityUnknown
}

var (
	levelAssignment = regexp.MustCompile(`(?i)\b(?:level|severity|lvl)["']?\s*[=:]\s*["']?([a-z]+)`)
	levelWord       = regexp.MustCompile(`\b(FATAL|CRITICAL|PANIC|ERROR|ERR|WARNING|WARN|INFO|NOTICE|DEBUG|TRACE)\b`)
)

// errorSignatures are what the runtimes print when something fails, in any
// letter case: JS and Python exceptions ("TypeError:", "KeyError:"), Java's
// "...Exception", Python's "Traceback", Go's "panic:" and socket errors.
var errorSignatures = []string{"error:", "exception", "traceback", "panic:", "etimedout", "econnrefused"}

// DetectSeverity is the one rule for finding a level in a log's text, in
// order: a level=... (or "level": "...") assignment; an upper-case level
// word; a line that starts with a level word and a colon ("warning: disk
// full"); an error signature of a runtime. Lower-case level words in prose
// ("there was no error") are not levels. Unknown when none applies.
func DetectSeverity(text string) string {
	// Cheap substring checks first: the regular expressions are the costliest
	// step of converting a page of logs, and most lines have none of these.
	if mayHaveLevelKey(text) {
		if m := levelAssignment.FindStringSubmatch(text); m != nil {
			if s := NormalizeSeverity(m[1]); s != SeverityUnknown {
				return s
			}
		}
	}
	mayHaveWord, signature := textHints(text)
	if mayHaveWord {
		if m := levelWord.FindString(text); m != "" {
			return NormalizeSeverity(m)
		}
	}
	if word, ok := leadingWordBeforeColon(text); ok {
		if s := NormalizeSeverity(word); s != SeverityUnknown {
			return s
		}
	}
	if signature {
		return SeverityError
	}
	return SeverityUnknown
}

// leadingWordBeforeColon returns the letters that start text (after blanks)
// when a colon follows them: "warning: disk full" gives "warning".
func leadingWordBeforeColon(text string) (string, bool) {
	i := 0
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	start := i
	for i < len(text) && (text[i]|0x20 >= 'a' && text[i]|0x20 <= 'z') {
		i++
	}
	if i == start || i >= len(text) || text[i] != ':' {
		return "", false
	}
	return text[start:i], true
}

func mayHaveLevelKey(text string) bool {
	// Every hint has its 'v' or 'V' second: looking at the few places
	// where one is reads the text twice instead of seven times.
	for _, v := range [...]byte{'v', 'V'} {
		for i := 1; i < len(text); {
			j := strings.IndexByte(text[i:], v)
			if j < 0 {
				break
			}
			at := text[i+j-1:]
			for _, k := range levelKeyHints {
				if strings.HasPrefix(at, k) {
					return true
				}
			}
			i += j + 1
		}
	}
	return false
}

// levelKeyHints are what a level key (level, severity, lvl) has in it.
var levelKeyHints = []string{"evel", "EVEL", "everity", "EVERITY", "lvl", "LVL", "Lvl"}

// levelWords are what levelWord matches, without its word boundaries.
var levelWords = []string{"ERR", "WARN", "INFO", "DEBUG", "TRACE", "FATAL", "CRITICAL", "PANIC", "NOTICE"}

// textHints reads text once for DetectSeverity. mayHaveWord is whether it
// holds one of levelWords (levelWord, with its word boundaries, then
// decides); signature whether it holds one of errorSignatures in any
// ASCII letter case. A signature is compared only where the text has its
// first two letters, a word only where it has its first. A pass per word
// and one for the signatures were a third of DetectSeverity's time on
// lines that have neither, which most lines are.
func textHints(text string) (mayHaveWord, signature bool) {
	for i := 0; i+1 < len(text); i++ {
		h := hintFirst[text[i]]
		if h == 0 {
			continue
		}
		if !mayHaveWord {
			for m := h >> wordShift; m != 0; m &= m - 1 {
				if strings.HasPrefix(text[i:], levelWords[bits.TrailingZeros64(m)]) {
					mayHaveWord = true
					break
				}
			}
		}
		if !signature {
			for m := h & signatureMask & signatureSecond[text[i+1]]; m != 0; m &= m - 1 {
				sig := errorSignatures[bits.TrailingZeros64(m)]
				if hasPrefixFoldASCII(text[i+2:], sig[2:]) {
					signature = true
					break
				}
			}
		}
		if mayHaveWord && signature {
			break
		}
	}
	return mayHaveWord, signature
}

// hintFirst has, for each byte, bit k set when it is the first letter of
// errorSignatures[k] in either letter case, and bit wordShift+k when it is
// the first letter of levelWords[k]; signatureSecond has bit k set for the
// bytes that are the second letter of errorSignatures[k] in either case.
// (Each signature has at least two letters; there are fewer than
// wordShift signatures and 64-wordShift words.)
var hintFirst, signatureSecond = func() (first, second [256]uint64) {
	for k, sig := range errorSignatures {
		for c := 0; c < 256; c++ {
			if lowerASCII(byte(c)) == sig[0] {
				first[c] |= 1 << k
			}
			if lowerASCII(byte(c)) == sig[1] {
				second[c] |= 1 << k
			}
		}
	}
	for k, w := range levelWords {
		first[w[0]] |= 1 << (wordShift + k)
	}
	return first, second
}()

const (
	wordShift     = 32
	signatureMask = 1<<wordShift - 1
)

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// hasPrefixFoldASCII is strings.HasPrefix(strings.ToLower(s), lowerPrefix)
// without allocating; lowerPrefix is lower-case ASCII.
func hasPrefixFoldASCII(s, lowerPrefix string) bool {
	if len(s) < len(lowerPrefix) {
		return false
	}
	for k := 0; k < len(lowerPrefix); k++ {
		if lowerASCII(s[k]) != lowerPrefix[k] {
			return false
		}
	}
	return true
}
