package frames

import (
	"strings"
	"time"
)

// SCFLogEntry is one entry of an invocation's log: a line that starts with
// a timestamp (or a START/END/Report marker) and the lines that continue it
// (Node.js prints an object over several lines; stack traces follow their
// message).
type SCFLogEntry struct {
	// Time is the entry's own timestamp; zero when it has none.
	Time time.Time
	Body string
	// Level is the level the runtime printed ([ERROR], WARN...), else "".
	Level string
	// Marker is "START", "END" or "Report" for the platform's lines.
	Marker string
}

// SplitSCFLog splits an invocation's log into entries. Recognised starts:
//
//	Node.js  2017-09-18T09:14:01.236Z\t<requestId>\t<message>
//	Python   [INFO]\t2017-09-18T09:14:01.236Z\t<requestId>\t<message>
//	Go       2017/09/18 09:14:01 <message>            (log package)
//	Java     2017-09-18 09:14:01.236 INFO  [main] ... (log4j/logback)
//	platform START RequestId: …, END RequestId: …, Report RequestId: …
//
// Go and Java print local time without a zone; SCF runs functions in UTC
// (its documented default TZ), so those times are read as UTC.
func SplitSCFLog(log string) []SCFLogEntry {
	// Entries are contiguous in the log, so each body is a substring of it:
	// no copying, which matters at thousands of invocations per query.
	out := make([]SCFLogEntry, 0, strings.Count(log, "\n")+1)
	var cur SCFLogEntry
	start, end := -1, -1
	flush := func() {
		if start >= 0 {
			cur.Body = strings.TrimRight(log[start:end], "\r\n")
			out = append(out, cur)
		}
		start = -1
	}
	for pos := 0; pos < len(log); {
		next := strings.IndexByte(log[pos:], '\n')
		lineEnd := len(log)
		if next >= 0 {
			lineEnd = pos + next
		}
		line := strings.TrimSuffix(log[pos:lineEnd], "\r")
		if e, ok := parseSCFEntryStart(line); ok {
			flush()
			cur, start = e, pos
		} else if start < 0 && strings.TrimSpace(line) != "" {
			cur, start = SCFLogEntry{}, pos
		}
		end = lineEnd
		pos = lineEnd + 1
	}
	flush()
	return out
}

// parseSCFEntryStart recognises the first line of an entry.
func parseSCFEntryStart(line string) (SCFLogEntry, bool) {
	switch {
	case strings.HasPrefix(line, "START RequestId:"):
		return SCFLogEntry{Marker: "START"}, true
	case strings.HasPrefix(line, "END RequestId:"):
		return SCFLogEntry{Marker: "END"}, true
	case strings.HasPrefix(line, "Report RequestId:"):
		return SCFLogEntry{Marker: "Report"}, true
	}
	if len(line) < 19 {
		return SCFLogEntry{}, false
	}
	if line[0] == '[' {
		// Python: [LEVEL]\t<ISO time>\t...
		end := strings.IndexByte(line, ']')
		if end < 2 || end > 10 || len(line) < end+2 || line[end+1] != '\t' {
			return SCFLogEntry{}, false
		}
		t, ok := parseISOZ(line[end+2:])
		if !ok {
			return SCFLogEntry{}, false
		}
		return SCFLogEntry{Time: t, Level: line[1:end]}, true
	}
	if !isDigits(line[0:4]) {
		return SCFLogEntry{}, false
	}
	if t, ok := parseISOZ(line); ok {
		// Node.js 12+ prints a level column: ts\treqid\tERROR\tmessage.
		e := SCFLogEntry{Time: t}
		if parts := strings.SplitN(line, "\t", 4); len(parts) == 4 && isLevelWord(parts[2]) {
			e.Level = parts[2]
		}
		return e, true
	}
	if line[4] == '/' && line[7] == '/' && line[10] == ' ' {
		t, err := time.Parse("2006/01/02 15:04:05", line[:19])
		if err != nil {
			return SCFLogEntry{}, false
		}
		return SCFLogEntry{Time: t}, true
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
			return SCFLogEntry{}, false
		}
		e := SCFLogEntry{Time: t}
		if rest := strings.Fields(line[n:]); len(rest) > 0 && isLevelWord(rest[0]) {
			e.Level = rest[0]
		}
		return e, true
	}
	return SCFLogEntry{}, false
}

// parseISOZ reads a leading 2006-01-02T15:04:05[.fff]Z followed by a tab,
// a space or the end of the line.
func parseISOZ(s string) (time.Time, bool) {
	if len(s) < 20 || s[4] != '-' || s[10] != 'T' {
		return time.Time{}, false
	}
	end := strings.IndexByte(s, 'Z')
	if end < 19 || end > 35 {
		return time.Time{}, false
	}
	if end+1 < len(s) && s[end+1] != '\t' && s[end+1] != ' ' {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s[:end+1])
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}

func isLevelWord(s string) bool {
	switch strings.ToUpper(s) {
	case "TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "FATAL", "CRITICAL":
		return true
	}
	return false
}

// SCFSeverity maps an entry to a Grafana severity. A level the runtime
// printed wins; otherwise the text decides. failed marks entries of a
// failed invocation, whose platform Report line is shown as an error so a
// failed run stands out even when its log has no error line (timeouts).
func SCFSeverity(e SCFLogEntry, failed bool) string {
	switch strings.ToUpper(e.Level) {
	case "ERROR":
		return SeverityError
	case "FATAL", "CRITICAL":
		return SeverityCritical
	case "WARN", "WARNING":
		return SeverityWarning
	case "DEBUG":
		return SeverityDebug
	case "TRACE":
		return SeverityTrace
	case "INFO":
		if !failed || !looksLikeError(e.Body) {
			return SeverityInfo
		}
	}
	if e.Marker != "" {
		if failed && e.Marker == "Report" {
			return SeverityError
		}
		return SeverityInfo
	}
	if looksLikeError(e.Body) {
		return SeverityError
	}
	if containsFoldASCII(e.Body, "warn") {
		return SeverityWarning
	}
	return SeverityInfo
}

// errorWords are what error lines of the runtimes contain: JS "TypeError:",
// Python "Traceback", Go "panic:", Java "Exception", connection errors.
var errorWords = []string{"error", "exception", "traceback", "panic:", "fatal", "etimedout", "econnrefused"}

func looksLikeError(body string) bool {
	for _, w := range errorWords {
		if containsFoldASCII(body, w) {
			return true
		}
	}
	return false
}

// containsFoldASCII is strings.Contains(strings.ToLower(s), lowerSub)
// without allocating; lowerSub is lower-case ASCII.
func containsFoldASCII(s, lowerSub string) bool {
	n := len(lowerSub)
	first := lowerSub[0]
	for i := 0; i+n <= len(s); i++ {
		if s[i]|0x20 != first {
			continue
		}
		match := true
		for k := 1; k < n; k++ {
			c := s[i+k]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != lowerSub[k] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}
