package scfservice

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/scfemu"
	"github.com/logbridge/cloudlogs/pkg/service/servicetest"
)

// scfNow is the emulator's fixed data clock: demo invocations exist in
// the Days before it.
var scfNow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

func startSCFEmulator(t testing.TB, cfg emulator.Config) *emulator.Emulator {
	t.Helper()
	if cfg.SCFInvocations == 0 {
		cfg.SCFInvocations = 3000
	}
	if cfg.Days == 0 {
		cfg.Days = 2
	}
	cfg.SLSLogs = 10
	if cfg.SCFRequestsPerSecond == 0 {
		cfg.SCFRequestsPerSecond = -1 // unlimited unless a test asks for the vendor's limit
	}
	if cfg.Now == nil {
		cfg.Now = func() time.Time { return scfNow }
	}
	e, err := emulator.Start(cfg)
	require.NoError(t, err)
	t.Cleanup(e.Close)
	return e
}

// scfDatasource is a real instance, built as Grafana builds it, pointed at
// the emulator (SCF and CLS).
func scfDatasource(t testing.TB, e *emulator.Emulator, apiVersion string, overrides map[string]any, secret string) *servicetest.Instance {
	t.Helper()
	j := map[string]any{
		"service": "scf", "apiVersion": apiVersion, "endpoint": e.SCFURL, "region": "ap-guangzhou",
		"namespace": "default", "secretId": e.Config.KeyID, "timezone": e.Config.Timezone.String(), "requestsPerSecond": 1000,
		// GetFunctionLogs unless a test reads CLS; CLS is the emulator's
		// either way, never a real host.
		"logSource": "getFunctionLogs", "clsEndpoint": e.CLSURL,
	}
	for k, v := range overrides {
		j[k] = v
	}
	b, _ := json.Marshal(j)
	if secret == "" {
		secret = e.Config.KeySecret
	}
	return servicetest.New(t, Registration, backend.DataSourceInstanceSettings{ID: 1, UID: "scf", JSONData: b,
		DecryptedSecureJSONData: map[string]string{"secretKey": secret}})
}

func scfQuery(ds *servicetest.Instance, queryType string, from, to time.Time, model map[string]any) backend.DataResponse {
	m := map[string]any{}
	for k, v := range model {
		m[k] = v
	}
	b, _ := json.Marshal(m)
	q := backend.DataQuery{RefID: "A", QueryType: queryType, JSON: b, TimeRange: backend.TimeRange{From: from, To: to}, Interval: time.Minute}
	resp, _ := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{q}})
	return resp.Responses["A"]
}

func scfResource(t testing.TB, ds *servicetest.Instance, path string) (int, []byte) {
	t.Helper()
	return ds.Resource(t, path)
}

// column reads a frame column as []any.
func column(t testing.TB, f *data.Frame, name string) []any {
	t.Helper()
	fld, _ := f.FieldByName(name)
	require.NotNil(t, fld, "field %s", name)
	out := make([]any, fld.Len())
	for i := range out {
		out[i] = fld.At(i)
	}
	return out
}

func strColumn(t testing.TB, f *data.Frame, name string) []string {
	var out []string
	for _, v := range column(t, f, name) {
		out = append(out, v.(string))
	}
	return out
}

// addRuns stores runs of hello-node every `every`, newest at `newest`, with
// request ids run-00000..; returned newest first.
func addRuns(t testing.TB, e *emulator.Emulator, n int, newest time.Time, every time.Duration, mutate func(i int, inv *scfemu.Invocation)) []string {
	t.Helper()
	ids := make([]string, n)
	runs := make([]scfemu.Invocation, n)
	for i := 0; i < n; i++ {
		ids[i] = runID(i)
		runs[i] = scfemu.Invocation{FunctionName: "hello-node", RequestID: ids[i], Start: newest.Add(-time.Duration(i) * every),
			Duration: 5, MemUsage: 1 << 20, Log: "2026-01-01T00:00:00.000Z\t" + ids[i] + "\thello\n"}
		if mutate != nil {
			mutate(i, &runs[i])
		}
	}
	require.NoError(t, e.SCF.AddInvocations(runs...))
	return ids
}

func runID(i int) string {
	const digits = "0123456789"
	b := []byte("run-00000")
	for p := len(b) - 1; p >= 4 && i > 0; p-- {
		b[p] = digits[i%10]
		i /= 10
	}
	return string(b)
}
