package e2e

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/clsemu"
	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
	"github.com/logbridge/cloudlogs/pkg/emulator/stsemu"
)

// withRole is the jsonData of a data source that assumes the emulator's demo role of
// its vendor instead of signing with the long-lived keys.
func withRole(e *emulator.Emulator, arn string, extra map[string]any) map[string]any {
	j := map[string]any{"roleArn": arn, "stsEndpoint": e.STSURL, "roleSessionName": "grafana-e2e"}
	for k, v := range extra {
		j[k] = v
	}
	return j
}

// An SLS data source with a role: the executable assumes it once, queries
// with the temporary keys, and reuses them for the next query and the
// health check.
func TestSLSWithAssumedRoleOverGRPC(t *testing.T) {
	e := startEmulator(t, emulator.Config{SLSLogs: 20_000, SCFInvocations: 10, CLSLogs: -1, Days: 2, Now: func() time.Time { return slsE2ENow }})
	s := slsSettings(e, withRole(e, stsemu.DemoAlibabaRoleArn, nil))
	p := plugin(t)
	tr := backend.TimeRange{From: slsE2ENow.Add(-time.Hour), To: slsE2ENow}
	resp := p.query(t, s, tr, dataQuery("count", "slsSql", tr, map[string]any{"logstore": "app-log", "query": "* | select count(*) as c"}))
	total := sumField(frameOf(t, resp, "count").Fields[0])
	require.Greater(t, total, 0.0)
	resp = p.query(t, s, tr, dataQuery("logs", "slsLogs", tr, map[string]any{"logstore": "app-log", "limit": 50}))
	assert.Equal(t, min(int(total), 50), frameOf(t, resp, "logs").Rows())
	assert.Equal(t, backend.HealthStatusOk, p.health(t, s).Status)
	alibaba, tencent := e.STS.Issued()
	assert.Equal(t, int64(1), alibaba, "one AssumeRole for the instance, cached across queries")
	assert.Equal(t, int64(0), tencent)
	assert.Greater(t, e.TempKeys.Len(), 0)

	// The same data source assuming a role that does not exist: the STS's
	// code and the role reach the query's error.
	bad := slsSettings(e, withRole(e, "acs:ram::1234567890123456:role/missing", nil))
	resp = p.query(t, bad, tr, dataQuery("logs", "slsLogs", tr, map[string]any{"logstore": "app-log", "limit": 5}))
	r := resp.Responses["logs"]
	require.Error(t, r.Error)
	assert.Contains(t, r.Error.Error(), "EntityNotExist.Role")
	assert.Contains(t, r.Error.Error(), "acs:ram::1234567890123456:role/missing")
	assert.Equal(t, backend.StatusUnauthorized, r.Status)
	assert.NotContains(t, r.Error.Error(), e.Config.KeySecret)
}

// One SLS query whose pages outlast the temporary keys (2 s keys, 200 ms
// per request, one page at a time): the executable renews them between
// pages and the query returns every line.
func TestSLSQuerySpansACredentialRefreshOverGRPC(t *testing.T) {
	e := startEmulator(t, emulator.Config{SLSLogs: 20_000, SCFInvocations: 10, CLSLogs: -1, Days: 2, STSLifetime: 2 * time.Second,
		Now: func() time.Time { return slsE2ENow }})
	s := slsSettings(e, withRole(e, stsemu.DemoAlibabaRoleArn, map[string]any{"concurrency": 1}))
	p := plugin(t)
	tr := backend.TimeRange{From: slsE2ENow.Add(-24 * time.Hour), To: slsE2ENow}
	count := p.query(t, s, tr, dataQuery("count", "slsSql", tr, map[string]any{"logstore": "app-log", "query": "* | select count(*) as c"}))
	total := int(sumField(frameOf(t, count, "count").Fields[0]))
	require.Greater(t, total, 1500)

	e.Knobs.Set(knobs.Settings{Latency: 200 * time.Millisecond})
	before, _ := e.STS.Issued()
	start := time.Now()
	resp := p.query(t, s, tr, dataQuery("logs", "slsLogs", tr, map[string]any{"logstore": "app-log", "limit": 1500}))
	took := time.Since(start)
	assert.Equal(t, 1500, frameOf(t, resp, "logs").Rows(), "every page answered")
	after, _ := e.STS.Issued()
	assert.Greater(t, took, 2*time.Second, "the query outlasted one set of keys")
	assert.GreaterOrEqual(t, after-before, int64(1), "keys renewed while the query ran")
	assertNoUnauthorized(t, e)
}

