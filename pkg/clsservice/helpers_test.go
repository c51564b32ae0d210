package clsservice

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/service/servicetest"
)

// testNow is the emulator's frozen data clock: demo logs exist up to it.
var testNow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

func startEmulator(t testing.TB, cfg emulator.Config) *emulator.Emulator {
	t.Helper()
	if cfg.CLSLogs == 0 {
		cfg.CLSLogs = 20_000
	}
	cfg.SLSLogs, cfg.Days, cfg.Now = 10, 2, func() time.Time { return testNow }
	if cfg.SCFInvocations == 0 {
		cfg.SCFInvocations = 200
	}
	cfg.SCFRequestsPerSecond = -1
	e, err := emulator.Start(cfg)
	require.NoError(t, err)
	t.Cleanup(e.Close)
	return e
}

// newDatasource is a CLS instance, built as the plugin builds it, pointed
// at the emulator.
func newDatasource(t testing.TB, e *emulator.Emulator, overrides map[string]any, secret string) *servicetest.Instance {
	t.Helper()
	j := map[string]any{"service": "cls", "endpoint": e.CLSURL, "region": "ap-guangzhou", "secretId": emulator.DemoKeyID}
	for k, v := range overrides {
		j[k] = v
	}
	if secret == "" {
		secret = emulator.DemoKeySecret
	}
	b, _ := json.Marshal(j)
	return servicetest.New(t, Registration, backend.DataSourceInstanceSettings{ID: 3, UID: "cls", JSONData: b,
		DecryptedSecureJSONData: map[string]string{"secretKey": secret}})
}

func lastHour() backend.TimeRange {
	return backend.TimeRange{From: testNow.Add(-time.Hour), To: testNow}
}

func run(t testing.TB, ds *servicetest.Instance, tr backend.TimeRange, queryType string, model map[string]any) backend.DataResponse {
	t.Helper()
	b, _ := json.Marshal(model)
	q := backend.DataQuery{RefID: "A", QueryType: queryType, JSON: b, TimeRange: tr, Interval: time.Minute, MaxDataPoints: 1000}
	resp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{q}})
	require.NoError(t, err)
	return resp.Responses["A"]
}

func onlyFrame(t testing.TB, r backend.DataResponse) *data.Frame {
	t.Helper()
	require.NoError(t, r.Error)
	require.Len(t, r.Frames, 1)
	return r.Frames[0]
}
