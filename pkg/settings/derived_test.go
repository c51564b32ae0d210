package settings

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/derived_defaults.json")

func slsWith(t *testing.T, derived any) (Settings, error) {
	t.Helper()
	jd := map[string]any{"service": "sls", "endpoint": "http://127.0.0.1:1", "project": "demo-project", "accessKeyId": "id"}
	if derived != nil {
		jd["derivedFields"] = derived
	}
	b, err := json.Marshal(jd)
	require.NoError(t, err)
	return LoadSettings(backend.DataSourceInstanceSettings{UID: "self-uid", JSONData: b,
		DecryptedSecureJSONData: map[string]string{"accessKeySecret": "s"}})
}

func TestDerivedFieldsDefaultWhenAbsentAndNoneWhenEmpty(t *testing.T) {
	s, err := slsWith(t, nil)
	require.NoError(t, err)
	require.Len(t, s.DerivedFields, 3)
	assert.Equal(t, DerivedField{Name: "trace_id", MatcherType: "label", MatcherRegex: "trace_id",
		URL: `trace_id: "${__value.raw}"`, URLDisplayLabel: "Lines with this trace_id", DatasourceUID: "self-uid"}, s.DerivedFields[0])

	s, err = slsWith(t, []any{})
	require.NoError(t, err)
	assert.Empty(t, s.DerivedFields, "an empty list turns the default links off")
}

func TestDerivedFieldsRowsAreReadAndTrimmed(t *testing.T) {
	s, err := slsWith(t, []map[string]any{
		{"name": " traceID ", "matcherRegex": `traceID=(\w+)`, "url": "${__value.raw}", "datasourceUid": "tempo", "urlDisplayLabel": "Trace"},
		{"name": "user", "matcherType": "Label", "matcherRegex": "user_id", "url": "https://crm.example/u/${__value.raw}"},
		{"name": "plain", "matcherType": "regex", "matcherRegex": `order=(\d+)`},
	})
	require.NoError(t, err)
	assert.Equal(t, []DerivedField{
		{Name: "traceID", MatcherType: "regex", MatcherRegex: `traceID=(\w+)`, URL: "${__value.raw}", URLDisplayLabel: "Trace", DatasourceUID: "tempo"},
		{Name: "user", MatcherType: "label", MatcherRegex: "user_id", URL: "https://crm.example/u/${__value.raw}"},
		{Name: "plain", MatcherType: "regex", MatcherRegex: `order=(\d+)`},
	}, s.DerivedFields)
}

func TestDerivedFieldsBadRowsNameTheRow(t *testing.T) {
	cases := []struct {
		row  map[string]any
		want string
	}{
		{map[string]any{"name": "t", "matcherRegex": "(unclosed"},
			`settings: derivedFields[1] ("t"): matcherRegex "(unclosed" is not a valid regular expression (RE2 syntax, as Go reads it): error parsing regexp: missing closing ): ` + "`(unclosed`"},
		{map[string]any{"name": "t", "matcherRegex": `(?<=x)(\w+)`},
			`settings: derivedFields[1] ("t"): matcherRegex "(?<=x)(\\w+)" is not a valid regular expression (RE2 syntax, as Go reads it): error parsing regexp: invalid named capture: ` + "`(?<=x)(\\w+)`" +
				`; RE2 has no lookahead, lookbehind or backreferences: match the text around the value instead, e.g. traceID=(\w+)`},
		{map[string]any{"name": "t", "matcherRegex": `traceID=\w+`},
			`settings: derivedFields[1] ("t"): matcherRegex "traceID=\\w+" has no capture group; put parentheses around the value to take, e.g. traceID=(\w+)`},
		{map[string]any{"matcherRegex": `a(b)`},
			`settings: derivedFields[1]: name is missing; it names the field shown with each log line`},
		{map[string]any{"name": "body", "matcherRegex": `a(b)`},
			`settings: derivedFields[1] ("body"): name "body" is a field every logs frame has (timestamp, body, severity, id, labels); choose another`},
		{map[string]any{"name": "t", "matcherType": "label"},
			`settings: derivedFields[1] ("t"): matcherRegex is missing; for the label type it is the name of the label to take the value from`},
		{map[string]any{"name": "t", "matcherType": "json", "matcherRegex": "x"},
			`settings: derivedFields[1] ("t"): matcherType "json" is unknown; use "regex" (a regex on the line) or "label" (a label's value)`},
		{map[string]any{"name": "t", "matcherRegex": "a(b)", "datasourceUid": "tempo"},
			`settings: derivedFields[1] ("t"): url is missing; an internal link needs the query to run in the linked data source, e.g. ${__value.raw}`},
		{map[string]any{"name": "t", "matcherRegex": "a(b)", "url": "javascript:alert(1)"},
			`settings: derivedFields[1] ("t"): url must be an http or https address or a path in Grafana, not a javascript: link`},
		{map[string]any{"name": "ok", "matcherRegex": "a(b)"},
			`settings: derivedFields[1] ("ok"): name is also used by derivedFields[0]; give each derived field its own name`},
	}
	for _, c := range cases {
		_, err := slsWith(t, []map[string]any{{"name": "ok", "matcherRegex": "a(b)"}, c.row})
		require.Error(t, err, c.want)
		assert.Equal(t, c.want, err.Error())
	}

	_, err := slsWith(t, map[string]any{"name": "x"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "settings: derivedFields must be a list of {name, matcherType, matcherRegex, url, urlDisplayLabel, datasourceUid}")

	many := make([]map[string]any, MaxDerivedFields+1)
	for i := range many {
		many[i] = map[string]any{"name": string(rune('a' + i)), "matcherRegex": "(x)"}
	}
	_, err = slsWith(t, many)
	assert.EqualError(t, err, "settings: derivedFields has 21 rows; at most 20 are allowed")
}

func TestDerivedFieldsAllowWebAndGrafanaLinks(t *testing.T) {
	for _, u := range []string{"https://t.example/${__value.raw}", "http://x", "/explore?left=${__value.raw}", "${__value.raw}", "trace:${__value.raw}x"} {
		_, err := slsWith(t, []map[string]any{{"name": "t", "matcherRegex": "(x)", "url": u}})
		if u == "trace:${__value.raw}x" {
			assert.Error(t, err, "an unknown scheme is refused")
			continue
		}
		assert.NoError(t, err, u)
	}
}

// The defaults of every service, as testdata/derived_defaults.json holds
// them; the editor's own copy (src/derivedFields.ts) is checked against the
// same file by jest, so the two never drift.
func TestDerivedFieldsDefaultsGolden(t *testing.T) {
	got := map[string][]DerivedField{}
	for _, svc := range []string{ServiceSLS, ServiceSCF, ServiceCLS} {
		got[svc] = DefaultDerivedFields(svc, "self-uid")
	}
	b, err := json.MarshalIndent(got, "", "  ")
	require.NoError(t, err)
	b = append(b, '\n')
	path := filepath.Join("testdata", "derived_defaults.json")
	if *update {
		require.NoError(t, os.WriteFile(path, b, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(b))
}
