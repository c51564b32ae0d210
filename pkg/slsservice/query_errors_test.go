package slsservice

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wrongTypeCases sends, for every field of a raw query struct, a value no
// field of it takes (an object; a number for the one object field) and
// returns each field's JSON name with the error's prefix expected.
func wrongTypeCases(t *testing.T, raw any) map[string]string {
	t.Helper()
	out := map[string]string{}
	rt := reflect.TypeOf(raw)
	for i := 0; i < rt.NumField(); i++ {
		name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
		if name == "" || name == "-" || rt.Field(i).Type == reflect.TypeFor[json.RawMessage]() {
			continue
		}
		out[name] = `"` + name + `" must be `
	}
	require.NotEmpty(t, out)
	return out
}

func TestParseSLSQueryTypeErrorsNameEveryField(t *testing.T) {
	for field, want := range wrongTypeCases(t, rawSLSQuery{}) {
		_, err := ParseQuery(json.RawMessage(`{"logstore":"a",`+strings.ReplaceAll(`"F":{"x":1}}`, "F", field)), QueryTypeLogs, 10000)
		if field == "logstore" {
			_, err = ParseQuery(json.RawMessage(`{"logstore":{"x":1}}`), QueryTypeLogs, 10000)
		}
		require.Error(t, err, field)
		assert.True(t, strings.HasPrefix(err.Error(), want), "%s: %v", field, err)
		assert.Contains(t, err.Error(), "got an object", field)
	}
	_, err := ParseQuery(json.RawMessage(`{"logstore":5}`), QueryTypeLogs, 10000)
	assert.EqualError(t, err, `"logstore" must be text, got the number 5`)
	_, err = ParseQuery(json.RawMessage(`{"logstore":"a","reverse":"sometimes"}`), QueryTypeLogs, 10000)
	assert.EqualError(t, err, `"reverse" must be true or false, got the text "sometimes"`)
}

func TestParseSLSQueryRefusesUnresolvedVariables(t *testing.T) {
	cases := map[string]string{
		`{"logstore":"a","query":"status: $status"}`:                                `"query" holds the template variable $status, which Grafana did not replace`,
		`{"logstore":"a","query":"* | select count(*) where host = '${host}'"}`:     `"query" holds the template variable ${host}`,
		`{"logstore":"$store"}`:                                                     `"logstore" holds the template variable $store`,
		`{"logstore":"a","topic":"[[topic]]"}`:                                      `"topic" holds the template variable [[topic]]`,
		`{"logstore":"a","query":"level: ${level:csv}"}`:                            `"query" holds the template variable ${level:csv}`,
		`{"logstore":"a","packId":"$pack","packMeta":"m","queryType":"slsContext"}`: `"packId" holds the template variable $pack`,
	}
	for in, want := range cases {
		var qt struct {
			QueryType string `json:"queryType"`
		}
		_ = json.Unmarshal([]byte(in), &qt)
		if qt.QueryType == "" {
			qt.QueryType = QueryTypeLogs
		}
		_, err := ParseQuery(json.RawMessage(in), qt.QueryType, 10000)
		if assert.Error(t, err, in) {
			assert.Contains(t, err.Error(), want, in)
		}
	}
	_, err := ParseQuery(json.RawMessage(`{"query":"select count(*) as c from app-log where $__timeFilter"}`), QueryTypeProjectSQL, 10000)
	assert.NoError(t, err, "the service's own macros are not variables")
}