// Tencent: a CLS data source and an SCF (legacy v2 API, Token parameter)
// data source with a role, and a CLS query of several SearchLog calls
// that outlasts its keys.
func TestTencentWithAssumedRoleOverGRPC(t *testing.T) {
	e := startEmulator(t, emulator.Config{SLSLogs: 10, SCFInvocations: 500, CLSLogs: 20_000, Days: 1, SCFRequestsPerSecond: -1,
		STSLifetime: 2 * time.Second, Now: func() time.Time { return clsE2ENow }})
	p := plugin(t)
	tr := backend.TimeRange{From: clsE2ENow.Add(-24 * time.Hour), To: clsE2ENow}

	v2 := scfSettings(e, "v2", withRole(e, stsemu.DemoTencentRoleArn, nil))
	resp := p.query(t, v2, tr, dataQuery("inv", "scfLogs", tr, map[string]any{"functionName": "order-api", "limit": 20}))
	assert.Greater(t, frameOf(t, resp, "inv").Rows(), 0)

	cls := clsSettings(e)
	// One search at a time (no parts read at once), so that the query's
	// pages outlast one set of keys whatever the machine's speed.
	cls = newInstanceSettings("CLS role e2e", mergeJSON(t, cls, withRole(e, stsemu.DemoTencentRoleArn, map[string]any{"topicConcurrency": 1})), cls.DecryptedSecureJSONData)
	e.Knobs.Set(knobs.Settings{Latency: 800 * time.Millisecond})
	_, before := e.STS.Issued()
	start := time.Now()
	resp = p.query(t, cls, tr, dataQuery("logs", "clsLogs", tr, map[string]any{"topicId": clsemu.DemoAppTopicID, "limit": 4000}))
	took := time.Since(start)
	assert.Equal(t, 4000, frameOf(t, resp, "logs").Rows())
	_, after := e.STS.Issued()
	assert.Greater(t, took, 2*time.Second)
	assert.GreaterOrEqual(t, after-before, int64(1), "keys renewed while the query ran")
	assertNoUnauthorized(t, e)
}

// assertNoUnauthorized checks that SLS refused no request: keys renewed too
// late would show as a 401. (Tencent refuses with 200 and
// AuthFailure.TokenFailure, which fails the query itself.)
func assertNoUnauthorized(t *testing.T, e *emulator.Emulator) {
	t.Helper()
	for _, r := range e.Knobs.Requests() {
		assert.NotEqual(t, http.StatusUnauthorized, r.Status, "%s %s", r.Service, r.Path)
	}
}

func mergeJSON(t *testing.T, s backend.DataSourceInstanceSettings, extra map[string]any) map[string]any {
	t.Helper()
	j := map[string]any{}
	require.NoError(t, json.Unmarshal(s.JSONData, &j))
	for k, v := range extra {
		j[k] = v
	}
	return j
}

// A gateway in front of the vendor echoing the session token back: the
// assumed role's temporary token (and secret) are scrubbed from every
// answer and log line, as secureJsonData is.
func TestAssumedRoleTokenNeverLeaksOverGRPC(t *testing.T) {
	e := startEmulator(t, emulator.Config{SLSLogs: 10, SCFInvocations: 10, CLSLogs: -1, Days: 1})
	g := startEchoGateway(t)
	p := plugin(t)
	now := time.Now()
	tr := backend.TimeRange{From: now.Add(-time.Hour), To: now}
	tencentRole := withRole(e, stsemu.DemoTencentRoleArn, nil)
	secure := map[string]string{"secretKey": e.Config.KeySecret}
	sources := map[string]backend.DataSourceInstanceSettings{
		"slsLogs": slsSettings(e, withRole(e, stsemu.DemoAlibabaRoleArn, map[string]any{"endpoint": g.srv.URL})),
		"clsLogs": newInstanceSettings("echo CLS role", mergeMaps(tencentRole, map[string]any{"service": "cls", "endpoint": g.srv.URL,
			"region": "ap-guangzhou", "secretId": e.Config.KeyID}), secure),
		"scfLogs": newInstanceSettings("echo SCF v2 role", mergeMaps(tencentRole, map[string]any{"service": "scf", "apiVersion": "v2",
			"endpoint": g.srv.URL, "region": "ap-guangzhou", "secretId": e.Config.KeyID, "requestsPerSecond": 1000}), secure),
	}
	model := map[string]any{"logstore": "app-log", "topicId": "topic-1", "functionName": "hello-node"}
	var answers []string
	for _, kind := range []string{"vendor", "page"} {
		g.set("raw", kind)
		for queryType, s := range sources {
			resp := p.query(t, s, tr, dataQuery("A", queryType, tr, model))
			r := resp.Responses["A"]
			require.Error(t, r.Error, queryType)
			answers = append(answers, r.Error.Error())
			h := p.health(t, s)
			answers = append(answers, h.Message)
		}
	}
	echoes := 0
	for _, a := range answers {
		if strings.Contains(a, "gateway echo token=") {
			echoes++
		}
	}
	require.GreaterOrEqual(t, echoes, 6, "the echo reached the user (scrubbed)")
	issued := e.TempKeys.All()
	alibaba, tencent := e.STS.Issued()
	require.Equal(t, int64(1), alibaba)
	require.Equal(t, int64(2), tencent, "one per Tencent data source")
	for _, text := range append(answers, strings.Split(p.logs.String(), "\n")...) {
		for _, k := range issued {
			for name, form := range tokenForms(k.Token) {
				assert.NotContains(t, text, form, "temporary token (%s)", name)
			}
			assert.NotContains(t, text, k.Secret, "temporary secret")
		}
	}
}

func mergeMaps(a, b map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}
