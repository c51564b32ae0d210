package scfservice

import (
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/logbridge/cloudlogs/pkg/cls"
	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/scf"
)

// invocationsOf reads the rows of invocationsSQL; start times are shown in
// the account's zone, as GetFunctionLogs shows them.
func invocationsOf(res *cls.AnalysisResult, m Query, loc *time.Location) []scf.Invocation {
	out := make([]scf.Invocation, 0, len(res.Rows))
	for _, row := range res.Rows {
		status, _ := strconv.ParseInt(res.Text(row, "statusCode"), 10, 64)
		startMs, _ := strconv.ParseFloat(res.Text(row, "startTime"), 64)
		duration, _ := strconv.ParseFloat(res.Text(row, "duration"), 64)
		mem, _ := strconv.ParseFloat(res.Text(row, "memUsage"), 64)
		retCode := retCodeOf(status)
		out = append(out, scf.Invocation{
			FunctionName: m.FunctionName, Namespace: m.Namespace, RequestID: res.Text(row, "requestId"),
			StartTime: time.UnixMilli(int64(startMs)).In(loc), DurationMs: duration, MemUsageBytes: int64(mem), BillDurationMs: billOf(duration),
			RetCode: retCode, InvokeFinished: retCode != scf.RetCodeRunning,
		})
	}
	return out
}

// Two values CLS has no field for, read from platform lines when the log has
// them: the Report line's "Billed Duration: 100 ms" and the Response line's
// RetMsg:"…" (CLS.md 1.2).
var (
	billedDuration = regexp.MustCompile(`Billed Duration: ?(\d+) ?ms`)
	responseRetMsg = regexp.MustCompile(`(?m)^Response RequestId: ?\S+ RetMsg:(.*)$`)
)

// attachLines puts each record's message into its invocation's log, in log
// order (time, then the record's place in its package).
func attachLines(byID map[string]*scf.Invocation, logs []cls.Log) {
	sort.SliceStable(logs, func(i, j int) bool {
		if !logs[i].Time.Equal(logs[j].Time) {
			return logs[i].Time.Before(logs[j].Time)
		}
		a, _ := strconv.Atoi(logs[i].PkgLogID)
		b, _ := strconv.Atoi(logs[j].PkgLogID)
		return a < b
	})
	var b strings.Builder
	parts := map[string][]string{}
	for _, l := range logs {
		id, _ := l.Get("SCF_RequestId")
		msg, _ := l.Get("SCF_Message")
		if byID[id] != nil {
			parts[id] = append(parts[id], strings.TrimRight(msg, "\r\n"))
		}
	}
	for id, lines := range parts {
		b.Reset()
		for _, line := range lines {
			b.WriteString(line)
			b.WriteByte('\n')
		}
		inv := byID[id]
		inv.Log = b.String()
		if m := billedDuration.FindStringSubmatch(inv.Log); m != nil {
			inv.BillDurationMs, _ = strconv.ParseInt(m[1], 10, 64)
		}
		if m := responseRetMsg.FindStringSubmatch(inv.Log); m != nil {
			inv.RetMsg = strings.TrimSpace(m[1])
		}
	}
}

// billOf is the billed duration by GetFunctionLogs' documented rule when no
// Report line says it: the duration rounded up to the next 100 ms, at least
// 100 ms (seeds/scf-GetFunctionLogs.md, billDuration).
func billOf(durationMs float64) int64 {
	return max(int64(math.Ceil(durationMs/100))*100, 100)
}

// metricValuesOf reads the rows of metricsSQL into values[m][bucket] of the
// grid; errorRate is computed here, billDuration is not in CLS (zero).
func metricValuesOf(res *cls.AnalysisResult, g frames.Grid, metrics []string) [][]float64 {
	values := make([][]float64, len(metrics))
	for m := range metrics {
		values[m] = make([]float64, g.Count)
	}
	for _, row := range res.Rows {
		t, err := strconv.ParseFloat(res.Text(row, "t"), 64)
		if err != nil {
			continue
		}
		i := g.Index(time.UnixMilli(int64(t)))
		if i < 0 {
			continue
		}
		number := func(name string) float64 {
			v, _ := strconv.ParseFloat(res.Text(row, name), 64)
			return v
		}
		for m, metric := range metrics {
			switch metric {
			case MetricErrorRate:
				if n := number(MetricInvocations); n > 0 {
					values[m][i] = 100 * number(MetricErrors) / n
				}
			case MetricBillDur:
			default:
				values[m][i] = number(metric)
			}
		}
	}
	return values
}
