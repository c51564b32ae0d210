package slsservice

import (
	"math"

	"github.com/logbridge/cloudlogs/pkg/sls"
)

// knownKeys are the keys a line is looked up by: the body and level keys
// and the reserved keys of its id.
var knownKeys = [...]string{"content", "message", "level", "severity", "log_level",
	LabelPackMeta, slsPackMetaTag, slsPackIDTag, slsTimeKey, slsTimeNSKey, "__source__", "__topic__"}

// knownKey is the index of key in knownKeys, or -1. A switch on strings is
// compiled into a search by length and value, much cheaper than comparing
// each field with each known key.
func knownKey(key string) int {
	switch key {
	case "content":
		return 0
	case "message":
		return 1
	case "level":
		return 2
	case "severity":
		return 3
	case "log_level":
		return 4
	case LabelPackMeta:
		return 5
	case slsPackMetaTag:
		return 6
	case slsPackIDTag:
		return 7
	case slsTimeKey:
		return 8
	case slsTimeNSKey:
		return 9
	case "__source__":
		return 10
	case "__topic__":
		return 11
	}
	return -1
}

// lineKeys is where each of knownKeys first occurs in a line (-1: nowhere),
// found in one pass instead of a search of the line per key.
type lineKeys [len(knownKeys)]int32

func lookUp(l sls.Log) lineKeys {
	var k lineKeys
	for i := range k {
		k[i] = -1
	}
	for i, f := range l {
		if j := knownKey(f.Key); j >= 0 && k[j] < 0 && i <= math.MaxInt32 {
			k[j] = int32(i)
		}
	}
	return k
}

// get is l.Get(key) for one of knownKeys.
func (k *lineKeys) get(l sls.Log, key string) (string, bool) {
	j := knownKey(key)
	if j < 0 {
		return l.Get(key)
	}
	if k[j] < 0 {
		return "", false
	}
	f := l[k[j]]
	return f.Value, !f.Null
}

// firstKey is the first of keys the line has with a value that is not null.
func (k *lineKeys) firstKey(l sls.Log, keys []string) string {
	for _, key := range keys {
		if _, ok := k.get(l, key); ok {
			return key
		}
	}
	return ""
}

// firstValue is the first non-empty value of keys in the line, or "".
func (k *lineKeys) firstValue(l sls.Log, keys []string) string {
	for _, key := range keys {
		if v, ok := k.get(l, key); ok && v != "" {
			return v
		}
	}
	return ""
}
