package scfservice

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/settings"
)

func TestParseSCFQueryTypeErrorsNameEveryField(t *testing.T) {
	rt := reflect.TypeFor[rawSCFQuery]()
	for i := 0; i < rt.NumField(); i++ {
		field, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
		wrong, got := `{"x":1}`, "got an object"
		if field == "filter" {
			wrong, got = `5`, "got the number 5"
		}
		_, err := ParseQuery(json.RawMessage(`{"`+field+`":`+wrong+`}`), "", scfSettings(settings.SCFAPIv3))
		require.Error(t, err, field)
		assert.True(t, strings.HasPrefix(err.Error(), `"`+field+`" must be `), "%s: %v", field, err)
		assert.Contains(t, err.Error(), got, field)
	}
	_, err := ParseQuery(json.RawMessage(`{"filter":{"retCode":0}}`), "", scfSettings(settings.SCFAPIv3))
	assert.EqualError(t, err, `"filter.retCode" must be text, got the number 0`)
	_, err = ParseQuery(json.RawMessage(`{"functionName":5}`), "", scfSettings(settings.SCFAPIv3))
	assert.EqualError(t, err, `"functionName" must be text, got the number 5`)
}

func TestParseSCFQueryRefusesUnresolvedVariables(t *testing.T) {
	cases := map[string]string{
		`{"functionName":"$fn"}`:      `"functionName" holds the template variable $fn`,
		`{"namespace":"${ns}"}`:       `"namespace" holds the template variable ${ns}`,
		`{"qualifier":"[[version]]"}`: `"qualifier" holds the template variable [[version]]`,
		`{"requestId":"${req:raw}"}`:  `"requestId" holds the template variable ${req:raw}`,
	}
	for in, want := range cases {
		_, err := ParseQuery(json.RawMessage(in), "", scfSettings(settings.SCFAPIv3))
		if assert.Error(t, err, in) {
			assert.Contains(t, err.Error(), want, in)
			assert.NotContains(t, err.Error(), "is not valid", "the variable is the one problem: %s", in)
		}
	}
	q, err := ParseQuery(json.RawMessage(`{"functionName":"f","qualifier":"$LATEST"}`), "", scfSettings(settings.SCFAPIv3))
	require.NoError(t, err, "$LATEST is SCF's version name, not a variable")
	assert.Equal(t, LatestQualifier, q.Qualifier)
}
