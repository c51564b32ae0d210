package frames

import (
	"strings"
	"testing"
)

// refHasErrorSignature is the rule hasErrorSignature replaced: one ASCII
// case-folded substring search per signature.
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

func TestHasErrorSignatureMatchesReference(t *testing.T) {
	for _, s := range []string{"", "e", "Error:", "x TypeError: y", "error", "EXCEPTION", "java.lang.NullPointerException",
		"Traceback (most", "tracebac", "panic: boom", "PANIC:", "connect ETIMEDOUT", "ECONNREFUSED", "econnrefuse",
		"errors: none", "error :", "eerror:", "ppanic:", "status=500 msg=ok", "ÉRROR: x", "\xffError:"} {
		if got, want := hasErrorSignature(s), refHasErrorSignature(s); got != want {
			t.Errorf("%q: got %v, want %v", s, got, want)
		}
	}
}

func FuzzHasErrorSignature(f *testing.F) {
	f.Add("x TypeError: y")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := hasErrorSignature(s), refHasErrorSignature(s); got != want {
			t.Fatalf("%q: got %v, want %v", s, got, want)
		}
	})
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
