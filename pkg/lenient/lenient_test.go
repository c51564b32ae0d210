package lenient

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNumberAcceptsNumbersAndNumericStrings(t *testing.T) {
	for in, want := range map[string]float64{`12`: 12, `"12"`: 12, `12.5`: 12.5, `" 7 "`: 7, `"1e3"`: 1000, `-3`: -3} {
		var n Number
		require.NoError(t, json.Unmarshal([]byte(in), &n), in)
		assert.Equal(t, want, float64(n), in)
	}
	n := Number(9)
	require.NoError(t, json.Unmarshal([]byte(`null`), &n))
	require.NoError(t, json.Unmarshal([]byte(`""`), &n))
	assert.Equal(t, 9.0, float64(n), "null and empty keep the value")
	for _, bad := range []string{`"lots"`, `"12abc"`, `true`} {
		err := json.Unmarshal([]byte(bad), &n)
		assert.ErrorContains(t, err, "is not a number", bad)
	}
}

func TestNumberWhole(t *testing.T) {
	v, err := Number(42).Whole("limit")
	require.NoError(t, err)
	assert.Equal(t, 42, v)
	_, err = Number(1.5).Whole("limit")
	assert.EqualError(t, err, "limit must be a whole number, got 1.5")
	var huge Number
	assert.ErrorContains(t, json.Unmarshal([]byte(`1e999`), &huge), `"1e999" is not a finite number`)
	for _, in := range []string{`"NaN"`, `"Inf"`, `"-Infinity"`} {
		var n Number
		require.NoError(t, json.Unmarshal([]byte(in), &n), "read, for the caller to reject by name: %s", in)
		assert.False(t, n.Finite(), in)
		_, err = n.Whole("limit")
		assert.ErrorContains(t, err, "limit must be a whole number, got ", in)
	}
	assert.True(t, Number(1e-9).Finite())
}

func TestBool(t *testing.T) {
	for in, want := range map[string]bool{`true`: true, `"TRUE"`: true, `1`: true, `"1"`: true, `false`: false, `0`: false, `""`: false, `null`: false} {
		var b Bool
		require.NoError(t, json.Unmarshal([]byte(in), &b), in)
		assert.Equal(t, want, bool(b), in)
	}
	var b Bool
	assert.ErrorContains(t, json.Unmarshal([]byte(`"maybe"`), &b), "is not true or false")
}

func TestStringList(t *testing.T) {
	for in, want := range map[string][]string{`["a"," b ",""]`: {"a", "b"}, `"c, d,"`: {"c", "d"}, `""`: nil, `null`: nil} {
		var l StringList
		require.NoError(t, json.Unmarshal([]byte(in), &l), in)
		assert.Equal(t, want, []string(l), in)
	}
	var l StringList
	assert.ErrorContains(t, json.Unmarshal([]byte(`{"a":1}`), &l), "neither a list of strings nor a comma-separated string")
}

func TestDecodeQuery(t *testing.T) {
	var v struct{ A int }
	require.NoError(t, DecodeQuery(nil, &v))
	require.NoError(t, DecodeQuery([]byte(`{"A":2}`), &v))
	assert.Equal(t, 2, v.A)
	assert.ErrorContains(t, DecodeQuery([]byte(`{`), &v), "the query JSON is not valid")
}

func TestDecodeQueryNamesTheFieldOfAWrongType(t *testing.T) {
	var v struct {
		Logstore string     `json:"logstore"`
		Limit    *Number    `json:"limit"`
		Reverse  *Bool      `json:"reverse"`
		Fields   StringList `json:"valueFields"`
		Metrics  []string   `json:"metrics"`
		Filter   *struct {
			RetCode *string `json:"retCode"`
		} `json:"filter"`
	}
	cases := map[string]string{
		`{"logstore":5}`:                   `"logstore" must be text, got the number 5`,
		`{"logstore":true}`:                `"logstore" must be text, got the value true`,
		`{"logstore":["a"]}`:               `"logstore" must be text, got a list (["a"])`,
		`{"limit":"ten"}`:                  `"limit" must be a number (5 or "5"), got the text "ten"`,
		`{"limit":{}}`:                     `"limit" must be a number (5 or "5"), got an object`,
		`{"reverse":"maybe"}`:              `"reverse" must be true or false, got the text "maybe"`,
		`{"valueFields":7}`:                `"valueFields" must be a list of text (["a", "b"]) or comma-separated text ("a, b"), got the number 7`,
		`{"metrics":[1,2]}`:                `"metrics" must be a list of text, got a list ([1,2])`,
		`{"filter":"not0"}`:                `"filter" must be a JSON object ({"name": value, ...}), got the text "not0"`,
		`{"filter":{"retCode":0}}`:         `"filter.retCode" must be text, got the number 0`,
		`{"Logstore":5}`:                   `"logstore" must be text`, // any letter case, as encoding/json
		`[1]`:                              `the query must be a JSON object ({"name": value, ...}), got a list ([1])`,
		`{"logstore":"` + long + `"}`:      ``,
		`{"logstore":"a","limit":"1e400"}`: `"limit" must be a finite number, got the text "1e400"`,
	}
	for in, want := range cases {
		err := DecodeQuery([]byte(in), &v)
		if want == "" {
			assert.NoError(t, err, in)
			continue
		}
		require.Error(t, err, in)
		assert.Equal(t, want, err.Error()[:min(len(want), len(err.Error()))], in)
		assert.NotContains(t, err.Error(), "not valid", "valid JSON of the wrong type is not called invalid: %s", in)
		assert.NotContains(t, err.Error(), "Go struct", in)
	}
	var fe *FieldError
	require.ErrorAs(t, DecodeQuery([]byte(`{"limit":true}`), &v), &fe)
	assert.Equal(t, "limit", fe.Field)
}

var long = strings.Repeat("x", 100)

func TestDecodeQueryInvalidJSONOnlyForJSONThatDoesNotParse(t *testing.T) {
	var v struct {
		Logstore string `json:"logstore"`
	}
	err := DecodeQuery([]byte(`{"logstore":}`), &v)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the query JSON is not valid")
	assert.Contains(t, err.Error(), "at byte 13")
	require.NoError(t, DecodeQuery([]byte(`null`), &v), "null is an empty query")
	require.NoError(t, DecodeQuery([]byte(`{"logstore":null,"other":[1,{"x":2}]}`), &v), "null keeps the default; unknown fields are ignored")
}

func TestDescribeShortensLongValues(t *testing.T) {
	assert.Equal(t, `the text "`+strings.Repeat("x", 40)+`…"`, Describe([]byte(`"`+long+`"`)))
	assert.Equal(t, "null", Describe([]byte(`null`)))
}
