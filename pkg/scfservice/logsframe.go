package scfservice

import (
	"strconv"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/scf"
)

// LogRows turns invocations into log rows: one per log entry, the
// entries of one invocation together and in order. An entry without its own
// timestamp takes the one before it (START takes the invocation's start;
// END and Report its start plus duration).
func LogRows(invs []scf.Invocation) []frames.LogRow {
	rows := make([]frames.LogRow, 0, len(invs)*4)
	for _, inv := range invs {
		labels := Labels(inv)
		failed := inv.Failed()
		last := inv.StartTime
		end := inv.StartTime.Add(time.Duration(inv.DurationMs * float64(time.Millisecond)))
		for i, e := range SplitLog(inv.Log) {
			ts := e.Time
			switch {
			case !ts.IsZero():
				last = ts
			case e.Marker == "START":
				ts = inv.StartTime
			case e.Marker == "END" || e.Marker == "Report":
				ts = end
				if ts.Before(last) {
					ts = last
				}
			default:
				ts = last
			}
			rows = append(rows, frames.LogRow{
				Time:     ts,
				Body:     e.Body,
				Severity: Severity(e, failed),
				ID:       inv.RequestID + "_" + strconv.Itoa(i),
				Labels:   labels,
			})
		}
	}
	return rows
}

// Labels are the labels every log row of an invocation carries.
func Labels(inv scf.Invocation) map[string]string {
	return map[string]string{
		"functionName": inv.FunctionName,
		"namespace":    inv.Namespace,
		"requestId":    inv.RequestID,
		"retCode":      strconv.FormatInt(inv.RetCode, 10),
		"duration":     strconv.FormatFloat(inv.DurationMs, 'f', -1, 64),
		"memUsage":     strconv.FormatInt(inv.MemUsageBytes, 10),
		"billDuration": strconv.FormatInt(inv.BillDurationMs, 10),
	}
}

// NewLogsFrame is the logs frame of an scfLogs query.
func NewLogsFrame(name string, invs []scf.Invocation) *data.Frame {
	return frames.NewLogsFrame(name, LogRows(invs))
}
