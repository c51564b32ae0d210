package slsservice

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
)

// BenchmarkSLSLogsQuery runs a 1000-line slsLogs query (10 pages, 4 in
// flight) through the plugin's QueryData against the emulator on loopback:
// signing, HTTP, decoding, paging and the logs frame.
func BenchmarkSLSLogsQuery(b *testing.B) {
	e, err := emulator.Start(emulator.Config{SLSLogs: 200_000, SCFInvocations: 10, Days: 2, Now: func() time.Time { return slsTestNow }})
	require.NoError(b, err)
	defer e.Close()
	ds := newSLSDatasource(b, e, nil)
	model, _ := json.Marshal(map[string]any{"queryType": "slsLogs", "logstore": "nginx-access", "limit": 1000})
	req := &backend.QueryDataRequest{Queries: []backend.DataQuery{{RefID: "A", QueryType: "slsLogs", JSON: model, TimeRange: slsRange()}}}
	// One query first: the emulator builds its logstores lazily, and that
	// one-off cost is not the plugin's.
	if _, err := ds.QueryData(b.Context(), req); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		resp, err := ds.QueryData(b.Context(), req)
		if err != nil || resp.Responses["A"].Error != nil {
			b.Fatal(err, resp.Responses["A"].Error)
		}
		if n := resp.Responses["A"].Frames[0].Rows(); n != 1000 {
			b.Fatalf("got %d lines, want 1000", n)
		}
	}
}
