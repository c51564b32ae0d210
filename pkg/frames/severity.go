package frames

import (
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
	if mayHaveLevelWord(text) {
		if m := levelWord.FindString(text); m != "" {
			return NormalizeSeverity(m)
		}
	}
	if word, ok := leadingWordBeforeColon(text); ok {
		if s := NormalizeSeverity(word); s != SeverityUnknown {
			return s
		}
	}
	for _, sig := range errorSignatures {
		if containsFoldASCII(text, sig) {
			return SeverityError
		}
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
	for _, k := range []string{"evel", "EVEL", "everity", "EVERITY", "lvl", "LVL", "Lvl"} {
		if strings.Contains(text, k) {
			return true
		}
	}
	return false
}

func mayHaveLevelWord(text string) bool {
	for _, w := range []string{"ERR", "WARN", "INFO", "DEBUG", "TRACE", "FATAL", "CRITICAL", "PANIC", "NOTICE"} {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// containsFoldASCII is strings.Contains(strings.ToLower(s), lowerSub)
// without allocating; lowerSub is lower-case ASCII.
func containsFoldASCII(s, lowerSub string) bool {
	n := len(lowerSub)
	first := lowerSub[0]
	for i := 0; i+n <= len(s); i++ {
		if s[i]|0x20 != first {
			continue
		}
		match := true
		for k := 1; k < n; k++ {
			c := s[i+k]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != lowerSub[k] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}
