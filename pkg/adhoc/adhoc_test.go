package adhoc

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseReadsFiltersAndIgnoresAbsentOnes(t *testing.T) {
	got, err := Parse([]byte(`{"query":"*","adhocFilters":[{"key":" host ","operator":"=","value":"a b"},{"key":"level","operator":"!~","value":"debug|info"}]}`))
	require.NoError(t, err)
	assert.Equal(t, []Filter{{Key: "host", Operator: "=", Value: "a b"}, {Key: "level", Operator: "!~", Value: "debug|info"}}, got)
	assert.True(t, got[1].Negated())
	assert.False(t, got[0].Negated())

	for _, raw := range []string{`{}`, `{"adhocFilters":null}`, `{"adhocFilters":[]}`} {
		got, err := Parse([]byte(raw))
		require.NoError(t, err, raw)
		assert.Empty(t, got, raw)
	}
}

func TestParseRefusesWhatNoServiceCanSay(t *testing.T) {
	_, err := Parse([]byte(`{"adhocFilters":[{"key":"status","operator":">","value":"500"},{"key":"","operator":"=","value":"x"}]}`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `the operator ">" is not supported; use =, !=, =~ or !~`)
	assert.Contains(t, err.Error(), "ad-hoc filter 2 has no key")

	_, err = Parse([]byte(`{"adhocFilters":{"key":"a"}}`))
	assert.ErrorContains(t, err, "adhocFilters must be a list")
}

func TestRegexPatterns(t *testing.T) {
	cases := []struct {
		value string
		want  []Pattern
	}{
		{"a|b", []Pattern{{{Text: "a"}}, {{Text: "b"}}}},
		{"^web-.*$", []Pattern{{{Text: "web-"}, {Wildcard: true}}}},
		{`1\.2\|3`, []Pattern{{{Text: "1.2|3"}}}},
		{"a.*.*b", []Pattern{{{Text: "a"}, {Wildcard: true}, {Text: "b"}}}},
		{"日本|x y", []Pattern{{{Text: "日本"}}, {{Text: "x y"}}}},
	}
	for _, c := range cases {
		got, err := Filter{Key: "k", Operator: Match, Value: c.value}.Patterns()
		require.NoError(t, err, c.value)
		assert.Equal(t, c.want, got, c.value)
	}
	for _, bad := range []string{"a+", "[ab]", "(a|b)", "a?", "a|", `x\`, "a.b"} {
		_, err := Filter{Key: "k", Operator: NotMatch, Value: bad}.Patterns()
		assert.Error(t, err, bad)
	}
	lit, ok := Pattern{{Text: "a"}, {Text: "b"}}.Literal()
	assert.True(t, ok)
	assert.Equal(t, "ab", lit)
}

func TestEqualityKeepsTheValueVerbatim(t *testing.T) {
	got, err := Filter{Key: "k", Operator: Equal, Value: `a.*|b\`}.Patterns()
	require.NoError(t, err)
	assert.Equal(t, []Pattern{{{Text: `a.*|b\`}}}, got)
}
