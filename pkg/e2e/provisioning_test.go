package e2e

import (
	"encoding/json"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/logbridge/cloudlogs/pkg/emulator"
)

// The demo stack must show data at once: every provisioned data source passes
// its health check and every query of the provisioned dashboard (panels and
// annotations) answers with data. The compose network's host names
// (sls-emulator, scf-emulator, cls-emulator) are pointed at an emulator on
// loopback, so no query ever leaves the machine.
func TestProvisionedDataSourcesAndDashboard(t *testing.T) {
	e := startEmulator(t, emulator.Config{SLSLogs: 30_000, SCFInvocations: 3_000, Days: 2})
	p := plugin(t)

	var file struct {
		Datasources []struct {
			Name           string            `yaml:"name"`
			UID            string            `yaml:"uid"`
			Type           string            `yaml:"type"`
			JSONData       map[string]any    `yaml:"jsonData"`
			SecureJSONData map[string]string `yaml:"secureJsonData"`
		} `yaml:"datasources"`
	}
	b, err := os.ReadFile("../../provisioning/datasources/cloudlogs.yaml")
	require.NoError(t, err)
	require.NoError(t, yaml.Unmarshal(b, &file))
	require.Len(t, file.Datasources, 5)

	emulatorHost := map[string]string{"sls-emulator:8089": hostOf(t, e.SLSURL), "scf-emulator:8090": hostOf(t, e.SCFURL), "cls-emulator:8091": hostOf(t, e.CLSURL), "sts-emulator:8092": hostOf(t, e.STSURL)}
	byUID := map[string]backend.DataSourceInstanceSettings{}
	for _, ds := range file.Datasources {
		require.Equal(t, pluginID, ds.Type)
		for _, key := range []string{"endpoint", "clsEndpoint", "stsEndpoint"} {
			endpoint, ok := ds.JSONData[key].(string)
			if !ok {
				continue
			}
			for compose, local := range emulatorHost {
				endpoint = strings.Replace(endpoint, compose, local, 1)
			}
			ds.JSONData[key] = endpoint
		}
		ds.JSONData["requestsPerSecond"] = 1000
		s := newInstanceSettings(ds.Name, ds.JSONData, ds.SecureJSONData)
		byUID[ds.UID] = s

		h := p.health(t, s)
		assert.Equal(t, backend.HealthStatusOk, h.Status, "%s: %s", ds.Name, h.Message)
	}

	var dash struct {
		Panels []struct {
			Title      string               `json:"title"`
			Datasource struct{ UID string } `json:"datasource"`
			Targets    []map[string]any     `json:"targets"`
		} `json:"panels"`
		Annotations struct {
			List []struct {
				Name       string               `json:"name"`
				Datasource struct{ UID string } `json:"datasource"`
				Target     map[string]any       `json:"target"`
			} `json:"list"`
		} `json:"annotations"`
	}
	b, err = os.ReadFile("../../provisioning/dashboards/cloudlogs-demo.json")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &dash))

	now := time.Now()
	tr := backend.TimeRange{From: now.Add(-6 * time.Hour), To: now} // the dashboard's default range
	run := func(name, uid string, target map[string]any) {
		s, ok := byUID[uid]
		require.True(t, ok, "%s uses data source %s, which is not provisioned", name, uid)
		delete(target, "datasource")
		q := dataQuery("A", stringOf(target["queryType"]), tr, target)
		resp := p.query(t, s, tr, q)
		r := resp.Responses["A"]
		require.NoError(t, r.Error, name)
		require.NotEmpty(t, r.Frames, name)
		rows := 0
		for _, f := range r.Frames {
			rows += f.Rows()
		}
		assert.Positive(t, rows, "%s shows data", name)
		if uid == "cloudlogs-scf-demo" {
			assert.Contains(t, r.Frames[0].Meta.ExecutedQueryString, "CLS topic", "%s reads the function's logs from CLS", name)
		}
	}
	queries := 0
	for _, panel := range dash.Panels {
		for _, target := range panel.Targets {
			run(panel.Title, panel.Datasource.UID, target)
			queries++
		}
	}
	for _, a := range dash.Annotations.List {
		run("annotation "+a.Name, a.Datasource.UID, a.Target)
		queries++
	}
	assert.GreaterOrEqual(t, queries, 11)
}

func hostOf(t *testing.T, raw string) string {
	u, err := url.Parse(raw)
	require.NoError(t, err)
	return u.Host
}

func stringOf(v any) string {
	s, _ := v.(string)
	return s
}
