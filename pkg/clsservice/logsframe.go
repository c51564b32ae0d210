package clsservice

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

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

// NewLogsFrame turns CLS logs into a logs frame, keeping their order. A
// line's body is its first body key's value (or the raw log, or its sorted
// key=value pairs), its severity from a level key or the text, every other
// key and the log's metadata are labels, its id PkgId/PkgLogId.
//
// The columns are written directly: every line's labels object into one
// buffer, the ids and the bodies made of pairs into one string, where a
// LogRow, a labels map and a key=value string per field of every line cost
// more than decoding the answer (docs/benchmarks.md).
func NewLogsFrame(name string, logs []cls.Log) *data.Frame {
	n := len(logs)
	c := frames.LogColumns{Time: make([]time.Time, n), Body: make([]string, n), Severity: make([]string, n), ID: make([]string, n),
		Labels: make([]json.RawMessage, n)}
	var b logsBuilder
	b.text.Grow(n * 24)
	for i := range logs {
		l := &logs[i]
		c.Time[i] = l.Time.UTC()
		c.ID[i] = b.write(l.PkgID, "/", l.PkgLogID)
		c.Body[i] = b.body(l)
		c.Severity[i] = frames.SeverityOf(frames.FirstValue(levelKeys, l.Get), c.Body[i])
		from := len(b.labelsJSON)
		b.labelsJSON = b.appendLabels(b.labelsJSON, l)
		// Nothing is written before len again, so the piece stays as it is.
		c.Labels[i] = b.labelsJSON[from:len(b.labelsJSON):len(b.labelsJSON)]
		if i == 0 {
			// Room for lines like the first, so the buffers seldom grow.
			b.labelsJSON = slices.Grow(b.labelsJSON, (n-1)*len(b.labelsJSON)*9/8)
			b.text.Grow((n - 1) * b.text.Len() * 9 / 8)
		}
	}
	return frames.NewLogsFrameColumns(name, c)
}

// logsBuilder holds what the lines of a frame write.
type logsBuilder struct {
	// text holds every id and every body made of pairs.
	text strings.Builder
	// labelsJSON holds every line's labels object.
	labelsJSON []byte
	// labels and pairs are one line's, reused.
	labels []frames.Label
	pairs  []cls.Field
	// keys are the label keys of the line before, as they came, and order
	// the indices of its labels that are written, sorted by key: lines of
	// a topic mostly have the same keys in the same order, and sorting
	// each line's labels anew was a third of the frame's time.
	keys  []string
	order []int
}

// write writes parts to the text and returns them as one string: a piece
// of the builder's String(), which no later write changes (a builder only
// appends, into the same bytes or a copy), so no string is made per line.
func (b *logsBuilder) write(parts ...string) string {
	from := b.text.Len()
	for _, p := range parts {
		b.text.WriteString(p)
	}
	return b.text.String()[from:]
}

// body is a line's body: the last value of its first body key, else its
// raw log, else its key=value pairs, sorted, joined by spaces.
func (b *logsBuilder) body(l *cls.Log) string {
	if key := frames.FirstKey(bodyKeys, l.Get); key != "" {
		var body string
		for _, f := range l.Fields {
			if f.Key == key {
				body = f.Value
			}
		}
		return body
	}
	if l.RawLog != "" {
		return l.RawLog
	}
	b.pairs = b.pairs[:0]
	for _, f := range l.Fields {
		// A field with an empty key stood for the (absent) body key, so
		// it has never been a pair, nor a label.
		if f.Key != "" {
			b.pairs = append(b.pairs, f)
		}
	}
	// Sorted as the strings "key=value" sort, without making them.
	slices.SortFunc(b.pairs, comparePairs)
	from := b.text.Len()
	for i, f := range b.pairs {
		if i > 0 {
			b.text.WriteByte(' ')
		}
		b.text.WriteString(f.Key)
		b.text.WriteByte('=')
		b.text.WriteString(f.Value)
	}
	return b.text.String()[from:]
}

// comparePairs compares a.Key+"="+a.Value with b.Key+"="+b.Value.
func comparePairs(a, b cls.Field) int {
	x, y := [3]string{a.Key, "=", a.Value}, [3]string{b.Key, "=", b.Value}
	xs, ys := x[0], y[0]
	for i, j := 0, 0; ; {
		for xs == "" && i < 2 {
			i++
			xs = x[i]
		}
		for ys == "" && j < 2 {
			j++
			ys = y[j]
		}
		switch {
		case xs == "" && ys == "":
			return 0
		case xs == "":
			return -1
		case ys == "":
			return 1
		}
		n := min(len(xs), len(ys))
		if c := strings.Compare(xs[:n], ys[:n]); c != 0 {
			return c
		}
		xs, ys = xs[n:], ys[n:]
	}
}

// appendLabels appends a line's labels object: its fields but the body
// key's, then its metadata that is not empty, a later value of a key
// replacing an earlier one (as the labels map did).
func (b *logsBuilder) appendLabels(dst []byte, l *cls.Log) []byte {
	bodyKey := frames.FirstKey(bodyKeys, l.Get)
	b.labels = b.labels[:0]
	for _, f := range l.Fields {
		if f.Key != bodyKey {
			b.labels = append(b.labels, frames.Label{Key: f.Key, Value: f.Value})
		}
	}
	for _, m := range [...]frames.Label{{Key: LabelTopicID, Value: l.TopicID}, {Key: LabelTopic, Value: l.TopicName},
		{Key: LabelPkgID, Value: l.PkgID}, {Key: LabelPkgLogID, Value: l.PkgLogID}, {Key: "__source__", Value: l.Source},
		{Key: "__filename__", Value: l.FileName}, {Key: "__hostname__", Value: l.HostName}} {
		if m.Value != "" {
			b.labels = append(b.labels, m)
		}
	}
	if !b.sameKeys() {
		b.sortOrder()
	}
	dst = append(dst, '{')
	for i, k := range b.order {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = frames.AppendJSONString(dst, b.labels[k].Key)
		dst = append(dst, ':')
		dst = frames.AppendJSONString(dst, b.labels[k].Value)
	}
	return append(dst, '}')
}

// sameKeys reports whether b.labels have the keys of the line before, in
// the same order.
func (b *logsBuilder) sameKeys() bool {
	if len(b.keys) != len(b.labels) {
		return false
	}
	for i, k := range b.keys {
		if b.labels[i].Key != k {
			return false
		}
	}
	return true
}

// sortOrder is frames.SortLabels as indices: by key, stable, and of a
// repeated key only the last (as assigning them to a map in order would),
// so that the object is byte for byte frames.AppendLabelsJSON's.
func (b *logsBuilder) sortOrder() {
	b.keys = b.keys[:0]
	all := b.order[:0]
	for i, l := range b.labels {
		b.keys = append(b.keys, l.Key)
		all = append(all, i)
	}
	slices.SortStableFunc(all, func(x, y int) int { return strings.Compare(b.labels[x].Key, b.labels[y].Key) })
	b.order = all[:0]
	for i, k := range all {
		if i+1 < len(all) && b.labels[all[i+1]].Key == b.labels[k].Key {
			continue
		}
		b.order = append(b.order, k)
	}
}
