package querytext

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestUnresolvedVariableFindsEveryGrafanaForm(t *testing.T) {
	cases := map[string]string{
		"status: $status":                              "$status",
		"status: ${status}":                            "${status}",
		"status in (${status:csv})":                    "${status:csv}",
		"host: ${server.name}":                         "${server.name}",
		"level: [[level]]":                             "[[level]]",
		"level: [[level:lucene]]":                      "[[level:lucene]]",
		"* | select * where status = '$status'":        "$status", // inside an SQL string: the usual way to template SQL
		"$service":                                     "$service",
		"* | select count(*) where $__timeFilter":      "",   // a macro the service expands
		"* | select $__interval_s as s, $__timeFrom()": "",   // macros
		"${__from:date:seconds}":                       "",   // Grafana's global, expanded by SLS
		"* | select regexp_replace(a, '(x)', '$1')":    "",   // a back-reference
		"* | select json_extract(body, '$.a.b')":       "",   // a JSON path
		"price: 5$":                                    "",   // a dollar sign alone
		`text: \$literal`:                              "",   // escaped
		"* | select regexp_like(a, '[[:alpha:]]+')":    "",   // a character class
		"error and $a and $b":                          "$a", // the first one
		"":                                             "",
	}
	for in, want := range cases {
		assert.Equal(t, want, UnresolvedVariable(in), in)
	}
}

func TestVariablesErrorNamesFieldAndVariable(t *testing.T) {
	err := VariablesError(Field{Name: "logstore", Text: "app-log"}, Field{Name: "query", Text: "status: $status"})
	assert.EqualError(t, err, `"query" holds the template variable $status, which Grafana did not replace: define it on the dashboard, or write the value itself (alert rules have no dashboard variables)`)
	assert.NoError(t, VariablesError(Field{Name: "query", Text: "* | select count(*) as c where $__timeFilter"}))
}
