package slsemu

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/logbridge/cloudlogs/pkg/emulator/sqlengine"
)

// logsParams are GetLogs' query parameters, validated.
type logsParams struct {
	from, to     int64
	topic, query string
	line, offset int
	reverse      bool
}

// maxUnixSeconds bounds "to" (year 5138) so bucket arithmetic cannot overflow.
const maxUnixSeconds = 1e11

func parseTimeRange(q url.Values) (from, to int64, e *apiError) {
	f, err1 := strconv.ParseInt(q.Get("from"), 10, 64)
	t, err2 := strconv.ParseInt(q.Get("to"), 10, 64)
	if err1 != nil || err2 != nil || f >= t || f < 0 || t > maxUnixSeconds {
		return 0, 0, badRequest("InvalidTimeRange", "request time range is invalid: from and to must be Unix seconds with from < to (the range is [from, to)), got from=%q to=%q", q.Get("from"), q.Get("to"))
	}
	return f, t, nil
}

func parseLogsParams(q url.Values) (logsParams, *apiError) {
	p := logsParams{topic: q.Get("topic"), query: q.Get("query"), line: 100}
	var e *apiError
	if p.from, p.to, e = parseTimeRange(q); e != nil {
		return p, e
	}
	if v := q.Get("line"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 100 {
			return p, badRequest("InvalidLine", "line is invalid: use an integer in 0..100, got %q", v)
		}
		p.line = n
	}
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return p, badRequest("InvalidOffset", "offset is invalid: use an integer >= 0, got %q", v)
		}
		p.offset = n
	}
	switch v := strings.ToLower(q.Get("reverse")); v {
	case "", "false":
	case "true":
		p.reverse = true
	default:
		return p, badRequest("InvalidReverse", "Reverse value is invalid: use true or false, got %q", q.Get("reverse"))
	}
	return p, nil
}

func invalidQuery(err error) *apiError {
	return badRequest("InvalidQueryString", "query string is invalid: %s", err.Error())
}

// topicMatcher narrows a search to one topic, when given.
func withTopic(m matcher, topic string) matcher {
	if topic == "" {
		return m
	}
	return andMatch{topicMatch(topic), m}
}

type topicMatch string

func (t topicMatch) match(_ *logstore, rec *record) bool { return rec.topic == string(t) }

// logsResult is a GetLogs/GetProjectLogs answer before it is shaped for the
// classic GET (array + headers) or GetLogsV2 (meta + data).
type logsResult struct {
	array     []byte  // JSON array of logs or rows
	buf       *[]byte // array's buffer when it came from bodyBuffers
	count     int
	processed int
	partial   bool
	hasSQL    bool
	keys      []string
	started   time.Time
}

func (s *Server) getLogs(ctx context.Context, name string, q url.Values) (*logsResult, *apiError) {
	started := time.Now()
	p, e := parseLogsParams(q)
	if e != nil {
		return nil, e
	}
	search, sqlText, hasSQL := splitQuery(p.query)
	m, err := parseSearch(search)
	if err != nil {
		return nil, invalidQuery(err)
	}
	m = withTopic(m, p.topic)
	partial := s.incomplete.next("log "+canonicalResource(&url.URL{Path: name, RawQuery: q.Encode()}), s.ctl.Get().IncompleteRounds)

	s.mu.RLock()
	ls, e := s.store(name)
	if e != nil {
		s.mu.RUnlock()
		return nil, e
	}
	if hasSQL {
		to := p.to
		if partial {
			// A partial aggregate: the first half of the time range.
			to = p.from + (p.to-p.from)/2
		}
		res, scanned, err := s.runLogstoreSQL(ctx, ls, m, p.from, to, sqlText)
		s.mu.RUnlock()
		if err != nil {
			var ae *apiError
			if errors.As(err, &ae) {
				return nil, ae
			}
			return nil, invalidQuery(err)
		}
		body := make([]byte, 0, 64*len(res.rows)+2)
		body = append(body, '[')
		for i, row := range res.rows {
			if i > 0 {
				body = append(body, ',')
			}
			body = appendRow(body, res.columns, row)
		}
		body = append(body, ']')
		return &logsResult{array: body, count: len(res.rows), processed: scanned, partial: partial, hasSQL: true, keys: res.columns, started: started}, nil
	}

	window := ls.window(p.from, p.to)
	want := p.line
	if partial {
		want = p.line / 2
	}
	page := pageOf(ls, window, m, p.offset, want, p.reverse)
	buf := takeBuffer()
	body := append((*buf)[:0], '[')
	for i, rec := range page {
		if i > 0 {
			body = append(body, ',')
		}
		body = appendLog(body, ls, rec)
	}
	body = append(body, ']')
	*buf = body
	s.mu.RUnlock()
	return &logsResult{array: body, buf: buf, count: len(page), processed: len(window), partial: partial, started: started}, nil
}

