package scfservice

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/settings"
)

func scfSettings(version string) settings.Settings {
	return settings.Settings{Service: settings.ServiceSCF, MaxRows: 5000, SCF: settings.SCFSettings{APIVersion: version, Namespace: "prod"}}
}

func TestParseSCFQueryAppliesEveryDefault(t *testing.T) {
	q, err := ParseQuery(json.RawMessage(`{}`), "", scfSettings(settings.SCFAPIv3))
	require.NoError(t, err)
	assert.Equal(t, Query{QueryType: QueryTypeLogs, Namespace: "prod", OrderBy: "startTime", Desc: true, Limit: 1000, Metrics: Metrics}, q)
}

func TestParseSCFQueryReadsEveryField(t *testing.T) {
	raw := `{"queryType":"scfInvocations","functionName":" hello ","namespace":"ns","qualifier":"$LATEST","filter":{"retCode":"not0"},
		"orderBy":"mem_usage","order":"acs","requestId":"r-1","limit":"20","offset":5,"metrics":["errors","errorRate","errors"],"logVolume":true}`
	q, err := ParseQuery(json.RawMessage(raw), "", scfSettings(settings.SCFAPIv3))
	require.NoError(t, err)
	assert.Equal(t, Query{QueryType: QueryTypeInvocations, FunctionName: "hello", Namespace: "ns", Qualifier: "$LATEST", RetCode: "not0",
		OrderBy: "memUsage", Desc: false, RequestID: "r-1", Limit: 20, Offset: 5, Metrics: []string{"errors", "errorRate"}, LogVolume: true}, q)
}

func TestParseSCFQueryTheRequestQueryTypeWins(t *testing.T) {
	q, err := ParseQuery(json.RawMessage(`{"queryType":"scfLogs"}`), QueryTypeMetrics, scfSettings(settings.SCFAPIv3))
	require.NoError(t, err)
	assert.Equal(t, QueryTypeMetrics, q.QueryType)
}

func TestParseSCFQueryCapsLimitAtMaxRows(t *testing.T) {
	q, err := ParseQuery(json.RawMessage(`{"limit":100000}`), "", scfSettings(settings.SCFAPIv3))
	require.NoError(t, err)
	assert.Equal(t, 5000, q.Limit)
	assert.True(t, q.LimitCapped)
}

func TestParseSCFQueryRejectsBadInputWithWhatToFix(t *testing.T) {
	cases := map[string]struct {
		raw, version, want string
	}{
		"retCode":           {`{"filter":{"retCode":"bad"}}`, settings.SCFAPIv3, `filter.retCode "bad" is not valid; use "" (all), "not0" (errors only) or "is0" (successes only)`},
		"orderBy":           {`{"orderBy":"size"}`, settings.SCFAPIv3, `orderBy "size" is not valid; use one of startTime, functionName, requestId, duration, memUsage`},
		"order":             {`{"order":"up"}`, settings.SCFAPIv3, `order "up" is not valid; use "desc" or "asc"`},
		"limit":             {`{"limit":0}`, settings.SCFAPIv3, "limit must be a positive whole number, got 0"},
		"offset":            {`{"offset":-1}`, settings.SCFAPIv3, "offset must be a whole number of at least 0, got -1"},
		"metric":            {`{"metrics":["p42"]}`, settings.SCFAPIv3, `metric "p42" is not known`},
		"v2 function":       {`{}`, settings.SCFAPIv2, "functionName is required with the legacy v2 API"},
		"v2 qualifier":      {`{"functionName":"f","qualifier":"1"}`, settings.SCFAPIv2, "qualifier is not supported by the legacy v2 API"},
		"v2 v3-only filter": {`{"functionName":"f","filter":{"retCode":"TimeLimitExceeded"}}`, settings.SCFAPIv2, "needs API 3.0"},
		"json":              {`{"limit":`, settings.SCFAPIv3, "the query JSON is not valid"},
		"type":              {`{"queryType":"slsLogs"}`, settings.SCFAPIv3, `queryType "slsLogs" is not an SCF query type`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := ParseQuery(json.RawMessage(c.raw), "", scfSettings(c.version))
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}
