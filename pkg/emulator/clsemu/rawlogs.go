package clsemu

import (
	"strconv"
	"time"
)

// page is one topic's share of a raw-log answer.
type page struct {
	t    *topic
	recs []*record
	more bool // matches remain after recs
}

// collect walks a topic's window from the cursor in the requested order
// and returns up to n matches after skipping `skip`, and whether more
// remain. The caller holds the read lock.
func collect(t *topic, m matcher, p searchPlan, cur *cursor, skip, n int) page {
	window := t.window(p.from, p.to)
	start := 0
	if cur != nil {
		start = after(window, cur.afterT, cur.afterSeq, p.ascending)
	}
	out := page{t: t}
	for k := start; k < len(window); k++ {
		rec := window[k]
		if !p.ascending {
			rec = window[len(window)-1-k]
		}
		if !m.match(rec) {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		if len(out.recs) == n {
			out.more = true
			break
		}
		out.recs = append(out.recs, rec)
	}
	return out
}

func (s *Server) searchOne(p searchPlan, now time.Time) (any, *apiError) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t := s.topics[p.req.TopicId]
	m, err := compileSearch(p.search, p.syn, &t.index)
	if err != nil {
		return nil, errSyntax(err.Error())
	}
	key := requestKey(p.req)
	var cur *cursor
	served := 0
	if p.req.Context != "" {
		c, e := s.contexts.resume(p.req.Context, key, t.id, now)
		if e != nil {
			return nil, e
		}
		cur, served = &c, c.served
	}
	n := min(p.limit, maxContextChain-served)
	if p.offset > 0 {
		n = p.limit // Offset paging has no total cap
	}
	pg := collect(t, m, p, cur, p.offset, n)
	out := newSearchResponse(p)
	out.Results = s.logInfos(pg)
	out.ListOver = !pg.more
	if pg.more && p.offset == 0 && served+len(pg.recs) < maxContextChain && len(pg.recs) > 0 {
		last := pg.recs[len(pg.recs)-1]
		out.Context = s.contexts.issue(cursor{key: key, topic: t.id, afterT: last.time, afterSeq: last.seq,
			served: served + len(pg.recs), issued: now})
	}
	return out, nil
}

// searchMany merges several topics' logs in time order; each topic pages
// with its own Context (Topics[].Context, answered in Topics.Infos).
func (s *Server) searchMany(p searchPlan, now time.Time) (any, *apiError) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	key := requestKey(p.req)
	out := newSearchResponse(p)
	out.Topics = &searchTopics{Errors: []topicError{}, Infos: []topicInfoPage{}}
	var pages []page
	var cursors []*cursor
	for _, tc := range p.req.Topics {
		t := s.topics[tc.TopicId]
		if t == nil {
			e := errTopicNotExist(tc.TopicId)
			out.Topics.Errors = append(out.Topics.Errors, topicError{TopicId: tc.TopicId, ErrorMsg: e.English, ErrorCodeStr: e.Code})
			continue
		}
		m, err := compileSearch(p.search, p.syn, &t.index)
		if err != nil {
			return nil, errSyntax(err.Error())
		}
		var cur *cursor
		if tc.Context != "" {
			c, e := s.contexts.resume(tc.Context, key, t.id, now)
			if e != nil {
				return nil, e
			}
			cur = &c
		}
		served := 0
		if cur != nil {
			served = cur.served
		}
		pages = append(pages, collect(t, m, p, cur, 0, min(p.limit, maxContextChain-served)))
		cursors = append(cursors, cur)
	}
	// Merge: take the first Limit logs over all topics in the sort order.
	taken := make([]int, len(pages))
	for len(out.Results) < p.limit {
		best := -1
		for i, pg := range pages {
			if taken[i] == len(pg.recs) {
				continue
			}
			if best < 0 || before(pg.recs[taken[i]], pages[best].recs[taken[best]], p.ascending) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		rec := pages[best].recs[taken[best]]
		out.Results = append(out.Results, s.logInfo(pages[best].t, rec))
		taken[best]++
	}
	out.ListOver = true
	for i, pg := range pages {
		more := pg.more || taken[i] < len(pg.recs)
		info := topicInfoPage{TopicId: pg.t.id, Period: pg.t.period}
		served := taken[i]
		if cursors[i] != nil {
			served += cursors[i].served
		}
		if more {
			out.ListOver = false
			if served < maxContextChain {
				c := cursor{key: key, topic: pg.t.id, served: served, issued: now}
				if cursors[i] != nil {
					c.afterT, c.afterSeq = cursors[i].afterT, cursors[i].afterSeq
				} else {
					c.afterT, c.afterSeq = startKey(p.ascending)
				}
				if taken[i] > 0 {
					last := pg.recs[taken[i]-1]
					c.afterT, c.afterSeq = last.time, last.seq
				}
				info.Context = s.contexts.issue(c)
			}
		}
		out.Topics.Infos = append(out.Topics.Infos, info)
	}
	return out, nil
}

// startKey is a cursor position before every log in the given order.
func startKey(ascending bool) (int64, int64) {
	if ascending {
		return -1 << 62, -1
	}
	return 1 << 62, 1 << 62
}

func before(a, b *record, ascending bool) bool {
	if ascending {
		return a.less(b)
	}
	return b.less(a)
}

func newSearchResponse(p searchPlan) *searchResponse {
	return &searchResponse{
		ColNames: []string{}, Results: []logInfo{}, AnalysisResults: []logItems{}, AnalysisRecords: []string{},
		Columns: []column{}, SamplingRate: 1, RequestId: newRequestID(),
	}
}

func (s *Server) logInfos(pg page) []logInfo {
	out := make([]logInfo, len(pg.recs))
	for i, rec := range pg.recs {
		out[i] = s.logInfo(pg.t, rec)
	}
	return out
}

func (s *Server) logInfo(t *topic, rec *record) logInfo {
	return logInfo{
		Time: rec.time, TopicId: t.id, TopicName: t.name, Source: rec.source, FileName: rec.fileName,
		PkgId: rec.pkgID, PkgLogId: strconv.FormatInt(rec.pkgLogID, 10), HighLights: []any{},
		LogJson: rec.logJSON(), HostName: rec.hostName,
	}
}
