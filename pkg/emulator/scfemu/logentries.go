package scfemu

import (
	"regexp"
	"strings"
	"time"
)

// logEntry is one entry of an invocation's log text as SCF delivers it to
// CLS: a line that starts with a runtime timestamp or a platform marker,
// plus the lines after it that start neither (a stack trace, a multi-line
// object). The text is never padded with entries it does not have.
type logEntry struct {
	text     string
	time     time.Time
	level    string // the runtime's level where the line prints one, else INFO
	platform bool   // START/END/Report/Init Report/Response/ERROR
}

var (
	nodeLine   = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\t`)
	pythonLine = regexp.MustCompile(`^\[([A-Z]+)\]\t(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)`)
	goLine     = regexp.MustCompile(`^(\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}) `)
	javaLine   = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}) ([A-Z]+)\b`)
)

// platformPrefixes start SCF's own lines (ICD-struct).
var platformPrefixes = []string{"START RequestId:", "END RequestId:", "Report RequestId:", "Init Report", "Response RequestId:", "ERROR RequestId:"}

// entryStart reports whether line starts an entry, with its own time (zero
// when it prints none), level and whether it is a platform line.
func entryStart(line string) (bool, time.Time, string, bool) {
	for _, p := range platformPrefixes {
		if strings.HasPrefix(line, p) {
			return true, time.Time{}, "INFO", true
		}
	}
	if m := pythonLine.FindStringSubmatch(line); m != nil {
		t, _ := time.Parse("2006-01-02T15:04:05.000Z", m[2])
		return true, t, m[1], false
	}
	if m := nodeLine.FindStringSubmatch(line); m != nil {
		t, _ := time.Parse("2006-01-02T15:04:05.000Z", m[1])
		return true, t, "INFO", false
	}
	if m := javaLine.FindStringSubmatch(line); m != nil {
		// Zone-less runtime times are UTC: the function's clock.
		t, _ := time.Parse("2006-01-02 15:04:05.000", m[1])
		return true, t, m[2], false
	}
	if m := goLine.FindStringSubmatch(line); m != nil {
		t, _ := time.Parse("2006/01/02 15:04:05", m[1])
		return true, t, "INFO", false
	}
	return false, time.Time{}, "", false
}

// splitEntries cuts a run's log text into entries and dates each: its own
// timestamp, else START at the run's start, END and Report at its end, and
// any other at the previous entry's time. Text before the first entry
// start (none in SCF's own output) is an entry of its own.
func splitEntries(inv Invocation) []logEntry {
	end := inv.Start.Add(time.Duration(inv.Duration * float64(time.Millisecond)))
	var out []logEntry
	if strings.TrimSpace(inv.Log) == "" {
		return out
	}
	prev := inv.Start
	for _, line := range strings.Split(strings.TrimRight(inv.Log, "\n"), "\n") {
		starts, t, level, platform := entryStart(line)
		if !starts && len(out) > 0 {
			out[len(out)-1].text += "\n" + line
			continue
		}
		if t.IsZero() {
			switch {
			case strings.HasPrefix(line, "START RequestId:"):
				t = inv.Start
			case strings.HasPrefix(line, "END RequestId:"), strings.HasPrefix(line, "Report RequestId:"):
				t = end
			default:
				t = prev
			}
		}
		if level == "" {
			level = "INFO"
		}
		out = append(out, logEntry{text: line, time: t, level: level, platform: platform})
		prev = t
	}
	return out
}
