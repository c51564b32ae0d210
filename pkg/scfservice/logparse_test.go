package scfservice

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/frames"
)

func TestSplitSCFLogJoinsNodeMultiLineObjects(t *testing.T) {
	// The first invocation of the seed's example response.
	log := "2017-09-18T09:14:01.236Z\tundefined\tHello World\n2017-09-18T09:14:01.236Z\tundefined\t{ Records: [ { CMQ: [Object] } ] }\n2017-09-18T09:14:01.237Z\tundefined\t{ msgBody: '4',\n  msgId: '3096224743817224',\n  type: 'topic' }\n"
	entries := SplitLog(log)
	require.Len(t, entries, 3)
	assert.Equal(t, "2017-09-18T09:14:01.236Z\tundefined\tHello World", entries[0].Body)
	assert.Equal(t, "2017-09-18T09:14:01.237Z\tundefined\t{ msgBody: '4',\n  msgId: '3096224743817224',\n  type: 'topic' }", entries[2].Body)
	assert.Equal(t, time.Date(2017, 9, 18, 9, 14, 1, 237_000_000, time.UTC), entries[2].Time)
}

func TestSplitSCFLogRecognisesEveryRuntime(t *testing.T) {
	log := "START RequestId: r1\n" +
		"[ERROR]\t2026-11-20T03:04:05.120Z\tr1\tTraceback (most recent call last):\n  File \"/var/user/index.py\", line 9\nKeyError: 3\n" +
		"2026/11/20 03:04:06 resizing image\n" +
		"2026-11-20 03:04:07.250 WARN  [main] com.example.Handler - slow page\n" +
		"2026-11-20 03:04:07,500 INFO [main] comma millis\n" +
		"2026-11-20T03:04:08.000Z\tr1\tERROR\tnode 12 level column\n" +
		"END RequestId: r1\n" +
		"Report RequestId: r1 Duration: 3.00 ms\n"
	e := SplitLog(log)
	require.Len(t, e, 8)
	assert.Equal(t, "START", e[0].Marker)
	assert.Equal(t, "ERROR", e[1].Level)
	assert.Equal(t, time.Date(2026, 11, 20, 3, 4, 5, 120_000_000, time.UTC), e[1].Time)
	assert.Contains(t, e[1].Body, "KeyError: 3", "the traceback continues the Python entry")
	assert.Equal(t, time.Date(2026, 11, 20, 3, 4, 6, 0, time.UTC), e[2].Time, "Go's log package time, read as UTC")
	assert.Equal(t, "WARN", e[3].Level)
	assert.Equal(t, time.Date(2026, 11, 20, 3, 4, 7, 250_000_000, time.UTC), e[3].Time)
	assert.Equal(t, time.Date(2026, 11, 20, 3, 4, 7, 500_000_000, time.UTC), e[4].Time)
	assert.Equal(t, "ERROR", e[5].Level)
	assert.Equal(t, "END", e[6].Marker)
	assert.Equal(t, "Report", e[7].Marker)
}

func TestSplitSCFLogKeepsTextWithoutTimestamps(t *testing.T) {
	e := SplitLog("\nplain text\nmore\n")
	require.Len(t, e, 1)
	assert.Equal(t, "plain text\nmore", e[0].Body)
	assert.True(t, e[0].Time.IsZero())
	assert.Empty(t, SplitLog(""))
}

func TestSCFSeverity(t *testing.T) {
	cases := []struct {
		entry  LogEntry
		failed bool
		want   string
	}{
		{LogEntry{Level: "ERROR", Body: "x"}, false, frames.SeverityError},
		{LogEntry{Level: "WARNING", Body: "x"}, false, frames.SeverityWarning},
		{LogEntry{Level: "DEBUG", Body: "x"}, false, frames.SeverityDebug},
		{LogEntry{Level: "INFO", Body: "purged 0 errors"}, false, frames.SeverityInfo},
		{LogEntry{Body: "TypeError: Cannot read property 'CMQ' of undefined"}, true, frames.SeverityError},
		{LogEntry{Body: "Error: connect ETIMEDOUT 10.0.3.17:443"}, false, frames.SeverityError},
		{LogEntry{Body: "Hello World"}, true, frames.SeverityInfo},
		{LogEntry{Body: "warning: disk almost full"}, false, frames.SeverityWarning},
		{LogEntry{Marker: "Report", Body: "Report RequestId: r"}, true, frames.SeverityError},
		{LogEntry{Marker: "Report", Body: "Report RequestId: r"}, false, frames.SeverityInfo},
		{LogEntry{Marker: "START", Body: "START RequestId: r"}, true, frames.SeverityInfo},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, Severity(c.entry, c.failed), c.entry.Body)
	}
}

var benchLog = func() string {
	s := "START RequestId: 6f0c\n"
	for i := 0; i < 4; i++ {
		s += "2026-11-20T03:04:05.120Z\t6f0c\t{ msgBody: '4',\n  msgId: '3096224743817224',\n  type: 'topic' }\n"
		s += "[INFO]\t2026-11-20T03:04:05.120Z\t6f0c\tGET /orders/1 from 203.0.113.1\n"
	}
	return s + "END RequestId: 6f0c\nReport RequestId: 6f0c Duration: 3.00 ms Billed Duration: 100 ms\n"
}()

// BenchmarkSCFLogParsing splits and classifies one 11-entry invocation log.
func BenchmarkSCFLogParsing(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(benchLog)))
	for b.Loop() {
		for _, e := range SplitLog(benchLog) {
			_ = Severity(e, false)
		}
	}
}
