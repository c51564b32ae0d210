package lenient

import (
	"encoding/json"
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
