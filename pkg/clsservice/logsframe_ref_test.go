package clsservice

import (
	"sort"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/logbridge/cloudlogs/pkg/cls"
	"github.com/logbridge/cloudlogs/pkg/frames"
)

// The logs frame as it was built before logsframe.go wrote its columns
// directly: a LogRow, a labels map and every key=value pair per line. It is
// the reference the columns must agree with, byte for byte.

// refLogsFrame turns CLS logs into a logs frame, keeping their order.
func refLogsFrame(name string, logs []cls.Log) *data.Frame {
	rows := make([]frames.LogRow, len(logs))
	for i, l := range logs {
		rows[i] = refLogRowOf(l)
	}
	return frames.NewLogsFrame(name, rows)
}

// refLogRowOf converts one log: body from the first body key (or the raw log,
// or the sorted key=value pairs), severity from a level key or the text,
// every other key and the log's metadata as labels, id PkgId/PkgLogId.
func refLogRowOf(l cls.Log) frames.LogRow {
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
