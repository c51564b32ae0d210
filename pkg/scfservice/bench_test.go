package scfservice

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/scfemu"
	"github.com/logbridge/cloudlogs/pkg/scf"
	"github.com/logbridge/cloudlogs/pkg/settings"
)

// BenchmarkSCFLogsQuery runs an scfLogs query for 1,000 invocations (six
// log entries each, one a multi-line Node.js object) through the handler,
// over loopback HTTP against the emulator: signing, 10 concurrent pages,
// decoding, entry splitting and the logs frame.
func BenchmarkSCFLogsQuery(b *testing.B) {
	e := startSCFEmulator(b, emulator.Config{SCFInvocations: 200, Days: 1})
	newest := scfNow.Add(-30 * time.Hour)
	addRuns(b, e, 1000, newest, 30*time.Second, func(i int, inv *scfemu.Invocation) {
		id := inv.RequestID
		inv.Log = "START RequestId: " + id + "\n" +
			"2026-11-19T04:00:00.236Z\t" + id + "\tHello World\n" +
			"2026-11-19T04:00:00.237Z\t" + id + "\t{ msgBody: '4',\n  msgId: '3096224743817224',\n  topicName: 'alfred-test',\n  type: 'topic' }\n" +
			"2026-11-19T04:00:00.238Z\t" + id + "\tdone\n" +
			"END RequestId: " + id + "\n" +
			"Report RequestId: " + id + " Duration: 5.00 ms Billed Duration: 100 ms Memory Size: 128 MB Max Memory Used: 1.0 MB\n"
	})
	ds := scfDatasource(b, e, settings.SCFAPIv3, nil, "")
	from, to := newest.Add(-1000*30*time.Second), newest.Add(time.Second)
	model := map[string]any{"functionName": "hello-node", "limit": 1000}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r := scfQuery(ds, QueryTypeLogs, from, to, model)
		require.NoError(b, r.Error)
		require.Equal(b, 6000, r.Frames[0].Rows())
	}
}

// BenchmarkLogsAnswerDecoded is the receiving side's work for an scfLogs
// answer of 10,000 runs (40,000 lines): the SDK's UnmarshalArrowFrame, as
// Grafana decodes a plugin's answer (docs/benchmarks.md: part of the
// plugin's column in the whole-query table, and grows with lines).
func BenchmarkLogsAnswerDecoded(b *testing.B) {
	invs := make([]scf.Invocation, 10_000)
	for i := range invs {
		id := fmt.Sprintf("0f1e2d3c-4b5a-6978-8796-%012d", i)
		invs[i] = scf.Invocation{FunctionName: "hello-node", Namespace: "default", RequestID: id,
			StartTime: frameStart.Add(time.Duration(i) * time.Millisecond), DurationMs: 12.5, BillDurationMs: 13, MemUsageBytes: 32 << 20,
			Log: "START RequestId: " + id + "\n2026-11-20T00:00:00.100Z\t" + id + "\tINFO\thandled order " + strconv.Itoa(i) +
				"\nEND RequestId: " + id + "\nReport RequestId: " + id + " Duration: 12 ms\n"}
	}
	raw, err := NewLogsFrame("hello-node", invs).MarshalArrow()
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		f, err := data.UnmarshalArrowFrame(raw)
		if err != nil || f.Rows() != 40_000 {
			b.Fatalf("%v, %d rows", err, f.Rows())
		}
	}
}
