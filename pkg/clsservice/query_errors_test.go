package clsservice

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseCLSQueryTypeErrorsNameEveryField(t *testing.T) {
	rt := reflect.TypeFor[rawQuery]()
	for i := 0; i < rt.NumField(); i++ {
		field, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
		if rt.Field(i).Type == reflect.TypeFor[json.RawMessage]() {
			continue // pkgLogId takes a number or a numeric string: readContext checks it
		}
		_, err := ParseQuery(json.RawMessage(`{"topicId":"t","`+field+`":{"x":1}}`), QueryTypeLogs, 5000)
		if field == "topicId" {
			_, err = ParseQuery(json.RawMessage(`{"topicId":{"x":1}}`), QueryTypeLogs, 5000)
		}
		require.Error(t, err, field)
		assert.True(t, strings.HasPrefix(err.Error(), `"`+field+`" must be `), "%s: %v", field, err)
		assert.Contains(t, err.Error(), "got an object", field)
	}
	_, err := ParseQuery(json.RawMessage(`{"topicId":5}`), QueryTypeLogs, 5000)
	assert.EqualError(t, err, `"topicId" must be text, got the number 5`)
	_, err = ParseQuery(json.RawMessage(`{"topicIds":"t1"}`), QueryTypeLogs, 5000)
	assert.EqualError(t, err, `"topicIds" must be a list of text, got the text "t1"`)
}

func TestParseCLSQueryRefusesUnresolvedVariables(t *testing.T) {
	cases := map[string]string{
		`{"topicId":"t","query":"status:$status"}`:                        `"query" holds the template variable $status`,
		`{"topicId":"t","query":"* | select count(*) where a = '[[a]]'"}`: `"query" holds the template variable [[a]]`,
		`{"topicIds":["t1","${topic}"]}`:                                  `"topicId" holds the template variable ${topic}`,
	}
	for in, want := range cases {
		_, err := ParseQuery(json.RawMessage(in), QueryTypeLogs, 5000)
		if strings.Contains(in, "select") {
			_, err = ParseQuery(json.RawMessage(in), QueryTypeSQL, 5000)
		}
		if assert.Error(t, err, in) {
			assert.Contains(t, err.Error(), want, in)
		}
	}
	_, err := ParseQuery(json.RawMessage(`{"topicId":"t","pkgId":"$p","pkgLogId":1,"time":1}`), QueryTypeContext, 5000)
	assert.ErrorContains(t, err, `"pkgId" holds the template variable $p`)
}
