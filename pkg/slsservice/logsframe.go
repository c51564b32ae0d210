package slsservice

import (
	"crypto/sha1"
	"encoding/json"
	"slices"
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
// The ids, the bodies and the labels of all lines are written into a few
// shared buffers, so a line costs no allocation of its own (a map, a
// json.Marshal, a hash and a few strings each did before).
func NewLogsFrame(name string, logs []sls.Log) *data.Frame {
	p := NewLogsPages(1)
	p.Add(0, logs)
	return p.Frame(name, 1)
}

// LogRowOf converts one SLS log line: time from __time__ (+ __time_ns_part__),
// body from content/message or else the sorted key=value pairs, severity
// from a level field or the text, every other key as a label.
func LogRowOf(l sls.Log) frames.LogRow {
	b := newRowBuilder(1)
	b.row(0, l)
	c := b.finish(nil)
	c.assignIDs(false)
	row := frames.LogRow{Time: c.cols.Time[0], Body: c.cols.Body[0], Severity: c.cols.Severity[0], ID: c.cols.ID[0],
		Labels: make(map[string]string, len(b.labels))}
	for _, lb := range b.labels {
		row.Labels[lb.Key] = lb.Value
	}
	return row
}

// slsIDBytes is how much of the SHA-1 an id keeps (20 hex digits).
const slsIDBytes = 10

// rowBuilder converts lines into the columns of a logs frame and the
// scratch and shared buffers that takes.
type rowBuilder struct {
	cols  frames.LogColumns
	spans []rowSpans
	sums  [][slsIDBytes]byte
	// text holds every line's body: its content/message copied, or its
	// key=value pairs, so that nothing points into the decoded page once
	// the lines are converted. It and labelsJSON are scratch, copied into
	// the query's textArena by finish.
	text []byte
	// labelsJSON holds every line's labels as a JSON object.
	labelsJSON []byte
	// Scratch reused from line to line.
	labels []frames.Label
	pairs  []sls.Field
	hash   []byte
	// labelOrder and pairOrder remember the previous line's sorted order.
	labelOrder keyOrder[frames.Label]
	pairOrder  keyOrder[sls.Field]
	// labelsWriter keeps the previous line's label keys as JSON.
	labelsWriter labelsWriter
	// lines is how many lines the builder has, done how many are converted.
	lines, done int
}

// rowSpans are where a line's pieces are in the shared buffers: its body is
// text[bodyStart:bodyEnd] and its labels end at labelsEnd, where the next
// line's start. level points into the page until finish.
type rowSpans struct {
	bodyStart, bodyEnd, labelsEnd int
	level                         string
}

func newRowBuilder(lines int) *rowBuilder {
	s := scratchPool.Get().(*scratch)
	return &rowBuilder{lines: lines, spans: make([]rowSpans, lines), sums: make([][slsIDBytes]byte, lines),
		text: s.text, labelsJSON: s.labels, cols: frames.LogColumns{
			Time: make([]time.Time, lines), Body: make([]string, lines), Severity: make([]string, lines),
			ID: make([]string, lines), Labels: make([]json.RawMessage, lines),
		}}
}

// row converts line i: its body into b.text, its labels into b.labelsJSON,
// its id's hash into b.sums. The time is set here; finish sets the rest
// once the text is one string.
func (b *rowBuilder) row(i int, l sls.Log) {
	sp := &b.spans[i]
	if b.done == 1 && b.lines > 2 {
		// Size the shared buffers for all lines at the first one's size
		// (and an eighth more), so that they are not copied as they grow.
		b.text = slices.Grow(b.text, len(b.text)*(b.lines-1)*9/8)
		b.labelsJSON = slices.Grow(b.labelsJSON, len(b.labelsJSON)*(b.lines-1)*9/8)
	}
	b.done++
	var secs, nanos int64
	var body string
	k := lookUp(l)
	bodyKey := k.firstKey(l, bodyKeys)
	b.labels, b.pairs = b.labels[:0], b.pairs[:0]
	for _, f := range l {
		switch f.Key {
		case slsTimeKey:
			secs, _ = strconv.ParseInt(strings.TrimSpace(f.Value), 10, 64)
			continue
		case slsTimeNSKey:
			nanos, _ = strconv.ParseInt(strings.TrimSpace(f.Value), 10, 64)
			continue
		case bodyKey:
			body = f.Value // of a repeated key, the last
			continue
		case slsPackIDTag:
			b.labels = append(b.labels, frames.Label{Key: LabelPackID, Value: f.Value})
			continue
		case slsPackMetaTag, LabelPackMeta:
			b.labels = append(b.labels, frames.Label{Key: LabelPackMeta, Value: f.Value})
			continue
		case slsIndexNumber:
			continue
		}
		if f.Null {
			continue
		}
		b.labels = append(b.labels, frames.Label{Key: f.Key, Value: f.Value})
	}
	b.cols.Time[i] = time.Unix(secs, nanos).UTC()
	sameKeys := b.labelOrder.apply(b.labels, func(l frames.Label) string { return l.Key })
	withRepeats := len(b.labels)
	b.labels = frames.SortLabels(b.labels)
	labelsUnique := len(b.labels) == withRepeats
	b.labelsJSON = b.labelsWriter.append(b.labelsJSON, b.labels, sameKeys)
	sp.labelsEnd = len(b.labelsJSON)
	sp.level = k.firstValue(l, levelKeys)
	b.sums[i] = b.logID(l, &k)
	sp.bodyStart = len(b.text)
	if bodyKey == "" {
		b.appendPairs(l, labelsUnique)
	} else {
		b.text = append(b.text, body...)
	}
	sp.bodyEnd = len(b.text)
}

// appendPairs writes the body of a line without content/message: its
// key=value pairs sorted as strings and joined by spaces. Those pairs are
// the line's labels without SLS's reserved keys (which all start with
// "__"), and the labels are sorted by key already: that is the pairs'
// order too, unless two keys are the same (the labels kept one) or a key
// starts another that goes on with a byte up to '=' ("a" and "a-b":
// "a-b=…" sorts before "a=…"). Only those lines sort their pairs anew.
func (b *rowBuilder) appendPairs(l sls.Log, labelsUnique bool) {
	if labelsUnique && pairsInKeyOrder(b.labels) {
		first := true
		for _, lb := range b.labels {
			if strings.HasPrefix(lb.Key, "__") {
				continue
			}
			b.appendPair(lb.Key, lb.Value, first)
			first = false
		}
		return
	}
	// The fields the labels took, less the reserved ones; the body key is
	// "" here, and a field of that key went to neither.
	b.pairs = b.pairs[:0]
	for _, f := range l {
		if !f.Null && f.Key != "" && !strings.HasPrefix(f.Key, "__") {
			b.pairs = append(b.pairs, f)
		}
	}
	b.pairOrder.apply(b.pairs, func(f sls.Field) string { return f.Key })
	slices.SortStableFunc(b.pairs, comparePairs)
	for i, f := range b.pairs {
		b.appendPair(f.Key, f.Value, i == 0)
	}
}

func (b *rowBuilder) appendPair(key, value string, first bool) {
	if !first {
		b.text = append(b.text, ' ')
	}
	b.text = append(b.text, key...)
	b.text = append(b.text, '=')
	b.text = append(b.text, value...)
}

// pairsInKeyOrder reports whether labels (sorted, keys unique) list their
// key=value pairs, reserved keys left out, in the order of the strings
// key+"="+value: true unless a key is followed by one it starts, whose
// next byte is '=' or sorts before it.
func pairsInKeyOrder(labels []frames.Label) bool {
	prev := ""
	havePrev := false
	for _, lb := range labels {
		if strings.HasPrefix(lb.Key, "__") {
			continue
		}
		if havePrev && strings.HasPrefix(lb.Key, prev) && lb.Key[len(prev)] <= '=' {
			return false
		}
		prev, havePrev = lb.Key, true
	}
	return true
}

// keyOrder remembers the order sorting put the previous line's items in.
// The lines of a logstore mostly carry the same keys in the same order, and
// a slice already in order sorts in one pass; the sort that follows apply
// keeps the result right whatever the cache holds.
type keyOrder[T any] struct {
	keys  []string
	order []int
	tmp   []T
}

// apply puts items in the order remembered for the same key sequence and
// reports true; for new keys it leaves them as they are, remembers their
// order by key and reports false.
func (o *keyOrder[T]) apply(items []T, key func(T) string) bool {
	if len(items) == len(o.keys) {
		same := true
		for i, it := range items {
			if key(it) != o.keys[i] {
				same = false
				break
			}
		}
		if same {
			o.tmp = append(o.tmp[:0], items...)
			for i, j := range o.order {
				items[i] = o.tmp[j]
			}
			return true
		}
	}
	o.keys, o.order = o.keys[:0], o.order[:0]
	for i, it := range items {
		o.keys = append(o.keys, key(it))
		o.order = append(o.order, i)
	}
	slices.SortStableFunc(o.order, func(a, b int) int { return strings.Compare(o.keys[a], o.keys[b]) })
	return false
}

// comparePairs orders two fields as the strings key+"="+value would be
// ordered, without building them.
func comparePairs(x, y sls.Field) int {
	if x.Key == y.Key {
		return strings.Compare(x.Value, y.Value)
	}
	n := min(len(x.Key), len(y.Key))
	if c := strings.Compare(x.Key[:n], y.Key[:n]); c != 0 {
		return c
	}
	// One key is a prefix of the other (rare): compare the strings.
	return strings.Compare(x.Key+"="+x.Value, y.Key+"="+y.Value)
}

// finish copies the page's text and labels into the arena and hands each
// row its body, labels and severity as pieces of them: the lines' page is
// no longer needed. The ids are left to the chunk's assignIDs, since a
// repeated line's suffix depends on the lines before it, in other pages too.
func (b *rowBuilder) finish(arena *textArena) *logsChunk {
	text, labels := arena.keep(b.text, b.labelsJSON)
	scratchPool.Put(&scratch{text: b.text[:0], labels: b.labelsJSON[:0]})
	b.text, b.labelsJSON = nil, nil
	labelsStart := 0
	for i := range b.spans {
		sp := &b.spans[i]
		b.cols.Body[i] = text[sp.bodyStart:sp.bodyEnd]
		b.cols.Severity[i] = frames.SeverityOf(sp.level, b.cols.Body[i])
		b.cols.Labels[i] = labels[labelsStart:sp.labelsEnd:sp.labelsEnd]
		labelsStart = sp.labelsEnd
	}
	return &logsChunk{cols: b.cols, sums: b.sums}
}

// logID hashes what identifies a line: pack id, pack meta, time and
// content (the fields not reserved by SLS, in order). Reserved extras that
// differ between APIs (GetContextLogs' __index_number__) are left out, so a
// line keeps its id in its own context. The id is the first 10 bytes of the
// SHA-1 of those strings, each followed by a 0 byte.
func (b *rowBuilder) logID(l sls.Log, k *lineKeys) [slsIDBytes]byte {
	packMeta, ok := k.get(l, LabelPackMeta)
	if !ok {
		packMeta, _ = k.get(l, slsPackMetaTag)
	}
	packID, _ := k.get(l, slsPackIDTag)
	secs, _ := k.get(l, slsTimeKey)
	nanos, _ := k.get(l, slsTimeNSKey)
	source, _ := k.get(l, "__source__")
	topic, _ := k.get(l, "__topic__")
	h := b.hash[:0]
	for _, v := range [...]string{packID, packMeta, secs, nanos, source, topic} {
		h = append(append(h, v...), 0)
	}
	for _, f := range l {
		if strings.HasPrefix(f.Key, "__") {
			continue
		}
		h = append(append(h, f.Key...), 0)
		h = append(append(h, f.Value...), 0)
	}
	b.hash = h
	sum := sha1.Sum(h)
	return [slsIDBytes]byte(sum[:slsIDBytes])
}
