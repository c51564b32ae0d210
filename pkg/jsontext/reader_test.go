package jsontext

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// read reads {"A": string, "B": raw, "C": bool} from s the Reader's way.
func read(s string) (a, b string, c, ok bool) {
	r := Reader{S: s}
	ok = r.Object([]string{"A", "B", "C"}, func(k int) bool {
		var ok bool
		switch k {
		case 0:
			a, ok = r.Str()
		case 1:
			b, ok = r.Raw()
		default:
			c, ok = r.Bool()
		}
		return ok
	}) && r.End()
	return a, b, c, ok
}

func TestReaderReadsThePlainShape(t *testing.T) {
	a, b, c, ok := read(` { "A" : "x\ny" , "skip" : [1, {"z": null}], "B" : "12" , "C" : true } `)
	assert.True(t, ok)
	assert.Equal(t, "x\ny", a)
	assert.Equal(t, `"12"`, b, "raw text, quotes included")
	assert.True(t, c)
	a, b, c, ok = read(`{"A":null,"B":-1.5e3,"C":null}`)
	assert.True(t, ok)
	assert.Equal(t, []any{"", "-1.5e3", false}, []any{a, b, c})
}

func TestReaderGivesUpWhereEncodingJSONReadsOtherwise(t *testing.T) {
	for _, s := range []string{
		`{"a":"x"}`,         // a key in another letter case
		`{"A":"x","A":"y"}`, // a repeated key
		`{"\u0041":"x"}`,    // an escaped key
		"{\"\u212A\":1}",    // a key that folds to another (Kelvin)
		`{"A":1}`,           // a number for a string
		`{"B":true}`,        // a bool for a raw number
		`{"C":"true"}`,      // a string for a bool
		`{"A":"x"} {}`,      // more after the document
		`{"A":"x",}`, `{"A" "x"}`, `["A"]`, ``,
	} {
		_, _, _, ok := read(s)
		assert.False(t, ok, "%q", s)
	}
}
