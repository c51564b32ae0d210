package scfservice

import (
	"strings"
	"time"
	"unicode"

	"github.com/logbridge/cloudlogs/pkg/frames"
)

// LogEntry is one entry of an invocation's log: a line that starts with
// a timestamp (or a START/END/Report marker) and the lines that continue it
// (Node.js prints an object over several lines; stack traces follow their
// message).
type LogEntry struct {
	// Time is the entry's own timestamp; zero when it has none.
	Time time.Time
	Body string
	// Level is the level the runtime printed ([ERROR], WARN...), else "".
	Level string
	// Marker is "START", "END" or "Report" for the platform's lines.
	Marker string
}

// SplitLog splits an invocation's log into entries. Recognised starts:
//
//	Node.js  2017-09-18T09:14:01.236Z\t<requestId>\t<message>
//	Python   [INFO]\t2017-09-18T09:14:01.236Z\t<requestId>\t<message>
//	Go       2017/09/18 09:14:01 <message>            (log package)
//	Java     2017-09-18 09:14:01.236 INFO  [main] ... (log4j/logback)
//	platform START RequestId: …, END RequestId: …, Report RequestId: …
//
// Go and Java print local time without a zone; SCF runs functions in UTC
// (its documented default TZ), so those times are read as UTC.
func SplitLog(log string) []LogEntry {
	return appendEntries(make([]LogEntry, 0, strings.Count(log, "\n")+1), log)
}

// appendEntries appends the entries of log to out: the logs frame reuses
// one slice for every invocation of a query.
func appendEntries(out []LogEntry, log string) []LogEntry {
	// Entries are contiguous in the log, so each body is a substring of it:
	// no copying, which matters at thousands of invocations per query.
	var cur LogEntry
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
			cur, start = LogEntry{}, pos
		}
		end = lineEnd
		pos = lineEnd + 1
	}
	flush()
	return out
}

// parseSCFEntryStart recognises the first line of an entry.
func parseSCFEntryStart(line string) (LogEntry, bool) {
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
		if level, ok := thirdOfFour(line); ok && isLevelWord(level) {
			e.Level = level
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
		if word := firstField(line[n:]); word != "" && isLevelWord(word) {
			e.Level = word
		}
		return e, true
	}
	return LogEntry{}, false
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

// thirdOfFour is strings.SplitN(line, "\t", 4)[2] when that has four
// parts, without the slice SplitN allocates for every Node.js line.
func thirdOfFour(line string) (string, bool) {
	a := strings.IndexByte(line, '\t')
	if a < 0 {
		return "", false
	}
	b := strings.IndexByte(line[a+1:], '\t')
	if b < 0 {
		return "", false
	}
	b += a + 1
	c := strings.IndexByte(line[b+1:], '\t')
	if c < 0 {
		return "", false
	}
	return line[b+1 : b+1+c], true
}

// firstField is strings.Fields(s)[0], or "" when s has no field.
func firstField(s string) string {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	if end := strings.IndexFunc(s, unicode.IsSpace); end >= 0 {
		return s[:end]
	}
	return s
}

func isLevelWord(s string) bool {
	if len(s) > 16 {
		// The longest level word has 8 letters, and strings.ToUpper at most
		// halves a word's bytes (ı and ſ become I and S): a longer word is
		// none, and is not copied to find out.
		return false
	}
	switch strings.ToUpper(s) {
	case "TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "FATAL", "CRITICAL":
		return true
	}
	return false
}

// Severity maps an entry to a Grafana severity. A level the runtime
// printed wins; platform lines (START, END, Report) are info, except the
// Report of a failed invocation, shown as an error so a failed run stands out
// even when its log has no error line (timeouts); any other line goes by the
// one rule of frames.DetectSeverity, info when it finds nothing. In a failed
// invocation an INFO line that reads as an error is an error.
func Severity(e LogEntry, failed bool) string {
	if e.Level != "" {
		level := frames.NormalizeSeverity(e.Level)
		if level == frames.SeverityInfo && failed && frames.DetectSeverity(e.Body) == frames.SeverityError {
			return frames.SeverityError
		}
		if level != frames.SeverityUnknown {
			return level
		}
	}
	if e.Marker != "" {
		if failed && e.Marker == "Report" {
			return frames.SeverityError
		}
		return frames.SeverityInfo
	}
	if s := frames.DetectSeverity(e.Body); s != frames.SeverityUnknown {
		return s
	}
	return frames.SeverityInfo
}
