package slsemu

import (
	"net/url"
	"strconv"
)

// histogramIntervals are the round bucket widths (seconds) GetHistograms
// chooses from: the smallest one giving at most 60 buckets over [from, to).
var histogramIntervals = []int64{1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200,
	10800, 21600, 43200, 86400, 172800, 604800, 2592000}

// histogramInterval picks the bucket width for a range.
func histogramInterval(from, to int64) int64 {
	span := to - from
	for _, iv := range histogramIntervals {
		if (span+iv-1)/iv <= 60 {
			return iv
		}
	}
	return (span + 59) / 60
}

// histogramBuckets splits [from, to) at multiples of the interval (since the
// epoch); the first and last buckets are clipped to the range.
func histogramBuckets(from, to int64) [][2]int64 {
	iv := histogramInterval(from, to)
	var out [][2]int64
	for start := from; start < to; {
		end := (start/iv + 1) * iv
		if end > to {
			end = to
		}
		out = append(out, [2]int64{start, end})
		start = end
	}
	return out
}

func (s *Server) getHistograms(name string, q url.Values) (*response, *apiError) {
	from, to, e := parseTimeRange(q)
	if e != nil {
		return nil, e
	}
	search, _, _ := splitQuery(q.Get("query")) // the analytic part does not bucket
	m, err := parseSearch(search)
	if err != nil {
		return nil, invalidQuery(err)
	}
	m = withTopic(m, q.Get("topic"))
	partial := s.incomplete.next("histogram "+canonicalResource(&url.URL{Path: name, RawQuery: q.Encode()}), s.ctl.Get().IncompleteRounds)

	buckets := histogramBuckets(from, to)
	counts := make([]int, len(buckets))
	s.mu.RLock()
	ls, e := s.store(name)
	if e != nil {
		s.mu.RUnlock()
		return nil, e
	}
	b := 0
	for _, rec := range ls.window(from, to) {
		for rec.time >= buckets[b][1] {
			b++
		}
		if m.match(ls, rec) {
			counts[b]++
		}
	}
	s.mu.RUnlock()

	total := 0
	body := []byte{'['}
	for i, bk := range buckets {
		// An Incomplete answer has only the first half of the buckets counted.
		done := !partial || i < len(buckets)/2
		n := counts[i]
		if !done {
			n = 0
		}
		total += n
		if i > 0 {
			body = append(body, ',')
		}
		body = append(body, `{"from":`...)
		body = strconv.AppendInt(body, bk[0], 10)
		body = append(body, `,"to":`...)
		body = strconv.AppendInt(body, bk[1], 10)
		body = append(body, `,"count":`...)
		body = strconv.AppendInt(body, int64(n), 10)
		body = append(body, `,"progress":"`...)
		body = append(body, progress(!done)...)
		body = append(body, `"}`...)
	}
	resp := newResponse()
	resp.body = append(body, ']')
	resp.header.Set("x-log-progress", progress(partial))
	resp.header.Set("x-log-count", strconv.Itoa(total))
	return resp, nil
}
