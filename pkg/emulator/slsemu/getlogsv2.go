package slsemu

import (
	"bytes"
	"compress/zlib"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// GetLogsV2 (POST /logstores/<name>/logs) is the call current SDKs make for
// GetLogs: the same query as a JSON body, answered as {"meta","data"} and
// compressed as the client's Accept-Encoding asks (lz4 or deflate).

// maxV2Body caps the request body.
const maxV2Body = 1 << 20

type getLogsV2Request struct {
	From     *int64 `json:"from"`
	To       *int64 `json:"to"`
	Line     *int64 `json:"line"`
	Offset   *int64 `json:"offset"`
	Reverse  bool   `json:"reverse"`
	PowerSQL bool   `json:"powerSql"`
	Query    string `json:"query"`
	Topic    string `json:"topic"`
}

func (s *Server) getLogsV2(r *http.Request, name string) (*response, *apiError) {
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
	res, e := s.getLogs(r.Context(), name, q)
	if e != nil {
		return nil, e
	}
	var b bytes.Buffer
	b.WriteString(`{"meta":`)
	meta, _ := json.Marshal(map[string]any{
		"progress": progress(res.partial), "count": res.count, "processedRows": res.processed,
		"elapsedMillisecond": time.Since(res.started).Milliseconds(), "hasSQL": res.hasSQL,
		"whereQuery": "", "aggQuery": "", "cpuSec": 0, "cpuCores": 0, "limited": 0, "mode": 0,
		"scanBytes": 0, "isAccurate": true, "powerSql": req.PowerSQL, "keys": nonNil(res.keys), "terms": []string{},
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
		body = lz4LiteralBlock(body)
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

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// lz4LiteralBlock encodes data as one LZ4 raw block holding a single
// literal-only sequence: valid LZ4 that any block decoder reads, with no
// compression (the emulator's bodies are small and local).
func lz4LiteralBlock(data []byte) []byte {
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
