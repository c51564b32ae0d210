package models

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func scfSettings(version string) Settings {
	return Settings{Service: ServiceSCF, MaxRows: 5000, SCF: SCFSettings{APIVersion: version, Namespace: "prod"}}
}

func TestParseSCFQueryAppliesEveryDefault(t *testing.T) {
	q, err := ParseSCFQuery(json.RawMessage(`{}`), "", scfSettings(SCFAPIv3))
	require.NoError(t, err)
	assert.Equal(t, SCFQuery{QueryType: QueryTypeSCFLogs, Namespace: "prod", OrderBy: "startTime", Desc: true, Limit: 1000, Metrics: SCFMetrics}, q)
}

func TestParseSCFQueryReadsEveryField(t *testing.T) {
	raw := `{"queryType":"scfInvocations","functionName":" hello ","namespace":"ns","qualifier":"$LATEST","filter":{"retCode":"not0"},
		"orderBy":"mem_usage","order":"acs","requestId":"r-1","limit":"20","offset":5,"metrics":["errors","errorRate","errors"],"logVolume":true}`
	q, err := ParseSCFQuery(json.RawMessage(raw), "", scfSettings(SCFAPIv3))
	require.NoError(t, err)
	assert.Equal(t, SCFQuery{QueryType: QueryTypeSCFInvocations, FunctionName: "hello", Namespace: "ns", Qualifier: "$LATEST", RetCode: "not0",
		OrderBy: "memUsage", Desc: false, RequestID: "r-1", Limit: 20, Offset: 5, Metrics: []string{"errors", "errorRate"}, LogVolume: true}, q)
}

func TestParseSCFQueryTheRequestQueryTypeWins(t *testing.T) {
	q, err := ParseSCFQuery(json.RawMessage(`{"queryType":"scfLogs"}`), QueryTypeSCFMetrics, scfSettings(SCFAPIv3))
	require.NoError(t, err)
	assert.Equal(t, QueryTypeSCFMetrics, q.QueryType)
}

func TestParseSCFQueryCapsLimitAtMaxRows(t *testing.T) {
	q, err := ParseSCFQuery(json.RawMessage(`{"limit":100000}`), "", scfSettings(SCFAPIv3))
	require.NoError(t, err)
	assert.Equal(t, 5000, q.Limit)
	assert.True(t, q.LimitCapped)
}

func TestParseSCFQueryRejectsBadInputWithWhatToFix(t *testing.T) {
	cases := map[string]struct {
		raw, version, want string
	}{
		"retCode":           {`{"filter":{"retCode":"bad"}}`, SCFAPIv3, `filter.retCode "bad" is not valid; use "" (all), "not0" (errors only) or "is0" (successes only)`},
		"orderBy":           {`{"orderBy":"size"}`, SCFAPIv3, `orderBy "size" is not valid; use one of startTime, functionName, requestId, duration, memUsage`},
		"order":             {`{"order":"up"}`, SCFAPIv3, `order "up" is not valid; use "desc" or "asc"`},
		"limit":             {`{"limit":0}`, SCFAPIv3, "limit must be a positive whole number, got 0"},
		"offset":            {`{"offset":-1}`, SCFAPIv3, "offset must be a whole number of at least 0, got -1"},
		"metric":            {`{"metrics":["p42"]}`, SCFAPIv3, `metric "p42" is not known`},
		"v2 function":       {`{}`, SCFAPIv2, "functionName is required with the legacy v2 API"},
		"v2 qualifier":      {`{"functionName":"f","qualifier":"1"}`, SCFAPIv2, "qualifier is not supported by the legacy v2 API"},
		"v2 v3-only filter": {`{"functionName":"f","filter":{"retCode":"TimeLimitExceeded"}}`, SCFAPIv2, "needs API 3.0"},
		"json":              {`{"limit":`, SCFAPIv3, "query is not valid JSON"},
		"type":              {`{"queryType":"slsLogs"}`, SCFAPIv3, `queryType "slsLogs" is not an SCF query type`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := ParseSCFQuery(json.RawMessage(c.raw), "", scfSettings(c.version))
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}
