package scfservice

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
	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
	"github.com/logbridge/cloudlogs/pkg/scf"
	"github.com/logbridge/cloudlogs/pkg/service/servicetest"
	"github.com/logbridge/cloudlogs/pkg/settings"
)

const wrongSecret = "definitely-not-the-secret-0042"

// Each vendor error shape reaches the user with SCF's code and message, an
// actionable sentence, a downstream source, and never the secret.
func TestSCFErrorShapesAreKeptAndExplained(t *testing.T) {
	e := startSCFEmulator(t, emulator.Config{SCFInvocations: 200, Days: 1})
	from, to := scfNow.Add(-time.Hour), scfNow
	cases := []struct {
		name, version string
		overrides     map[string]any
		secret        string
		model         map[string]any
		status        backend.Status
		want          []string
	}{
		{"v3 bad key", settings.SCFAPIv3, nil, wrongSecret, map[string]any{"functionName": "hello-node"}, backend.StatusUnauthorized,
			[]string{"SCF AuthFailure.SignatureFailure:", "check the SecretKey"}},
		{"v2 bad key", settings.SCFAPIv2, nil, wrongSecret, map[string]any{"functionName": "hello-node"}, backend.StatusUnauthorized,
			[]string{"(4100)", "check the SecretKey", "签名"}},
		{"v3 unknown secret id", settings.SCFAPIv3, map[string]any{"secretId": "AKIDnobody"}, "", map[string]any{}, backend.StatusUnauthorized,
			[]string{"AuthFailure.SecretIdNotFound", "SecretId is unknown"}},
		{"v2 unknown secret id", settings.SCFAPIv2, map[string]any{"secretId": "AKIDnobody"}, "", map[string]any{"functionName": "hello-node"}, backend.StatusUnauthorized,
			[]string{"(4104)", "SecretId is unknown"}},
		{"v3 unknown function", settings.SCFAPIv3, nil, "", map[string]any{"functionName": "nope"}, backend.StatusNotFound,
			[]string{"SCF ResourceNotFound.Function: function nope not found in namespace default — check the function name and namespace", "SCF said:"}},
		{"v2 unknown function", settings.SCFAPIv2, nil, "", map[string]any{"functionName": "nope"}, backend.StatusNotFound,
			[]string{"ResourceNotFound.Function", "function nope not found in namespace default"}},
		{"v3 unknown qualifier", settings.SCFAPIv3, nil, "", map[string]any{"functionName": "hello-node", "qualifier": "7"}, backend.StatusNotFound,
			[]string{"ResourceNotFound.FunctionVersion", "check the version or alias"}},
		{"v3 unknown namespace", settings.SCFAPIv3, nil, "", map[string]any{"namespace": "ghost"}, backend.StatusNotFound,
			[]string{"ResourceNotFound.Namespace", "namespace ghost not found in region ap-guangzhou"}},
		{"v3 unknown region", settings.SCFAPIv3, map[string]any{"region": "ap-atlantis"}, "", map[string]any{}, backend.StatusBadRequest,
			[]string{"UnsupportedRegion", "region ap-atlantis is not valid"}},
		{"v2 unknown region", settings.SCFAPIv2, map[string]any{"region": "ap-atlantis"}, "", map[string]any{"functionName": "hello-node"}, backend.StatusBadRequest,
			[]string{"UnsupportedRegion", "region ap-atlantis is not valid"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds := scfDatasource(t, e, c.version, c.overrides, c.secret)
			r := scfQuery(ds, QueryTypeLogs, from, to, c.model)
			require.Error(t, r.Error)
			assert.Equal(t, backend.ErrorSourceDownstream, r.ErrorSource)
			assert.Equal(t, c.status, r.Status)
			for _, w := range c.want {
				assert.Contains(t, r.Error.Error(), w)
			}
			assert.NotContains(t, r.Error.Error(), wrongSecret)
			assert.NotContains(t, r.Error.Error(), e.Config.KeySecret)
		})
	}
}

func TestSCFBadQueryJSONSaysWhatToFix(t *testing.T) {
	e := startSCFEmulator(t, emulator.Config{SCFInvocations: 200, Days: 1})
	ds := scfDatasource(t, e, settings.SCFAPIv3, nil, "")
	r := scfQuery(ds, QueryTypeLogs, scfNow.Add(-time.Hour), scfNow, map[string]any{"order": "sideways"})
	require.Error(t, r.Error)
	assert.Equal(t, backend.StatusBadRequest, r.Status)
	assert.Equal(t, `order "sideways" is not valid; use "desc" or "asc"`, r.Error.Error())
}

