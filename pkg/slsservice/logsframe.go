package slsservice

import (
	"crypto/sha1"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/sls"
)

// SLS reserved keys of a log line.
const (
	slsTimeKey     = "__time__"
	slsTimeNSKey   = "__time_ns_part__"
	slsPackIDTag   = "__tag__:__pack_id__"
	slsPackMetaTag = "__tag__:__pack_meta__"
	// slsIndexNumber is GetContextLogs' position relative to the asked line.
	slsIndexNumber = "__index_number__"
	// LabelPackID and LabelPackMeta are the labels the frontend's log
	// context reads to call slsContext.
	LabelPackID   = "__pack_id__"
	LabelPackMeta = "__pack_meta__"
)

// bodyKeys are the fields that hold a log's message, in order of preference.
var bodyKeys = []string{"content", "message"}

// levelKeys are the fields that hold a log's level, in order of preference.
var levelKeys = []string{"level", "severity", "log_level"}

// NewLogsFrame turns SLS log lines into a logs frame, keeping their order.
func NewLogsFrame(name string, logs []sls.Log) *data.Frame {
	rows := make([]frames.LogRow, len(logs))
	seen := make(map[string]int, len(logs))
	for i, l := range logs {
		rows[i] = LogRowOf(l)
		// Identical lines (same pack, time and fields) still need distinct
		// ids; the n-th repeat gets a stable suffix.
		if n := seen[rows[i].ID]; n > 0 {
			seen[rows[i].ID] = n + 1
			rows[i].ID += "_" + strconv.Itoa(n)
		} else {
			seen[rows[i].ID] = 1
		}
	}
	return frames.NewLogsFrame(name, rows)
}

// LogRowOf converts one SLS log line: time from __time__ (+ __time_ns_part__),
// body from content/message or else the sorted key=value pairs, severity
// from a level field or the text, every other key as a label.
func LogRowOf(l sls.Log) frames.LogRow {
	row := frames.LogRow{Labels: map[string]string{}}
	var secs, nanos int64
	bodyKey := frames.FirstKey(bodyKeys, l.Get)
	var pairs []string
	for _, f := range l {
		switch f.Key {
		case slsTimeKey:
			secs, _ = strconv.ParseInt(strings.TrimSpace(f.Value), 10, 64)
			continue
		case slsTimeNSKey:
			nanos, _ = strconv.ParseInt(strings.TrimSpace(f.Value), 10, 64)
			continue
		case bodyKey:
			row.Body = f.Value
			continue
		case slsPackIDTag:
			row.Labels[LabelPackID] = f.Value
			continue
		case slsPackMetaTag, LabelPackMeta:
			row.Labels[LabelPackMeta] = f.Value
			continue
		case slsIndexNumber:
			continue
		}
		if f.Null {
			continue
		}
		row.Labels[f.Key] = f.Value
		if !strings.HasPrefix(f.Key, "__") {
			pairs = append(pairs, f.Key+"="+f.Value)
		}
	}
	if bodyKey == "" {
		sort.Strings(pairs)
		row.Body = strings.Join(pairs, " ")
	}
	row.Time = time.Unix(secs, nanos).UTC()
	row.Severity = frames.SeverityOf(frames.FirstValue(levelKeys, l.Get), row.Body)
	row.ID = slsLogID(l)
	return row
}

// slsLogID hashes what identifies a line: pack id, pack meta, time and
// content (the fields not reserved by SLS, in order). Reserved extras that
// differ between APIs (GetContextLogs' __index_number__) are left out, so a
// line keeps its id in its own context.
func slsLogID(l sls.Log) string {
	h := sha1.New()
	write := func(s string) { h.Write([]byte(s)); h.Write([]byte{0}) }
	packMeta, ok := l.Get(LabelPackMeta)
	if !ok {
		packMeta, _ = l.Get(slsPackMetaTag)
	}
	packID, _ := l.Get(slsPackIDTag)
	secs, _ := l.Get(slsTimeKey)
	nanos, _ := l.Get(slsTimeNSKey)
	source, _ := l.Get("__source__")
	topic, _ := l.Get("__topic__")
	for _, v := range []string{packID, packMeta, secs, nanos, source, topic} {
		write(v)
	}
	for _, f := range l {
		if strings.HasPrefix(f.Key, "__") {
			continue
		}
		write(f.Key)
		write(f.Value)
	}
	return hex.EncodeToString(h.Sum(nil)[:10])
}
