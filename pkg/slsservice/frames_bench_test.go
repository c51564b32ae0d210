package slsservice

import (
	"strconv"
	"testing"

	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/sls"
)

func benchLogs(n int) []sls.Log {
	logs := make([]sls.Log, n)
	for i := range logs {
		logs[i] = log(
			"__time__", strconv.Itoa(1700000000+i), "__source__", "10.0.0.1", "__topic__", "web",
			"__tag__:__pack_id__", "ABC-"+strconv.Itoa(i/16), "__pack_meta__", "0|MTY=|16|"+strconv.Itoa(i%16),
			"level", "INFO", "service", "checkout", "trace_id", "0123456789abcdef",
			"message", "GET /api/orders/"+strconv.Itoa(i)+" 200 12ms",
		)
	}
	return logs
}

// BenchmarkNewSLSLogsFrame converts 1000 SLS log lines into a logs frame.
func BenchmarkNewSLSLogsFrame(b *testing.B) {
	logs := benchLogs(1000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if f := NewLogsFrame("x", logs); f.Rows() != 1000 {
			b.Fatal("rows")
		}
	}
}

// BenchmarkSQLToTimeSeries types a 1000-row SQL result (t, host, status, c)
// and pivots it into a wide time series.
func BenchmarkSQLToTimeSeries(b *testing.B) {
	rows := make([]sls.Log, 1000)
	for i := range rows {
		rows[i] = log("t", strconv.Itoa(1700000000+60*(i/10)), "host", "web-"+strconv.Itoa(i%5), "status", strconv.Itoa(200+100*(i%2)), "c", strconv.Itoa(i))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		table := frames.NewTypedTableFrame("", StringTableOf(rows))
		if _, err := frames.NewWideTimeSeries(table, frames.SeriesOptions{LabelFields: []string{"t", "host", "status"}}); err != nil {
			b.Fatal(err)
		}
	}
}
