// Package frames holds the frame shapes every service shares: the logs frame
// of Grafana's logs data-plane contract and the one severity rule, the log
// volume on one bucket grid, and text rows typed into tables and wide time
// series. It knows no vendor: each service turns its rows into these shapes.
// Everything here is pure (no I/O, no clocks), so golden files stay stable.
package frames

import (
	"encoding/json"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// LogRow is one log line in the shape of Grafana's logs data-plane contract.
type LogRow struct {
	Time     time.Time
	Body     string
	Severity string
	ID       string
	Labels   map[string]string
}

// NewLogsFrame builds a log-lines frame (data-plane "log-lines" 0.0):
// timestamp, body, severity, id and labels fields, preferred visualisation logs.
func NewLogsFrame(name string, rows []LogRow) *data.Frame {
	ts := make([]time.Time, len(rows))
	body := make([]string, len(rows))
	sev := make([]string, len(rows))
	ids := make([]string, len(rows))
	labels := make([]json.RawMessage, len(rows))
	for i, r := range rows {
		ts[i] = r.Time
		body[i] = r.Body
		sev[i] = r.Severity
		if sev[i] == "" {
			sev[i] = SeverityUnknown
		}
		ids[i] = r.ID
		l := r.Labels
		if l == nil {
			l = map[string]string{}
		}
		// encoding/json sorts map keys, so the output is stable.
		b, _ := json.Marshal(l)
		labels[i] = b
	}
	f := data.NewFrame(name,
		data.NewField("timestamp", nil, ts),
		data.NewField("body", nil, body),
		data.NewField("severity", nil, sev),
		data.NewField("id", nil, ids),
		data.NewField("labels", nil, labels),
	)
	f.SetMeta(&data.FrameMeta{
		Type:                   data.FrameTypeLogLines,
		TypeVersion:            data.FrameTypeVersion{0, 0},
		PreferredVisualization: data.VisTypeLogs,
	})
	return f
}

// FirstKey is the first of keys a log has (get looks a key up), or "".
func FirstKey(keys []string, get func(key string) (string, bool)) string {
	for _, k := range keys {
		if _, ok := get(k); ok {
			return k
		}
	}
	return ""
}

// FirstValue is the first non-empty value of keys in a log, or "".
func FirstValue(keys []string, get func(key string) (string, bool)) string {
	for _, k := range keys {
		if v, ok := get(k); ok && v != "" {
			return v
		}
	}
	return ""
}
