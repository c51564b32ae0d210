package cls

import (
	"context"
	"slices"
	"strings"

	"github.com/logbridge/cloudlogs/pkg/querytext"
)

// Search reads raw logs (no SQL) of [From, To) in the requested order, up
// to Limit, without repeats. One Context chain returns at most 10,000 logs
// (CLS.md §2.5); past that the rest of the range is read in parts planned
// from DescribeLogHistogram, each holding fewer than 10,000 logs, walked in
// the requested order. Several topics are searched in one call (Topics) and
// their logs merged by time. When more than one page is wanted and the
// histogram counts more than one page of logs, parts of the range are read
// at once (inParallel).
func (c *Client) Search(ctx context.Context, r SearchRequest) (*SearchResult, error) {
	s, err := c.newSearch(r)
	if err != nil {
		return nil, err
	}
	from, to := toMillis(r.From), toMillis(r.To)
	covered, parallel := false, false
	if s.limit > MaxLimit && c.cfg.TopicConcurrency > 1 {
		covered, parallel, err = s.inParallel(ctx, from, to)
	}
	if !parallel && err == nil {
		covered, err = s.span(ctx, from, to)
	}
	if err != nil {
		return nil, err
	}
	return &SearchResult{Logs: s.logs, Complete: covered, Calls: s.calls, Request: s.request, HistogramCalls: s.histogramCalls}, nil
}

// search is one Search call's state: what it asks and what it has read.
type search struct {
	c      *Client
	topics []string
	query  string
	syntax Syntax
	desc   bool
	limit  int

	logs           []Log
	calls          int
	histogramCalls int
	request        string
}

func (c *Client) newSearch(r SearchRequest) (*search, error) {
	topics, err := checkTopics(r.TopicIDs)
	if err != nil {
		return nil, err
	}
	query, err := checkQuery(r.Query, r.Syntax)
	if err != nil {
		return nil, err
	}
	if HasSQL(query, r.Syntax) {
		return nil, invalid("the query has an SQL part (after |): run it with Analyze, not Search")
	}
	if !r.To.After(r.From) {
		return nil, invalid("the time range %s..%s is empty", r.From, r.To)
	}
	if r.Limit < 1 {
		return nil, invalid("the line limit must be at least 1, got %d", r.Limit)
	}
	desc := true
	switch strings.ToLower(r.Sort) {
	case "", "desc":
	case "asc":
		desc = false
	default:
		return nil, invalid("sort must be asc or desc, got %q", r.Sort)
	}
	return &search{c: c, topics: topics, query: query, syntax: r.Syntax, desc: desc, limit: r.Limit}, nil
}

// checkTopics refuses no topic, an empty id and more than MaxTopics, and
// drops repeated ids (which would return each log twice).
func checkTopics(ids []string) ([]string, error) {
	var topics []string
	for _, id := range ids {
		id = strings.TrimSpace(id)
		if id == "" {
			return nil, invalid("a topic id is empty")
		}
		if !slices.Contains(topics, id) {
			topics = append(topics, id)
		}
	}
	if len(topics) == 0 {
		return nil, invalid("no topic chosen")
	}
	if len(topics) > MaxTopics {
		return nil, invalid("%d topics chosen; CLS searches at most %d at once", len(topics), MaxTopics)
	}
	return topics, nil
}

// checkQuery defaults an empty query to every log and applies CLS's limits.
func checkQuery(q string, syntax Syntax) (string, error) {
	if syntax != SyntaxCQL && syntax != SyntaxLucene {
		return "", invalid("unknown query syntax %d (0 Lucene, 1 CQL)", syntax)
	}
	if strings.TrimSpace(q) == "" {
		return querytext.DefaultSearch, nil
	}
	if len(q) > MaxQueryBytes {
		return "", invalid("the query is %d bytes; CLS accepts at most %d", len(q), MaxQueryBytes)
	}
	return q, nil
}

// HasSQL reports whether a query has an analytic part ("search | SQL"),
// by the one split rule of pkg/querytext in the syntax's quoting.
func HasSQL(query string, syntax Syntax) bool {
	return querytext.Parse(strings.TrimSpace(query), dialect(syntax)).HasPipe
}

// dialect is the quoting of a syntax: CQL phrases are "…" and '…', Lucene's
// only "…" (CLS.md §2.4).
func dialect(s Syntax) querytext.Dialect {
	if s == SyntaxCQL {
		return querytext.DoubleAndSingleQuotes
	}
	return querytext.DoubleQuotes
}

func (s *search) need() int { return s.limit - len(s.logs) }

func (s *search) sortName() string {
	if s.desc {
		return "desc"
	}
	return "asc"
}

// take appends logs (already in order) up to the limit; false when some
// were left out.
func (s *search) take(logs []Log) bool {
	n := min(len(logs), s.need())
	s.logs = append(s.logs, logs[:n]...)
	return n == len(logs)
}

// span reads [from, to) into s.logs and reports whether all of it was read.
// A chain that ends without ListOver (the 10,000 cap, or a cursor that
// expired) is cut before its last millisecond: the logs before it are
// complete, and the rest of the range, that millisecond included, is read
// anew, so no log is repeated or lost at the seam.
func (s *search) span(ctx context.Context, from, to int64) (bool, error) {
	restarted := false
	for {
		if s.need() == 0 {
			return false, nil
		}
		ch, err := s.chain(ctx, from, to)
		switch {
		case err != nil && isInvalidContext(err) && ch.pages > 0 && !restarted:
			// The cursor expired or was refused mid-way: go on after the
			// last log seen, once. A second refusal is reported.
			restarted = true
		case err != nil:
			return false, err
		case ch.listOver:
			return s.take(ch.logs), nil
		case len(ch.logs) >= ch.need:
			s.take(ch.logs)
			return false, nil
		}
		kept, restFrom, restTo := s.cut(ch.logs, from, to)
		if len(kept) == 0 && err == nil {
			// CLS stopped inside one millisecond: it holds more logs than
			// a chain can return, and no smaller range reaches the rest.
			s.take(ch.logs)
			return false, nil
		}
		if !s.take(kept) || s.need() == 0 {
			return false, nil
		}
		from, to = restFrom, restTo
		if err == nil {
			return s.parts(ctx, from, to)
		}
	}
}

// cut splits a chain's logs (in order) at the last millisecond seen: the
// logs before it, and the part of [from, to) still to read. Ranges are
// [From, To) in ms, so for desc the rest is [from, last+1).
func (s *search) cut(logs []Log, from, to int64) (kept []Log, restFrom, restTo int64) {
	if len(logs) == 0 {
		return nil, from, to
	}
	last := logs[len(logs)-1].Time.UnixMilli()
	n := len(logs)
	for n > 0 && logs[n-1].Time.UnixMilli() == last {
		n--
	}
	if s.desc {
		return logs[:n], from, last + 1
	}
	return logs[:n], last, to
}
