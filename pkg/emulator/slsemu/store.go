package slsemu

import (
	"encoding/base64"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
)

// Log is one log written to a logstore (AppendLogs, LoadFile).
type Log struct {
	// Time is the log time in Unix seconds (__time__).
	Time     int64
	Topic    string
	Source   string
	Contents map[string]string
}

// Index types of SLS field indexes; they decide how search and SQL compare.
const (
	typeText   = "text"
	typeLong   = "long"
	typeDouble = "double"
)

// packSize is how many consecutive logs of one source share a pack id, like
// the packs a Logtail agent uploads.
const packSize = 16

// record is a stored log. keys may be shared by many records of one schema.
type record struct {
	seq    int64 // 1-based, dense per logstore; the SQLite rowid
	time   int64
	topic  string
	source string
	keys   []string
	vals   []string
	// packNo and packIdx place the log in its source's packs (context logs).
	packNo  int32
	packIdx int16
	// rendered is the log's JSON once a page has written it (rendered.go).
	rendered atomic.Pointer[[]byte]
}

func (r *record) value(key string) (string, bool) {
	for i, k := range r.keys {
		if k == key {
			return r.vals[i], true
		}
	}
	return "", false
}

// before orders records by time, then by arrival.
func (r *record) before(o *record) bool {
	if r.time != o.time {
		return r.time < o.time
	}
	return r.seq < o.seq
}

type sourceLogs struct {
	prefix string // the pack id prefix of this source
	recs   []*record
	count  int // logs ever appended, numbers the packs
}

// logstore holds one logstore's logs in time order plus its index schema.
type logstore struct {
	name      string
	indexKeys []string          // index order
	index     map[string]string // key -> type
	inferred  map[string]bool   // typed from data, not declared
	recs      []*record         // sorted by (time, seq)
	bySeq     []*record         // bySeq[seq-1]
	sources   map[string]*sourceLogs
	ttlDays   int
	// renderedBytes is the JSON its logs keep (rendered.go).
	renderedBytes atomic.Int64
}

func newLogstore(name string, ttlDays int) *logstore {
	return &logstore{name: name, index: map[string]string{}, inferred: map[string]bool{}, sources: map[string]*sourceLogs{}, ttlDays: ttlDays}
}

// declare adds a key to the index; the first declaration wins.
func (ls *logstore) declare(key, typ string) {
	if _, ok := ls.index[key]; ok {
		return
	}
	ls.index[key] = typ
	ls.indexKeys = append(ls.indexKeys, key)
}

// inferType guesses the index type of a key from its first value: canonical
// integers are long, plain decimals double, everything else text.
func inferType(v string) string {
	if n, err := strconv.ParseInt(v, 10, 64); err == nil && strconv.FormatInt(n, 10) == v {
		return typeLong
	}
	if strings.Trim(v, "0123456789.-") == "" && strings.Count(v, ".") == 1 {
		if _, err := strconv.ParseFloat(v, 64); err == nil {
			return typeDouble
		}
	}
	return typeText
}

// add appends a record, keeping time order; rec.seq is assigned here.
func (ls *logstore) add(rec *record) {
	rec.seq = int64(len(ls.bySeq) + 1)
	ls.bySeq = append(ls.bySeq, rec)
	for i, k := range rec.keys {
		if _, ok := ls.index[k]; !ok {
			ls.declare(k, inferType(rec.vals[i]))
			ls.inferred[k] = true
		}
	}
	src := ls.sources[rec.source]
	if src == nil {
		src = &sourceLogs{prefix: fmt.Sprintf("%016X", hashString(ls.name+"\x00"+rec.source))}
		ls.sources[rec.source] = src
	}
	rec.packNo = int32(src.count / packSize)
	rec.packIdx = int16(src.count % packSize)
	src.count++
	src.recs = insertSorted(src.recs, rec)
	ls.recs = insertSorted(ls.recs, rec)
}

func insertSorted(recs []*record, rec *record) []*record {
	if n := len(recs); n == 0 || recs[n-1].before(rec) {
		return append(recs, rec)
	}
	i := sort.Search(len(recs), func(i int) bool { return rec.before(recs[i]) })
	recs = append(recs, nil)
	copy(recs[i+1:], recs[i:])
	recs[i] = rec
	return recs
}

// window returns the records with from <= time < to, oldest first.
func (ls *logstore) window(from, to int64) []*record {
	lo := sort.Search(len(ls.recs), func(i int) bool { return ls.recs[i].time >= from })
	hi := sort.Search(len(ls.recs), func(i int) bool { return ls.recs[i].time >= to })
	if hi < lo {
		hi = lo
	}
	return ls.recs[lo:hi]
}

func (ls *logstore) packID(rec *record) string {
	return ls.sources[rec.source].prefix + "-" + strings.ToUpper(strconv.FormatInt(int64(rec.packNo), 16))
}

// packMeta follows SLS's "shard|cursor|size|offset" shape; the cursor is the
// base64 of the log's sequence number, which GetContextLogs decodes.
func packMeta(rec *record) string {
	cursor := base64.StdEncoding.EncodeToString([]byte(strconv.FormatInt(rec.seq, 10)))
	return "0|" + cursor + "|" + strconv.Itoa(packSize) + "|" + strconv.Itoa(int(rec.packIdx))
}

// bySeqFromMeta finds the record a pack_meta names.
func (ls *logstore) bySeqFromMeta(meta string) (*record, bool) {
	parts := strings.Split(meta, "|")
	if len(parts) != 4 {
		return nil, false
	}
	raw, err := base64.StdEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, false
	}
	seq, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil || seq < 1 || seq > int64(len(ls.bySeq)) {
		return nil, false
	}
	return ls.bySeq[seq-1], true
}

// recordFromLog turns a public Log into a record with its keys sorted, so
// the JSON answers are stable.
func recordFromLog(l Log) *record {
	keys := make([]string, 0, len(l.Contents))
	for k := range l.Contents {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	vals := make([]string, len(keys))
	for i, k := range keys {
		vals[i] = l.Contents[k]
	}
	return &record{time: l.Time, topic: l.Topic, source: l.Source, keys: keys, vals: vals}
}
