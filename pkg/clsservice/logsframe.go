package clsservice

import (
	"sort"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/logbridge/cloudlogs/pkg/cls"
	"github.com/logbridge/cloudlogs/pkg/frames"
)

// Labels the editor reads to build a clsContext query from a log line.
const (
	LabelTopicID  = "__topic_id__"
	LabelTopic    = "__topic__"
	LabelPkgID    = "__pkg_id__"
	LabelPkgLogID = "__pkg_log_id__"
)

// bodyKeys hold a log's message, by preference (SCF_Message: function logs).
var bodyKeys = []string{"SCF_Message", "content", "message", "msg", "__CONTENT__", "log"}

// levelKeys hold a log's level, by preference.
var levelKeys = []string{"SCF_Level", "level", "severity", "log_level", "lvl"}

// NewLogsFrame turns CLS logs into a logs frame, keeping their order.
func NewLogsFrame(name string, logs []cls.Log) *data.Frame {
	rows := make([]frames.LogRow, len(logs))
	for i, l := range logs {
		rows[i] = LogRowOf(l)
	}
	return frames.NewLogsFrame(name, rows)
}

// LogRowOf converts one log: body from the first body key (or the raw log,
// or the sorted key=value pairs), severity from a level key or the text,
// every other key and the log's metadata as labels, id PkgId/PkgLogId.
func LogRowOf(l cls.Log) frames.LogRow {
	row := frames.LogRow{Time: l.Time.UTC(), ID: l.PkgID + "/" + l.PkgLogID, Labels: map[string]string{}}
	bodyKey := frames.FirstKey(bodyKeys, l.Get)
	var pairs []string
	for _, f := range l.Fields {
		if f.Key == bodyKey {
			row.Body = f.Value
			continue
		}
		row.Labels[f.Key] = f.Value
		pairs = append(pairs, f.Key+"="+f.Value)
	}
	switch {
	case bodyKey != "":
	case l.RawLog != "":
		row.Body = l.RawLog
	default:
		sort.Strings(pairs)
		row.Body = strings.Join(pairs, " ")
	}
	for k, v := range map[string]string{LabelTopicID: l.TopicID, LabelTopic: l.TopicName, LabelPkgID: l.PkgID, LabelPkgLogID: l.PkgLogID,
		"__source__": l.Source, "__filename__": l.FileName, "__hostname__": l.HostName} {
		if v != "" {
			row.Labels[k] = v
		}
	}
	row.Severity = frames.SeverityOf(frames.FirstValue(levelKeys, l.Get), row.Body)
	return row
}
