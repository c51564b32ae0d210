package clsemu

import (
	"fmt"
	"net/http"

	"github.com/logbridge/cloudlogs/pkg/emulator/tcparams"
)

// DescribeLogHistogram (CLS.md 2.7): log counts per interval.

type histogramRequest struct {
	From, To   tcparams.FlexInt
	Query      string
	TopicId    string
	Interval   tcparams.FlexInt
	SyntaxRule tcparams.FlexInt
}

type histogramInfo struct {
	Count int64
	BTime int64
}

type histogramResponse struct {
	Interval       int64
	TotalCount     int64
	HistogramInfos []histogramInfo
	RequestId      string
}

const maxHistogramBuckets = 200

// niceIntervals pick an interval when none is given [INFERRED]: the
// smallest that keeps (To-From)/Interval within 200.
var niceIntervals = []int64{1_000, 2_000, 5_000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000,
	3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000, 7 * 86_400_000, 30 * 86_400_000}

func (s *Server) describeLogHistogram(r *http.Request, params []byte) (any, *apiError) {
	var req histogramRequest
	if e := decode(params, &req); e != nil {
		return nil, e
	}
	switch {
	case !req.From.Set:
		return nil, errMissingParameter("From")
	case !req.To.Set:
		return nil, errMissingParameter("To")
	case req.TopicId == "":
		return nil, errMissingParameter("TopicId")
	}
	from, to := req.From.Value, req.To.Value
	if from < 0 || to < from {
		return nil, errInvalidParameter(fmt.Sprintf("From %d and To %d must be Unix milliseconds with From <= To.", from, to))
	}
	interval := req.Interval.Value
	if !req.Interval.Set {
		interval = niceIntervals[len(niceIntervals)-1]
		for _, iv := range niceIntervals {
			if (to-from)/iv <= maxHistogramBuckets {
				interval = iv
				break
			}
		}
	}
	if interval <= 0 || (to-from)/interval > maxHistogramBuckets {
		return nil, errInvalidParameter(fmt.Sprintf("Interval %d ms gives more than %d buckets over [From, To): (To-From)/Interval must be at most %d.", interval, maxHistogramBuckets, maxHistogramBuckets))
	}
	syn := lucene // DescribeLogHistogram's SyntaxRule defaults to 0 (Lucene)
	if req.SyntaxRule.Set {
		syn = syntax(req.SyntaxRule.Value)
		if syn != lucene && syn != cql {
			return nil, errInvalidParameter("SyntaxRule must be 0 (Lucene) or 1 (CQL).")
		}
	}
	if len(req.Query) > maxQueryBytes {
		return nil, errInvalidParameter(fmt.Sprintf("The query is %d bytes; at most %d are allowed.", len(req.Query), maxQueryBytes))
	}
	search, _, hasSQL := splitQuery(req.Query)
	if hasSQL {
		return nil, errInvalidParameter("The emulator's DescribeLogHistogram counts logs: send the search condition without '| SQL'.")
	}
	if len(s.existing([]string{req.TopicId})) == 0 {
		return nil, errTopicNotExist(req.TopicId)
	}
	now := s.cfg.Now()
	s.catchUp(now, req.TopicId)
	release, e := s.enter(r, req.TopicId)
	if e != nil {
		return nil, e
	}
	defer release()
	s.mu.RLock()
	defer s.mu.RUnlock()
	t := s.topics[req.TopicId]
	m, err := compileSearch(search, syn, &t.index)
	if err != nil {
		return nil, errSyntax(err.Error())
	}
	first := from - mod(from, interval)
	out := histogramResponse{Interval: interval, HistogramInfos: []histogramInfo{}, RequestId: newRequestID()}
	for b := first; b < to || (b == first && from == to); b += interval {
		out.HistogramInfos = append(out.HistogramInfos, histogramInfo{BTime: b})
		if from == to {
			break
		}
	}
	upper := min(to, now.UnixMilli()+1)
	for _, rec := range t.window(from, upper) {
		if m.match(rec) {
			out.TotalCount++
			out.HistogramInfos[(rec.time-first)/interval].Count++
		}
	}
	return out, nil
}
