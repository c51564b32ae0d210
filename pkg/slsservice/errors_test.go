package slsservice

import (
	"net/url"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
	"github.com/logbridge/cloudlogs/pkg/service/servicetest"
)

func TestSLSVendorErrorsAreKeptAndExplained(t *testing.T) {
	e := startSLSEmulator(t)
	cases := []struct {
		name      string
		settings  map[string]any
		secret    string
		queryType string
		model     map[string]any
		status    backend.Status
		want      []string
	}{
		{"LogStoreNotExist", nil, "", QueryTypeLogs, map[string]any{"logstore": "nope"}, 404,
			[]string{"SLS LogStoreNotExist:", "logstore nope does not exist — pick an existing logstore in the query editor"}},
		{"InvalidQueryString", nil, "", QueryTypeSQL, map[string]any{"logstore": "app-log", "query": "* | select count(*) from from"}, 400,
			[]string{"SLS InvalidQueryString:", "fix the query syntax"}},
		{"SignatureNotMatch", nil, "not-the-secret", QueryTypeLogs, map[string]any{"logstore": "app-log"}, 401,
			[]string{"SLS SignatureNotMatch:", "check the AccessKey ID and secret"}},
		{"Unauthorized", map[string]any{"accessKeyId": "AKIDunknown"}, "", QueryTypeLogs, map[string]any{"logstore": "app-log"}, 401,
			[]string{"SLS Unauthorized:", "AKIDunknown", "check the AccessKey ID and secret"}},
		{"ProjectNotExist", map[string]any{"project": "other-project"}, "", QueryTypeHistogram, map[string]any{"logstore": "app-log"}, 404,
			[]string{"SLS ProjectNotExist:", "check the project and the region endpoint"}},
		{"ParameterInvalid on project SQL", nil, "", QueryTypeProjectSQL, map[string]any{"query": "select nonsense( from x where $__timeFilter"}, 400,
			[]string{"SLS ", "fix the query syntax"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			secret := c.secret
			if secret == "" {
				secret = emulator.DemoKeySecret
			}
			ds := newSLSDatasourceWithSecret(t, e, c.settings, secret)
			r := runSLS(t, ds, slsRange(), c.queryType, c.model)
			require.Error(t, r.Error)
			for _, w := range c.want {
				assert.Contains(t, r.Error.Error(), w)
			}
			assert.Equal(t, c.status, r.Status)
			assert.Equal(t, backend.ErrorSourceDownstream, r.ErrorSource)
			assert.True(t, backend.IsDownstreamError(r.Error))
			assert.NotContains(t, r.Error.Error(), secret)
		})
	}
}

func TestSLSTransientFaultsAreRetried(t *testing.T) {
	e := startSLSEmulator(t)
	ds := newSLSDatasource(t, e, nil)
	svc := servicetest.State[*Service](ds)
	svc.client = svc.client.WithRetry(slsRetry(8, 1_000_000, 4_000_000))
	tr := backend.TimeRange{From: slsTestNow.Add(-6 * time.Hour), To: slsTestNow}
	model := map[string]any{"logstore": "nginx-access", "limit": 700}
	baseline := onlyFrame(t, runSLS(t, ds, tr, QueryTypeLogs, model))
	require.Equal(t, 700, baseline.Rows())

	for _, fault := range knobs.AllFaults {
		t.Run(string(fault), func(t *testing.T) {
			e.Knobs.Set(knobs.Settings{FaultRate: 0.4, Faults: []knobs.Fault{fault}})
			e.Knobs.ResetLog()
			f := onlyFrame(t, runSLS(t, ds, tr, QueryTypeLogs, model))
			require.Equal(t, baseline.Rows(), f.Rows())
			for row := 0; row < f.Rows(); row++ {
				require.Equal(t, baseline.Fields[3].At(row), f.Fields[3].At(row), "same lines in the same order")
			}
			injected := 0
			for _, req := range e.Knobs.Requests() {
				if req.Fault == fault {
					injected++
				}
			}
			assert.Greater(t, injected, 0, "the fault was injected and retried")
		})
	}
}

func TestSLSPersistentFaultFailsTheQuery(t *testing.T) {
	e := startSLSEmulator(t)
	ds := newSLSDatasource(t, e, nil)
	e.Knobs.Set(knobs.Settings{FaultRate: 1, Faults: []knobs.Fault{knobs.FaultBusy}})
	r := runSLS(t, ds, slsRange(), QueryTypeLogs, map[string]any{"logstore": "app-log", "limit": 500})
	require.Error(t, r.Error)
	assert.Contains(t, r.Error.Error(), "SLS ServerBusy")
	assert.Contains(t, r.Error.Error(), "try again later")
	assert.Empty(t, r.Frames, "no silently shortened result")
	assert.Equal(t, backend.ErrorSourceDownstream, r.ErrorSource)
}

func TestSLSUnreachableEndpoint(t *testing.T) {
	e := startSLSEmulator(t)
	u, _ := url.Parse(e.SLSURL)
	e.Close()
	ds := newSLSDatasource(t, e, map[string]any{"endpoint": "http://" + u.Host})
	r := runSLS(t, ds, slsRange(), QueryTypeLogs, map[string]any{"logstore": "app-log"})
	require.Error(t, r.Error)
	assert.Contains(t, r.Error.Error(), "cannot reach SLS at demo."+u.Host)
	assert.Contains(t, r.Error.Error(), "check the endpoint in the data source settings")
	assert.Equal(t, backend.StatusBadGateway, r.Status)

	h, err := ds.CheckHealth(t.Context(), &backend.CheckHealthRequest{})
	require.NoError(t, err)
	assert.Equal(t, backend.HealthStatusError, h.Status)
	assert.Contains(t, h.Message, "Cannot reach the SLS endpoint http://"+u.Host)
}
