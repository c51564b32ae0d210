package slsservice

import "github.com/logbridge/cloudlogs/pkg/frames"

// labelsWriter writes a line's labels object byte for byte as
// frames.AppendLabelsJSON does. The lines of a logstore mostly carry the
// same keys: while they do, each key is copied as the previous line had it
// written, and only the values are encoded (the keys were about a third of
// the labels' bytes and of the time writing them).
type labelsWriter struct {
	// keys holds the previous line's `"key":` pieces, each after the first
	// with its comma; ends[i] is where piece i ends.
	keys []byte
	ends []int
}

// append appends labels (sorted, keys unique) as a JSON object. sameKeys
// says the line has the previous line's keys (keyOrder.apply).
func (w *labelsWriter) append(dst []byte, labels []frames.Label, sameKeys bool) []byte {
	if !sameKeys || len(w.ends) != len(labels) {
		w.keys, w.ends = w.keys[:0], w.ends[:0]
		for i, l := range labels {
			if i > 0 {
				w.keys = append(w.keys, ',')
			}
			w.keys = frames.AppendJSONString(w.keys, l.Key)
			w.keys = append(w.keys, ':')
			w.ends = append(w.ends, len(w.keys))
		}
	}
	dst = append(dst, '{')
	start := 0
	for i, l := range labels {
		dst = append(dst, w.keys[start:w.ends[i]]...)
		start = w.ends[i]
		dst = frames.AppendJSONString(dst, l.Value)
	}
	return append(dst, '}')
}
