package slsemu

import (
	"net/url"
	"sort"
	"strconv"
)

// maxContextLines caps back_lines and forward_lines.
const maxContextLines = 100

func contextLines(q url.Values, key string) (int, *apiError) {
	v := q.Get(key)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > maxContextLines {
		return 0, badRequest("ParameterInvalid", "%s is invalid: use an integer in 0..%d, got %q", key, maxContextLines, v)
	}
	return n, nil
}

// getContextLogs answers the logs around one log from the same source, in
// the source's order, each with __index_number__ (negative before, 0 for the
// log itself, positive after).
func (s *Server) getContextLogs(name string, q url.Values) (*response, *apiError) {
	back, e := contextLines(q, "back_lines")
	if e != nil {
		return nil, e
	}
	forward, e := contextLines(q, "forward_lines")
	if e != nil {
		return nil, e
	}
	packID, meta := q.Get("pack_id"), q.Get("pack_meta")
	if packID == "" || meta == "" {
		return nil, badRequest("ParameterInvalid", "pack_id and pack_meta are required: copy __tag__:__pack_id__ and __pack_meta__ from a GetLogs result")
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	ls, e := s.store(name)
	if e != nil {
		return nil, e
	}
	rec, ok := ls.bySeqFromMeta(meta)
	if !ok || ls.packID(rec) != packID {
		return nil, badRequest("ParameterInvalid", "no log has pack_id %q and pack_meta %q in logstore %s", packID, meta, name)
	}
	src := ls.sources[rec.source].recs
	at := sort.Search(len(src), func(i int) bool { return !src[i].before(rec) })
	lo, hi := max(0, at-back), min(len(src), at+forward+1)
	body := []byte(`{"progress":"Complete","total_lines":`)
	body = strconv.AppendInt(body, int64(hi-lo), 10)
	body = append(body, `,"back_lines":`...)
	body = strconv.AppendInt(body, int64(at-lo), 10)
	body = append(body, `,"forward_lines":`...)
	body = strconv.AppendInt(body, int64(hi-at-1), 10)
	body = append(body, `,"logs":[`...)
	for i := lo; i < hi; i++ {
		if i > lo {
			body = append(body, ',')
		}
		body = appendLog(body, ls, src[i], "__index_number__", strconv.Itoa(i-at))
	}
	resp := newResponse()
	resp.body = append(body, "]}"...)
	return resp, nil
}
