package clsemu

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Field is one LogJson key and its value (CLS stores every value as a string).
type Field struct{ Key, Value string }

// Record is one log line of a topic, as tests add it (AddRecords).
type Record struct {
	Time time.Time
	// Fields are the LogJson keys in order; keys outside the topic's index
	// are kept and returned, found by full-text search only and not SQL
	// columns.
	Fields   []Field
	Source   string
	FileName string
	HostName string
	// PkgID defaults to one id per AddRecords call; PkgLogID to the record's
	// place in it.
	PkgID    string
	PkgLogID int64
}

// record is a stored line. keys is shared by records with the same key
// list, so hundreds of thousands of SCF records do not copy 14 key names.
type record struct {
	seq      int64 // per topic, in arrival order: the SQL rowid
	time     int64 // ms
	keys     []string
	vals     []string
	source   string
	fileName string
	hostName string
	pkgID    string
	pkgLogID int64
}

func (r *record) value(key string) (string, bool) {
	for i, k := range r.keys {
		if k == key {
			return r.vals[i], true
		}
	}
	return "", false
}

// logJSON is LogInfo.LogJson: the record's keys in order, all values strings.
func (r *record) logJSON() string {
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range r.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		vb, _ := json.Marshal(r.vals[i])
		b.Write(kb)
		b.WriteByte(':')
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.String()
}

// less orders records by time, then arrival.
func (r *record) less(o *record) bool {
	if r.time != o.time {
		return r.time < o.time
	}
	return r.seq < o.seq
}

// AddRecords stores lines in a topic (tests use it for exact
// expectations; 30,000 lines take a few milliseconds). Records may come in
// any time order.
func (s *Server) AddRecords(topicID string, recs ...Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.topics[topicID]
	if t == nil {
		return fmt.Errorf("clsemu: no topic %q", topicID)
	}
	batch := s.nextPkg
	s.nextPkg++
	out := make([]*record, len(recs))
	for i, rec := range recs {
		if rec.Time.IsZero() {
			return fmt.Errorf("clsemu: record %d has no Time", i)
		}
		keys := make([]string, len(rec.Fields))
		vals := make([]string, len(rec.Fields))
		for j, f := range rec.Fields {
			keys[j], vals[j] = f.Key, f.Value
		}
		pkg := rec.PkgID
		if pkg == "" {
			pkg = fmt.Sprintf("%016X-%X", batch, i/1000)
		}
		out[i] = &record{
			time: rec.Time.UnixMilli(), keys: s.internKeys(keys), vals: vals, source: rec.Source,
			fileName: rec.FileName, hostName: rec.HostName, pkgID: pkg, pkgLogID: rec.PkgLogID,
		}
		if rec.PkgID == "" && rec.PkgLogID == 0 {
			out[i].pkgLogID = int64(i % 1000)
		}
	}
	t.add(out)
	return nil
}

// internKeys shares one slice per distinct key list.
func (s *Server) internKeys(keys []string) []string {
	id := strings.Join(keys, "\x00")
	if k, ok := s.keyLists[id]; ok {
		return k
	}
	s.keyLists[id] = keys
	return keys
}

// add stores records (caller holds the server's write lock): arrival
// order for SQL, and time order merged in for search.
func (t *topic) add(recs []*record) {
	for _, r := range recs {
		r.seq = int64(len(t.bySeq))
		t.bySeq = append(t.bySeq, r)
	}
	sorted := append([]*record(nil), recs...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].less(sorted[j]) })
	if len(t.byTime) == 0 || !sorted[0].less(t.byTime[len(t.byTime)-1]) {
		t.byTime = append(t.byTime, sorted...)
		return
	}
	merged := make([]*record, 0, len(t.byTime)+len(sorted))
	i, j := 0, 0
	for i < len(t.byTime) && j < len(sorted) {
		if sorted[j].less(t.byTime[i]) {
			merged = append(merged, sorted[j])
			j++
		} else {
			merged = append(merged, t.byTime[i])
			i++
		}
	}
	merged = append(merged, t.byTime[i:]...)
	t.byTime = append(merged, sorted[j:]...)
}

// window returns the records with from <= time < to in time order.
func (t *topic) window(from, to int64) []*record {
	lo := sort.Search(len(t.byTime), func(i int) bool { return t.byTime[i].time >= from })
	hi := sort.Search(len(t.byTime), func(i int) bool { return t.byTime[i].time >= to })
	if hi < lo {
		hi = lo
	}
	return t.byTime[lo:hi]
}
