package scfservice

import (
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/scf"
)

// The logs frame as it was built before logsframe.go wrote its columns
// directly: a LogRow and a labels map per line. It is the reference the
// columns must agree with, byte for byte.

// refLogRows turns invocations into log rows: one per log entry, the
// entries of one invocation together and in order. An entry without its own
// timestamp takes the one before it (START takes the invocation's start;
// END and Report its start plus duration).
func refLogRows(invs []scf.Invocation) []frames.LogRow {
	rows := make([]frames.LogRow, 0, len(invs)*4)
	for _, inv := range invs {
		labels := refLabels(inv)
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

// refLabels are the labels every log row of an invocation carries.
func refLabels(inv scf.Invocation) map[string]string {
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

// refLogsFrame is the logs frame of an scfLogs query.
func refLogsFrame(name string, invs []scf.Invocation) *data.Frame {
	return frames.NewLogsFrame(name, refLogRows(invs))
}

// refParseSCFEntryStart and refIsLevelWord are parseSCFEntryStart and
// isLevelWord before they stopped allocating (strings.SplitN, strings.Fields
// and strings.ToUpper of any word).
func refParseSCFEntryStart(line string) (LogEntry, bool) {
	switch {
	case strings.HasPrefix(line, "START RequestId:"):
		return LogEntry{Marker: "START"}, true
	case strings.HasPrefix(line, "END RequestId:"):
		return LogEntry{Marker: "END"}, true
	case strings.HasPrefix(line, "Report RequestId:"):
		return LogEntry{Marker: "Report"}, true
	}
	if len(line) < 19 {
		return LogEntry{}, false
	}
	if line[0] == '[' {
		// Python: [LEVEL]\t<ISO time>\t...
		end := strings.IndexByte(line, ']')
		if end < 2 || end > 10 || len(line) < end+2 || line[end+1] != '\t' {
			return LogEntry{}, false
		}
		t, ok := parseISOZ(line[end+2:])
		if !ok {
			return LogEntry{}, false
		}
		return LogEntry{Time: t, Level: line[1:end]}, true
	}
	if !isDigits(line[0:4]) {
		return LogEntry{}, false
	}
	if t, ok := parseISOZ(line); ok {
		// Node.js 12+ prints a level column: ts\treqid\tERROR\tmessage.
		e := LogEntry{Time: t}
		if parts := strings.SplitN(line, "\t", 4); len(parts) == 4 && refIsLevelWord(parts[2]) {
			e.Level = parts[2]
		}
		return e, true
	}
	if line[4] == '/' && line[7] == '/' && line[10] == ' ' {
		t, err := time.Parse("2006/01/02 15:04:05", line[:19])
		if err != nil {
			return LogEntry{}, false
		}
		return LogEntry{Time: t}, true
	}
	if line[4] == '-' && line[7] == '-' && line[10] == ' ' && line[13] == ':' {
		n := 19
		if len(line) > 20 && (line[19] == '.' || line[19] == ',') {
			n = 20
			for n < len(line) && line[n] >= '0' && line[n] <= '9' {
				n++
			}
		}
		layout := "2006-01-02 15:04:05"
		stamp := strings.Replace(line[:n], ",", ".", 1)
		if n > 19 {
			layout += ".999999999"
		}
		t, err := time.Parse(layout, stamp)
		if err != nil {
			return LogEntry{}, false
		}
		e := LogEntry{Time: t}
		if rest := strings.Fields(line[n:]); len(rest) > 0 && refIsLevelWord(rest[0]) {
			e.Level = rest[0]
		}
		return e, true
	}
	return LogEntry{}, false
}
func refIsLevelWord(s string) bool {
	switch strings.ToUpper(s) {
	case "TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "FATAL", "CRITICAL":
		return true
	}
	return false
}
