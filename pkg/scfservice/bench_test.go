package scfservice

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/scfemu"
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
