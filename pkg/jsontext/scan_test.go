package jsontext

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkScan compares the scanners with encoding/json on s: SkipValue
// accepts exactly the valid values, and a string ScanString accepts reads
// as encoding/json reads it.
func checkScan(t *testing.T, s string) {
	t.Helper()
	end, ok := SkipValue(s, SkipSpace(s, 0))
	whole := ok && SkipSpace(s, end) == len(s)
	require.Equal(t, json.Valid([]byte(s)), whole, "SkipValue on %q", s)
	if !strings.HasPrefix(s, `"`) {
		return
	}
	end, escaped, ok := ScanString(s, 0)
	var want string
	err := json.Unmarshal([]byte(s[:max(end, 1)]), &want)
	require.Equal(t, err == nil, ok, "ScanString on %q", s)
	if !ok {
		return
	}
	got := s[1 : end-1]
	if escaped {
		got = unquoted(got)
	}
	require.Equal(t, want, got, "text of %q", s)
	require.Equal(t, want != s[1:end-1], escaped, "escaped of %q", s)
}

var scanSeeds = []string{
	`"plain"`, `"a\nb\tc\\d\"e\/f\b\f\r"`, `"\u00e9\ud83d\ude00"`, `"\ud800x"`, `"\udc00\ud800"`, "\"\xff\xfe ok\"",
	"\"日本語 and more than eight bytes\"", `"\x"`, `"\u12"`, "\"a\nb\"", `"unterminated`, `"\ufffd"`, "\"\xef\xbf\xbd\"",
	`{"a":[1,2.5,-0,1e9,true,false,null,{"b":"c"}]}`, `[]`, `{}`, `[1,]`, `{"a":}`, `{"a" 1}`, `01`, `-`, `1.`, `1e`, `nul`,
	strings.Repeat("[", 10001) + strings.Repeat("]", 10001), ` [ 1 , { "k" : [ ] } ] `,
}

func unquoted(raw string) string {
	var b strings.Builder
	WriteUnquoted(&b, raw)
	return b.String()
}

func TestScanMatchesEncodingJSON(t *testing.T) {
	for _, s := range scanSeeds {
		checkScan(t, s)
	}
	_, ok := SkipValue(strings.Repeat("[", MaxDepth+1)+strings.Repeat("]", MaxDepth+1), 0)
	assert.False(t, ok, "deeper than encoding/json allows")
	assert.Equal(t, "a\U0001F600\ufffdb", unquoted(`a\ud83d\ude00\ud800b`))
	assert.Equal(t, 3, NumberLen("1.5,"))
}

// FuzzScan: the scanners accept what encoding/json accepts and read
// strings as it does.
func FuzzScan(f *testing.F) {
	for _, s := range scanSeeds {
		f.Add(s)
	}
	f.Fuzz(checkScan)
}