// Throttling, 5xx (JSON and HTML), busy, truncated bodies and resets are
// retried: with faults on 40% of the requests the answer is complete
// and identical to a clean run.
func TestSCFFaultsAreRetriedWithoutLosingRows(t *testing.T) {
	e := startSCFEmulator(t, emulator.Config{SCFInvocations: 10000})
	from, to := scfNow.Add(-30*time.Hour), scfNow
	for _, v := range versions {
		ds := scfDatasource(t, e, v, map[string]any{"timeoutSeconds": 120}, "")
		// With 40% of requests failing, 4 attempts would still lose a page
		// now and then (0.4^4 per page); 10 quick attempts make the test
		// about retrying, not about luck.
		svc := servicetest.State[*Service](ds)
		svc.client = scf.New(scf.Config{
			HTTPClient: http.DefaultClient, Endpoint: svc.settings.Endpoint, APIVersion: svc.settings.SCF.APIVersion,
			Region: svc.settings.SCF.Region, SecretID: svc.settings.SCF.SecretID, SecretKey: svc.settings.SCF.SecretKey,
			Location: svc.settings.SCF.Location, RequestsPerSecond: svc.settings.SCF.RequestsPerSecond,
			Concurrency: svc.settings.Concurrency, MaxAttempts: 10, Backoff: 5 * time.Millisecond,
		})
		t.Cleanup(svc.client.Close)
		model := map[string]any{"functionName": "order-api", "limit": 3000}
		clean := scfQuery(ds, QueryTypeInvocations, from, to, model)
		require.NoError(t, clean.Error)
		e.Knobs.ResetLog()
		e.Knobs.Set(knobs.Settings{FaultRate: 0.4})
		faulty := scfQuery(ds, QueryTypeInvocations, from, to, model)
		e.Knobs.Set(knobs.Settings{})
		require.NoError(t, faulty.Error, v)
		assert.Equal(t, strColumn(t, clean.Frames[0], "requestId"), strColumn(t, faulty.Frames[0], "requestId"), v)
		var faults int
		reqs := e.Knobs.Requests()
		for _, r := range reqs {
			if r.Fault != "" {
				faults++
			}
		}
		assert.Greater(t, faults, 0, "%d requests", len(reqs))
		e.Knobs.ResetLog()
	}
}

// A page that keeps failing fails the query: no silently short result.
func TestSCFPersistentFailureFailsTheQuery(t *testing.T) {
	e := startSCFEmulator(t, emulator.Config{})
	for _, v := range versions {
		for _, fault := range []knobs.Fault{knobs.FaultThrottle, knobs.FaultServerError, knobs.FaultTruncate, knobs.FaultReset} {
			ds := scfDatasource(t, e, v, nil, "")
			e.Knobs.Set(knobs.Settings{FaultRate: 1, Faults: []knobs.Fault{fault}})
			r := scfQuery(ds, QueryTypeInvocations, scfNow.Add(-time.Hour), scfNow, map[string]any{"functionName": "hello-node"})
			e.Knobs.Set(knobs.Settings{})
			require.Error(t, r.Error, "%s %s", v, fault)
			assert.Empty(t, r.Frames)
			assert.Equal(t, backend.ErrorSourceDownstream, r.ErrorSource)
			msg := r.Error.Error()
			switch fault {
			case knobs.FaultThrottle:
				assert.Contains(t, msg, "RequestLimitExceeded")
				assert.Equal(t, backend.StatusTooManyRequests, r.Status)
			case knobs.FaultReset, knobs.FaultTruncate:
				assert.Contains(t, msg, "cannot reach SCF at http://127.0.0.1:")
			case knobs.FaultServerError:
				assert.Equal(t, backend.StatusBadGateway, r.Status)
			}
		}
	}
}

