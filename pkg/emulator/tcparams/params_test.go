package tcparams

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFromQuery(t *testing.T) {
	cases := map[string]string{
		"":                                     `{}`,
		"Limit=10&Offset=0":                    `{"Limit":"10","Offset":"0"}`,
		"Filter.RetCode=not0&FunctionName=a+b": `{"Filter":{"RetCode":"not0"},"FunctionName":"a b"}`,
		"Filters.0.Name=Runtime&Filters.0.Values.0=Go1&Filters.0.Values.1=Java8&Filters.1.Name=Type&Filters.1.Values.0=Event": `{"Filters":[{"Name":"Runtime","Values":["Go1","Java8"]},{"Name":"Type","Values":["Event"]}]}`,
		"StartTime=2017-05-16+20%3A00%3A00": `{"StartTime":"2017-05-16 20:00:00"}`,
		"Tags.3=x":                          `{"Tags":{"3":"x"}}`,
	}
	for query, want := range cases {
		got, err := FromQuery(query)
		require.NoError(t, err, query)
		assert.JSONEq(t, want, string(got), query)
	}
	_, err := FromQuery("Filter=x&Filter.RetCode=y")
	assert.ErrorContains(t, err, "both a value and a structure")
	_, err = FromQuery("a=%zz")
	assert.Error(t, err)
}
