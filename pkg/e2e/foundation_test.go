package e2e

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
)

// Settings as a provisioning file would give them, with one mistake each.
func TestHealthReportsBadSettingsClearly(t *testing.T) {
	p := plugin(t)
	cases := []struct {
		name     string
		jsonData map[string]any
		secure   map[string]string
		want     []string
	}{
		{"missing service", map[string]any{"endpoint": "cn-hangzhou.log.aliyuncs.com"}, nil,
			[]string{"service is missing", `"sls"`, `"scf"`}},
		{"unknown service", map[string]any{"service": "elk"}, nil,
			[]string{`unknown service "elk"`}},
		{"sls without project and secret", map[string]any{"service": "sls", "endpoint": "cn-hangzhou.log.aliyuncs.com", "accessKeyId": "id"}, nil,
			[]string{"project is missing", "accessKeySecret is missing"}},
		{"sls bad endpoint", map[string]any{"service": "sls", "endpoint": "ftp://x", "project": "demo", "accessKeyId": "id"}, map[string]string{"accessKeySecret": "s3cret-value"},
			[]string{"must use http or https"}},
		{"scf bad zone and timeout", map[string]any{"service": "scf", "region": "ap-guangzhou", "secretId": "id", "timezone": "Mars/Olympus", "timeoutSeconds": 0}, map[string]string{"secretKey": "k3y-value"},
			[]string{`timezone "Mars/Olympus"`, "timeoutSeconds must be a positive"}},
		{"scf unknown api version", map[string]any{"service": "scf", "apiVersion": "v9", "region": "ap-guangzhou", "secretId": "id"}, map[string]string{"secretKey": "k3y-value"},
			[]string{`unknown apiVersion "v9"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := p.health(t, newInstanceSettings(tc.name, tc.jsonData, tc.secure))
			assert.Equal(t, backend.HealthStatusError, res.Status)
			for _, w := range tc.want {
				assert.Contains(t, res.Message, w)
			}
		})
	}
}

// One request, three queries: a query type nobody knows, a query type of the
// other service, and a good query. The bad ones fail alone.
func TestUnknownQueryTypeFailsAlone(t *testing.T) {
	p := plugin(t)
	e := startEmulator(t, emulator.Config{SLSLogs: 5000, SCFInvocations: 200, Days: 1})
	settings := slsSettings(e, nil)
	now := time.Now()
	tr := backend.TimeRange{From: now.Add(-time.Hour), To: now}

	resp := p.query(t, settings, tr,
		dataQuery("A", "bogusType", tr, map[string]any{"logstore": "nginx-access"}),
		dataQuery("B", "scfLogs", tr, map[string]any{"functionName": "hello-node"}),
		dataQuery("C", "slsLogs", tr, map[string]any{"logstore": "nginx-access", "query": "*", "limit": 20}),
	)
	require.Len(t, resp.Responses, 3)

	a := resp.Responses["A"]
	require.Error(t, a.Error)
	assert.Contains(t, a.Error.Error(), `unknown query type "bogusType"`)
	assert.Contains(t, a.Error.Error(), "slsLogs")
	assert.Equal(t, backend.ErrorSourceDownstream, a.ErrorSource)

	b := resp.Responses["B"]
	require.Error(t, b.Error)
	assert.Contains(t, b.Error.Error(), "needs a Tencent SCF data source")

	c := resp.Responses["C"]
	require.NoError(t, c.Error)
	require.NotEmpty(t, c.Frames)
	rows, err := c.Frames[0].RowLen()
	require.NoError(t, err)
	assert.Equal(t, 20, rows, "the good query still answers with its 20 lines")
}

// A sentinel secret must never leave the plugin: not in health messages,
// query errors, frames, resource bodies or the plugin's own log output.
func TestSecretsNeverLeak(t *testing.T) {
	p := plugin(t)
	e := startEmulator(t, emulator.Config{SLSLogs: 2000, SCFInvocations: 200, Days: 1})
	const sentinel = "SENTINEL-7f3a9c-secret-value"
	now := time.Now()
	tr := backend.TimeRange{From: now.Add(-time.Hour), To: now}

	var seen []string
	check := func(s backend.DataSourceInstanceSettings, queries ...backend.DataQuery) {
		h := p.health(t, s)
		seen = append(seen, h.Message, string(h.JSONDetails))
		resp := p.query(t, s, tr, queries...)
		b, err := json.Marshal(resp)
		require.NoError(t, err)
		seen = append(seen, string(b))
		for _, r := range resp.Responses {
			if r.Error != nil {
				seen = append(seen, r.Error.Error())
			}
		}
		for _, path := range []string{"logstores", "fields?logstore=nginx-access", "functions?namespace=default", "namespaces", "topics", "logsets"} {
			_, body := p.resource(t, s, path)
			seen = append(seen, string(body))
		}
	}

	// A wrong secret (the sentinel) makes the vendor reject the signature.
	sls := slsSettings(e, nil)
	sls.DecryptedSecureJSONData = map[string]string{"accessKeySecret": sentinel, "securityToken": sentinel + "-token"}
	check(sls,
		dataQuery("A", "slsLogs", tr, map[string]any{"logstore": "nginx-access"}),
		dataQuery("B", "slsSql", tr, map[string]any{"logstore": "nginx-access", "query": "* | select count(*) as c"}))

	scf := scfSettings(e, "v3", nil)
	scf.DecryptedSecureJSONData = map[string]string{"secretKey": sentinel, "sessionToken": sentinel + "-token"}
	check(scf, dataQuery("A", "scfLogs", tr, map[string]any{"functionName": "hello-node"}))

	scfCLS := scfSettings(e, "v3", map[string]any{"logSource": "cls"})
	scfCLS.DecryptedSecureJSONData = map[string]string{"secretKey": sentinel, "sessionToken": sentinel + "-token"}
	check(scfCLS, dataQuery("A", "scfMetrics", tr, map[string]any{"functionName": "hello-node"}))

	cls := clsSettings(e)
	cls.DecryptedSecureJSONData = map[string]string{"secretKey": sentinel, "sessionToken": sentinel + "-token"}
	check(cls, dataQuery("A", "clsLogs", tr, map[string]any{"topicId": "7e6d5c4b-3a29-4180-b7c6-d5e4f3a2b1c0"}),
		dataQuery("B", "clsSql", tr, map[string]any{"topicId": "7e6d5c4b-3a29-4180-b7c6-d5e4f3a2b1c0", "query": "* | select count(*) as c"}))

	scf2 := scfSettings(e, "v2", nil)
	scf2.DecryptedSecureJSONData = map[string]string{"secretKey": sentinel}
	check(scf2, dataQuery("A", "scfInvocations", tr, map[string]any{"functionName": "hello-node"}))

	// Settings that are invalid for another reason still hold the secret.
	bad := newInstanceSettings("bad", map[string]any{"service": "sls", "endpoint": "%zz"}, map[string]string{"accessKeySecret": sentinel})
	check(bad, dataQuery("A", "slsLogs", tr, map[string]any{"logstore": "x"}))

	seen = append(seen, p.logs.String())
	for _, s := range seen {
		assert.False(t, strings.Contains(s, sentinel), "secret leaked in: %.300s", s)
	}
	// The checks above did run against real answers.
	assert.NotEmpty(t, strings.Join(seen, ""))
}
