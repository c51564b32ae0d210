package frames

import (
	"strconv"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/logbridge/cloudlogs/pkg/scf"
)

// SCFLogRows turns invocations into log rows: one per log entry, the
// entries of one invocation together and in order. An entry without its own
// timestamp takes the one before it (START takes the invocation's start;
// END and Report its start plus duration).
func SCFLogRows(invs []scf.Invocation) []LogRow {
	rows := make([]LogRow, 0, len(invs)*4)
	for _, inv := range invs {
		labels := SCFLabels(inv)
		failed := inv.Failed()
		last := inv.StartTime
		end := inv.StartTime.Add(time.Duration(inv.DurationMs * float64(time.Millisecond)))
		for i, e := range SplitSCFLog(inv.Log) {
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
			rows = append(rows, LogRow{
				Time:     ts,
				Body:     e.Body,
				Severity: SCFSeverity(e, failed),
				ID:       inv.RequestID + "_" + strconv.Itoa(i),
				Labels:   labels,
			})
		}
	}
	return rows
}

// SCFLabels are the labels every log row of an invocation carries.
func SCFLabels(inv scf.Invocation) map[string]string {
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

// NewSCFLogsFrame is the logs frame of an scfLogs query.
func NewSCFLogsFrame(name string, invs []scf.Invocation) *data.Frame {
	return NewLogsFrame(name, SCFLogRows(invs))
}
