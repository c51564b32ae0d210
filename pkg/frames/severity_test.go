package frames

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// One rule for every service: SLS lines without a level field and SCF lines
// without a runtime level both go through it.
func TestDetectSeverity(t *testing.T) {
	cases := map[string]string{
		`{"level":"error","msg":"x"}`:                        SeverityError,
		"level=Warning disk":                                 SeverityWarning,
		"2024-01-01 INFO started":                            SeverityInfo,
		"FATAL out of memory":                                SeverityCritical,
		"TRACE enter":                                        SeverityTrace,
		"severity: notice":                                   SeverityInfo,
		"warning: disk almost full":                          SeverityWarning,
		"Error: connect ETIMEDOUT 10.0.3.17:443":             SeverityError,
		"TypeError: Cannot read property 'CMQ' of undefined": SeverityError,
		"Traceback (most recent call last):":                 SeverityError,
		"java.lang.NullPointerException at Foo.bar":          SeverityError,
		"panic: runtime error: index out of range":           SeverityCritical, // a level word and a colon
		// Lower-case level words in prose are not levels, for any service.
		"there was no error in this line": SeverityUnknown,
		"purged 0 errors":                 SeverityUnknown,
		"Hello World":                     SeverityUnknown,
		"http://example.com/error":        SeverityUnknown,
	}
	for in, want := range cases {
		assert.Equal(t, want, DetectSeverity(in), in)
	}
}

func TestNormalizeSeverity(t *testing.T) {
	for in, want := range map[string]string{"WARN": SeverityWarning, " err ": SeverityError, "emerg": SeverityCritical, "dbg": SeverityDebug, "what": SeverityUnknown} {
		assert.Equal(t, want, NormalizeSeverity(in), in)
	}
}
