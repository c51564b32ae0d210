package frames

import (
	"strings"
	"testing"
)

// refHasErrorSignature is the rule textHints' signature replaced: one
// ASCII case-folded substring search per signature.
func refHasErrorSignature(text string) bool {
	for _, sig := range errorSignatures {
		if refContainsFoldASCII(text, sig) {
			return true
		}
	}
	return false
}

func refContainsFoldASCII(s, lowerSub string) bool {
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

// refMayHaveLevelWord is the rule textHints' mayHaveWord replaced: one
// substring search per level word.
func refMayHaveLevelWord(text string) bool {
	for _, w := range []string{"ERR", "WARN", "INFO", "DEBUG", "TRACE", "FATAL", "CRITICAL", "PANIC", "NOTICE"} {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

func requireHintsAsReference(t *testing.T, s string) {
	t.Helper()
	word, sig := textHints(s)
	if want := refMayHaveLevelWord(s); word != want {
		t.Fatalf("%q: mayHaveWord %v, want %v", s, word, want)
	}
	if want := refHasErrorSignature(s); sig != want {
		t.Fatalf("%q: signature %v, want %v", s, sig, want)
	}
}

func TestTextHintsMatchReference(t *testing.T) {
	for _, s := range []string{"", "e", "Error:", "x TypeError: y", "error", "EXCEPTION", "java.lang.NullPointerException",
		"Traceback (most", "tracebac", "panic: boom", "PANIC:", "connect ETIMEDOUT", "ECONNREFUSED", "econnrefuse",
		"errors: none", "error :", "eerror:", "ppanic:", "status=500 msg=ok", "ÉRROR: x", "\xffError:",
		"ERR", "ER", "xWARN", "INF", "an INFO line", "DEBU", "TRACEBACK", "Traceback ERROR", "NOTICE", "PANIC: x", "CRITICA", "FATAL"} {
		requireHintsAsReference(t, s)
	}
}

func FuzzTextHints(f *testing.F) {
	for _, s := range []string{"x TypeError: y", "an INFO line", "PANIC: x", "Traceback WARN"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { requireHintsAsReference(t, s) })
}

// refMayHaveLevelKey is the prefilter mayHaveLevelKey replaced.
func refMayHaveLevelKey(text string) bool {
	for _, k := range []string{"evel", "EVEL", "everity", "EVERITY", "lvl", "LVL", "Lvl"} {
		if strings.Contains(text, k) {
			return true
		}
	}
	return false
}

func FuzzMayHaveLevelKey(f *testing.F) {
	for _, s := range []string{"", "v", "level=x", "LVL", "xLvl", "severity", "Level", "eVel", "vevel"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := mayHaveLevelKey(s), refMayHaveLevelKey(s); got != want {
			t.Fatalf("%q: got %v, want %v", s, got, want)
		}
	})
}