func TestSCFResources(t *testing.T) {
	e := startSCFEmulator(t, emulator.Config{SCFInvocations: 200, Days: 1})
	v3 := scfDatasource(t, e, settings.SCFAPIv3, nil, "")
	status, body := scfResource(t, v3, "functions?namespace=default")
	require.Equal(t, 200, status, string(body))
	var fns []map[string]string
	require.NoError(t, json.Unmarshal(body, &fns))
	require.Len(t, fns, 5)
	assert.Contains(t, fns, map[string]string{"name": "hello-node", "namespace": "default", "runtime": "Nodejs12.16", "status": "Active", "description": "helloworld blank template"})

	status, body = scfResource(t, v3, "functions?namespace=staging")
	require.Equal(t, 200, status)
	require.NoError(t, json.Unmarshal(body, &fns))
	assert.Len(t, fns, 2)

	status, body = scfResource(t, v3, "namespaces")
	require.Equal(t, 200, status)
	var nss []map[string]string
	require.NoError(t, json.Unmarshal(body, &nss))
	assert.Equal(t, []map[string]string{{"name": "default", "description": "默认命名空间"}, {"name": "staging", "description": "pre-release copies"}}, nss)

	status, body = scfResource(t, v3, "functions?namespace=ghost")
	assert.Equal(t, 404, status)
	assert.Contains(t, string(body), `"error":"SCF ResourceNotFound.Namespace`)

	v2 := scfDatasource(t, e, settings.SCFAPIv2, nil, "")
	status, body = scfResource(t, v2, "namespaces")
	require.Equal(t, 200, status)
	assert.JSONEq(t, `[{"name":"default","description":""}]`, string(body))
	status, body = scfResource(t, v2, "functions")
	require.Equal(t, 200, status, string(body))
	require.NoError(t, json.Unmarshal(body, &fns))
	require.Len(t, fns, 5)
	for _, f := range fns {
		assert.Equal(t, "default", f["namespace"])
		assert.NotEmpty(t, f["name"])
	}

	bad := scfDatasource(t, e, settings.SCFAPIv3, nil, wrongSecret)
	status, body = scfResource(t, bad, "functions")
	assert.Equal(t, 401, status)
	assert.Contains(t, string(body), "AuthFailure.SignatureFailure")
	assert.NotContains(t, string(body), wrongSecret)
}

func TestSCFHealth(t *testing.T) {
	e := startSCFEmulator(t, emulator.Config{SCFInvocations: 200, Days: 1})
	check := func(ds *servicetest.Instance) *backend.CheckHealthResult {
		r, err := ds.CheckHealth(t.Context(), &backend.CheckHealthRequest{})
		require.NoError(t, err)
		return r
	}
	ok := check(scfDatasource(t, e, settings.SCFAPIv3, nil, ""))
	assert.Equal(t, backend.HealthStatusOk, ok.Status)
	assert.Equal(t, "Connected to SCF ap-guangzhou, namespace default (5 functions)", ok.Message)
	ok2 := check(scfDatasource(t, e, settings.SCFAPIv2, nil, ""))
	assert.Equal(t, backend.HealthStatusOk, ok2.Status)
	assert.Equal(t, "Connected to SCF ap-guangzhou (legacy v2 API), namespace default (5 functions)", ok2.Message)
	staging := check(scfDatasource(t, e, settings.SCFAPIv3, map[string]any{"namespace": "staging"}, ""))
	assert.Equal(t, "Connected to SCF ap-guangzhou, namespace staging (2 functions)", staging.Message)

	for name, c := range map[string]struct {
		version   string
		overrides map[string]any
		secret    string
		want      string
	}{
		"v3 bad key":  {settings.SCFAPIv3, nil, wrongSecret, "SCF rejected the keys: SCF AuthFailure.SignatureFailure"},
		"v2 bad key":  {settings.SCFAPIv2, nil, wrongSecret, "SCF rejected the keys: SCF AuthFailure.SignatureFailure (4100)"},
		"v2 bad id":   {settings.SCFAPIv2, map[string]any{"secretId": "AKIDnobody"}, "", "SCF rejected the keys: SCF AuthFailure.SecretIdNotFound (4104)"},
		"namespace":   {settings.SCFAPIv3, map[string]any{"namespace": "ghost"}, "", `SCF namespace "ghost" does not exist in region ap-guangzhou`},
		"region":      {settings.SCFAPIv3, map[string]any{"region": "ap-atlantis"}, "", `SCF region "ap-atlantis" is wrong`},
		"unreachable": {settings.SCFAPIv3, map[string]any{"endpoint": "http://127.0.0.1:1", "timeoutSeconds": 5}, "", "SCF is unreachable: cannot reach SCF at http://127.0.0.1:1"},
		"v2 region":   {settings.SCFAPIv2, map[string]any{"region": "ap-atlantis"}, "", `SCF region "ap-atlantis" is wrong`},
	} {
		t.Run(name, func(t *testing.T) {
			r := check(scfDatasource(t, e, c.version, c.overrides, c.secret))
			assert.Equal(t, backend.HealthStatusError, r.Status)
			assert.True(t, strings.HasPrefix(r.Message, c.want), r.Message)
			assert.NotContains(t, r.Message, wrongSecret)
		})
	}
}
