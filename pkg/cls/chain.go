package cls

import (
	"context"
	"slices"
)

// chainResult is what one Context chain read.
type chainResult struct {
	// logs are in range and in the requested order.
	logs []Log
	// need is how many logs the search still wanted when the chain began.
	need int
	// pages counts the answers received.
	pages int
	// listOver: CLS said every matching log of the range was returned.
	listOver bool
}

// chain reads [from, to) with one SearchLog call and the calls its Context
// leads to, until ListOver, until it has what the search still needs, or
// until CLS gives no more cursor (the 10,000-log cap). Every call of the
// chain sends the same parameters but Context, Limit included, since
// changing any of them invalidates the cursor (CLS.md §2.1, §8).
func (s *search) chain(ctx context.Context, from, to int64) (chainResult, error) {
	res := chainResult{need: s.need()}
	req := searchLogRequest{
		From: from, To: to, Query: s.query, SyntaxRule: s.syntax, Sort: s.sortName(),
		Limit: min(res.need, MaxLimit), UseNewAnalysis: true,
	}
	multi := len(s.topics) > 1
	if multi {
		for _, t := range s.topics {
			req.Topics = append(req.Topics, topicContext{TopicID: t})
		}
	} else {
		req.TopicID = s.topics[0]
	}
	var seen map[logKey]bool
	if multi {
		seen = map[logKey]bool{}
	}
	// Several topics' logs are put in time order however the chain ends:
	// a chain cut short by an expired cursor is read on after its last log.
	if multi {
		defer func() { s.mergeOrder(res.logs) }() // sorts in place: the result shares the array
	}
	received := 0
	var memory logMemory // what the chain's logs share
	for {
		if s.request == "" {
			s.request = Describe("SearchLog", req)
		}
		var out searchPage
		s.calls++
		if err := s.c.call(ctx, "SearchLog", s.topics, req, &out); err != nil {
			return res, err
		}
		if err := out.topicError("SearchLog", s.c.cfg.Region); err != nil {
			return res, err
		}
		res.pages++
		received += len(out.Results)
		for i := range out.Results {
			li := &out.Results[i]
			if li.Time < from || li.Time >= to {
				continue // a bound CLS treats as inclusive: the next part has it
			}
			if seen != nil {
				k := logKey{li.TopicID, li.PkgID, string(li.PkgLogID), li.Time}
				if li.PkgID != "" && seen[k] {
					continue
				}
				seen[k] = true
			}
			res.logs = append(res.logs, li.toLogFrom(&memory))
		}
		res.listOver = out.ListOver
		if out.ListOver || len(res.logs) >= res.need || received >= s.c.contextCap || len(out.Results) == 0 || !nextPage(&req, &out.searchLogResponse) {
			return res, nil
		}
	}
}

// logKey identifies a log across the pages of a several-topic chain.
type logKey struct {
	topic, pkg, pkgLog string
	ms                 int64
}

// nextPage sets the cursor of the next call from an answer; false when the
// answer gave none. Several topics each carry their cursor in Topics.Infos;
// every topic is sent again with the cursor CLS gave it, so the other
// parameters stay as they were.
func nextPage(req *searchLogRequest, out *searchLogResponse) bool {
	if req.TopicID != "" {
		req.Context = out.Context
		return out.Context != ""
	}
	if out.Topics == nil {
		return false
	}
	more := false
	for i := range req.Topics {
		req.Topics[i].Context = ""
		for _, info := range out.Topics.Infos {
			if info.TopicID == req.Topics[i].TopicID {
				req.Topics[i].Context = info.Context
				more = more || info.Context != ""
			}
		}
	}
	return more
}

// mergeOrder sorts several topics' logs by time in the requested order,
// keeping CLS's order among logs of the same millisecond.
func (s *search) mergeOrder(logs []Log) {
	slices.SortStableFunc(logs, func(a, b Log) int {
		c := a.Time.Compare(b.Time)
		if s.desc {
			return -c
		}
		return c
	})
}
