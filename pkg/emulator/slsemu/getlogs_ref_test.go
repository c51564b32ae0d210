package slsemu

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The GetLogs and GetLogsV2 of commit d442152, before pages of "*" were
// cut without a scan, logs kept their JSON and bodies came from a pool: the
// differential tests hold the new ones to them. Only the code that changed
// is copied; the rest (parsing, matching, SQL) is shared.

func appendLogRef(b []byte, ls *logstore, rec *record, extra ...string) []byte {
	b = append(b, '{')
	b = appendField(b, true, "__time__", strconv.FormatInt(rec.time, 10))
	b = appendField(b, false, "__source__", rec.source)
	b = appendField(b, false, "__topic__", rec.topic)
	b = appendField(b, false, "__tag__:__pack_id__", ls.packID(rec))
	b = appendField(b, false, "__pack_meta__", packMeta(rec))
	for i, k := range rec.keys {
		b = appendField(b, false, k, rec.vals[i])
	}
	for i := 0; i+1 < len(extra); i += 2 {
		b = appendField(b, false, extra[i], extra[i+1])
	}
	return append(b, '}')
}

func (s *Server) getLogsRef(ctx context.Context, name string, q url.Values) (*logsResult, *apiError) {
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
	var page []*record
	skipped := 0
	for i := range window {
		rec := window[i]
		if p.reverse {
			rec = window[len(window)-1-i]
		}
		if len(page) >= want {
			break
		}
		if !m.match(ls, rec) {
			continue
		}
		if skipped < p.offset {
			skipped++
			continue
		}
		page = append(page, rec)
	}
	body := make([]byte, 0, 512*len(page)+2)
	body = append(body, '[')
	for i, rec := range page {
		if i > 0 {
			body = append(body, ',')
		}
		body = appendLogRef(body, ls, rec)
	}
	body = append(body, ']')
	s.mu.RUnlock()
	return &logsResult{array: body, count: len(page), processed: len(window), partial: partial, started: started}, nil
}

func (s *Server) logsResponseRef(res *logsResult, e *apiError) (*response, *apiError) {
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
		return resp, nil
	}
	resp.body = res.array
	return resp, nil
}

func (s *Server) getLogsV2Ref(r *http.Request, name string) (*response, *apiError) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxV2Body+1))
	if err != nil || len(raw) > maxV2Body {
		return nil, badRequest("PostBodyInvalid", "the request body cannot be read or is larger than %d bytes", maxV2Body)
	}
	var req getLogsV2Request
	if err := json.Unmarshal(raw, &req); err != nil {
		return nil, badRequest("PostBodyInvalid", "the body must be a JSON object like {\"from\":1700000000,\"to\":1700003600,\"query\":\"*\",\"line\":100}: %v", err)
	}
	q := url.Values{"query": {req.Query}, "topic": {req.Topic}, "reverse": {strconv.FormatBool(req.Reverse)}}
	for key, v := range map[string]*int64{"from": req.From, "to": req.To, "line": req.Line, "offset": req.Offset} {
		if v != nil {
			q.Set(key, strconv.FormatInt(*v, 10))
		}
	}
	res, e := s.getLogsRef(r.Context(), name, q)
	if e != nil {
		return nil, e
	}
	var b bytes.Buffer
	b.WriteString(`{"meta":`)
	meta, _ := json.Marshal(map[string]any{
		"progress": progress(res.partial), "count": res.count, "processedRows": res.processed,
		"elapsedMillisecond": time.Since(res.started).Milliseconds(), "hasSQL": res.hasSQL,
		"whereQuery": "", "aggQuery": "", "cpuSec": 0, "cpuCores": 0, "limited": 0, "mode": 0,
		"scanBytes": 0, "isAccurate": true, "powerSql": req.PowerSQL, "keys": nonNilRef(res.keys), "terms": []string{},
		"phraseQueryInfo": map[string]any{"scanAll": false, "beginOffset": 0, "endOffset": 0, "endTime": 0},
	})
	b.Write(meta)
	b.WriteString(`,"data":`)
	b.Write(res.array)
	b.WriteByte('}')

	resp := newResponse()
	body := b.Bytes()
	resp.header.Set("x-log-bodyrawsize", strconv.Itoa(len(body)))
	resp.header.Set("x-log-progress", progress(res.partial))
	resp.header.Set("x-log-count", strconv.Itoa(res.count))
	switch enc := strings.ToLower(r.Header.Get("Accept-Encoding")); {
	case strings.Contains(enc, "lz4"):
		resp.header.Set("x-log-compresstype", "lz4")
		body = lz4LiteralBlockRef(body)
	case strings.Contains(enc, "deflate"):
		var z bytes.Buffer
		w := zlib.NewWriter(&z)
		_, _ = w.Write(body)
		_ = w.Close()
		resp.header.Set("x-log-compresstype", "deflate")
		body = z.Bytes()
	}
	resp.body = body
	return resp, nil
}

func lz4LiteralBlockRef(data []byte) []byte {
	out := make([]byte, 0, len(data)+len(data)/255+16)
	n := len(data)
	if n < 15 {
		out = append(out, byte(n<<4))
	} else {
		out = append(out, 0xF0)
		rest := n - 15
		for rest >= 255 {
			out = append(out, 255)
			rest -= 255
		}
		out = append(out, byte(rest))
	}
	return append(out, data...)
}

func nonNilRef(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