// pageOf returns the logs of window, oldest first or newest first
// (reverse), that match m, from the offset-th on, at most want. Every log
// matches "*": its page is cut from the window without a scan.
func pageOf(ls *logstore, window []*record, m matcher, offset, want int, reverse bool) []*record {
	if _, all := m.(matchAll); all {
		from := min(offset, len(window))
		to := from + min(want, len(window)-from)
		if !reverse {
			return window[from:to]
		}
		page := make([]*record, 0, to-from)
		for i := from; i < to; i++ {
			page = append(page, window[len(window)-1-i])
		}
		return page
	}
	var page []*record
	skipped := 0
	for i := range window {
		rec := window[i]
		if reverse {
			rec = window[len(window)-1-i]
		}
		if len(page) >= want {
			break
		}
		if !m.match(ls, rec) {
			continue
		}
		if skipped < offset {
			skipped++
			continue
		}
		page = append(page, rec)
	}
	return page
}

func progress(partial bool) string {
	if partial {
		return "Incomplete"
	}
	return "Complete"
}

// logsResponse adds GetLogs' headers; in ObjectBody mode the array goes
// into the seed example's {progress,count,logs} object.
func (s *Server) logsResponse(res *logsResult, e *apiError) (*response, *apiError) {
	if e != nil {
		return nil, e
	}
	resp := newResponse()
	h := resp.header
	h.Set("x-log-progress", progress(res.partial))
	h.Set("x-log-count", strconv.Itoa(res.count))
	h.Set("x-log-processed-rows", strconv.Itoa(res.processed))
	h.Set("x-log-elapsed-millisecond", strconv.FormatInt(time.Since(res.started).Milliseconds(), 10))
	h.Set("x-log-has-sql", strconv.FormatBool(res.hasSQL))
	h.Set("x-log-query-info", queryInfo(res.keys))
	if s.objectBody.Load() {
		obj := make([]byte, 0, len(res.array)+64)
		obj = append(obj, `{"progress":"`...)
		obj = append(obj, progress(res.partial)...)
		obj = append(obj, `","count":`...)
		obj = strconv.AppendInt(obj, int64(res.count), 10)
		obj = append(obj, `,"logs":`...)
		obj = append(obj, res.array...)
		resp.body = append(obj, '}')
		giveBack(res.buf)
		return resp, nil
	}
	resp.body = res.array
	resp.recycle(res.buf)
	return resp, nil
}

func queryInfo(keys []string) string {
	b := []byte(`{"mode":0,"phraseQueryInfo":{"scanAll":"false","beginOffset":"0","endOffset":"0","endTime":"0"},"scanBytes":0,"limited":"0","keys":[`)
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
	}
	return string(append(b, `],"terms":[]}`...))
}

// runLogstoreSQL runs "search | sql" over the logs in [from, to) that match
// the search (caller holds s.mu.RLock). It returns the rows and how many
// logs the SQL read.
func (s *Server) runLogstoreSQL(ctx context.Context, ls *logstore, m matcher, from, to int64, sqlText string) (*sqlResult, int, error) {
	if err := s.db.sync(ctx, ls); err != nil {
		return nil, 0, errorf(http.StatusInternalServerError, "InternalServerError", "emulator SQL load: %v", err)
	}
	window := ls.window(from, to)
	scanned := len(window)
	where := fmt.Sprintf("__time__ >= %d AND __time__ < %d", from, to)
	if _, all := m.(matchAll); !all {
		bits := make([]uint64, len(ls.bySeq)/64+1)
		scanned = 0
		for _, rec := range window {
			if m.match(ls, rec) {
				bits[rec.seq/64] |= 1 << (rec.seq % 64)
				scanned++
			}
		}
		id, release := sqlengine.RegisterMatchSet(bits)
		defer release()
		where += fmt.Sprintf(" AND emu_match(%d, rowid)", id)
	}
	windowSQL := "SELECT " + s.db.selectList(ls) + " FROM " + quoteIdent(ls.name) + " WHERE " + where
	stmt, err := rewriteLogstoreSQL(sqlText, ls.name, windowSQL, formatTS(s.cfg.Now()))
	if err != nil {
		return nil, 0, err
	}
	res, err := s.db.query(ctx, stmt)
	return res, scanned, err
}
