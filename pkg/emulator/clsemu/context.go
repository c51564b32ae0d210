package clsemu

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Context paging (CLS.md 2.5, 8): a Context continues the raw-log search
// that issued it, with every other parameter unchanged, for an hour of the
// emulator's clock, and for at most 10,000 logs in total through the chain.
const (
	contextTTL      = time.Hour
	maxContextChain = 10_000
)

type cursor struct {
	key      string // the request's other parameters
	topic    string
	afterT   int64 // the last log returned: (time, seq)
	afterSeq int64
	served   int
	issued   time.Time
}

type contextStore struct {
	mu    sync.Mutex
	m     map[string]cursor
	n     int64
	swept time.Time
}

func newContextStore() *contextStore { return &contextStore{m: map[string]cursor{}} }

func (c *contextStore) issue(cur cursor) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cur.issued.Sub(c.swept) > contextTTL {
		for id, old := range c.m {
			if cur.issued.Sub(old.issued) > contextTTL {
				delete(c.m, id)
			}
		}
		c.swept = cur.issued
	}
	c.n++
	sum := sha256.Sum256([]byte(fmt.Sprintf("%d/%s/%d/%d", c.n, cur.topic, cur.afterT, cur.afterSeq)))
	id := hex.EncodeToString(sum[:12]) + fmt.Sprintf("%x", c.n)
	c.m[id] = cur
	return id
}

// resume checks a Context against the request and the clock.
func (c *contextStore) resume(id, key, topic string, now time.Time) (cursor, *apiError) {
	c.mu.Lock()
	cur, ok := c.m[id]
	c.mu.Unlock()
	switch {
	case !ok:
		return cur, errInvalidContext("该 Context 不存在。", "The Context was not issued by this server.")
	case now.Sub(cur.issued) > contextTTL:
		return cur, errInvalidContext("Context 有效期为 1 小时。", "The Context is older than one hour.")
	case cur.topic != topic || cur.key != key:
		return cur, errInvalidContext("翻页时其他参数须保持不变。", "The other parameters changed since the Context was issued; keep them identical while paging.")
	}
	return cur, nil
}

// requestKey identifies a SearchLog request without its Context(s).
func requestKey(req searchRequest) string {
	req.Context = ""
	topics := make([]string, len(req.Topics))
	for i, t := range req.Topics {
		topics[i] = t.TopicId
	}
	sort.Strings(topics)
	req.Topics = nil
	b, _ := json.Marshal(struct {
		R searchRequest
		T []string
	}{req, topics})
	return string(b)
}

// after finds where a page resumes in time-ordered records.
func after(recs []*record, t, seq int64, ascending bool) int {
	probe := &record{time: t, seq: seq}
	if ascending {
		return sort.Search(len(recs), func(i int) bool { return probe.less(recs[i]) })
	}
	// Descending: the index, counted from the end, of the first record
	// before the probe.
	i := sort.Search(len(recs), func(i int) bool { return !recs[i].less(probe) })
	return len(recs) - i
}
