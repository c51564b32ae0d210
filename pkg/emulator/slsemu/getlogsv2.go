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
	buf := takeBuffer()
	body := append((*buf)[:0], `{"meta":`...)
	body = appendV2Meta(body, res, req.PowerSQL)
	body = append(body, `,"data":`...)
	body = append(body, res.array...)
	body = append(body, '}')
	*buf = body
	giveBack(res.buf)

	resp := newResponse()
	resp.header.Set("x-log-bodyrawsize", strconv.Itoa(len(body)))
	resp.header.Set("x-log-progress", progress(res.partial))
	resp.header.Set("x-log-count", strconv.Itoa(res.count))
	switch enc := strings.ToLower(r.Header.Get("Accept-Encoding")); {
	case strings.Contains(enc, "lz4"):
		resp.header.Set("x-log-compresstype", "lz4")
		block := takeBuffer()
		*block = appendLZ4LiteralBlock(*block, body)
		giveBack(buf)
		resp.body = *block
		resp.recycle(block)
	case strings.Contains(enc, "deflate"):
		var z bytes.Buffer
		w := zlib.NewWriter(&z)
		_, _ = w.Write(body)
		_ = w.Close()
		giveBack(buf)
		resp.header.Set("x-log-compresstype", "deflate")
		resp.body = z.Bytes()
	default:
		resp.body = body
		resp.recycle(buf)
	}
	return resp, nil
}

// appendV2Meta writes GetLogsV2's meta object as encoding/json writes the
// map SLS's answer is modelled on: its keys sorted, HTML characters in the
// SQL column names escaped.
func appendV2Meta(b []byte, res *logsResult, powerSQL bool) []byte {
	b = append(b, `{"aggQuery":"","count":`...)
	b = strconv.AppendInt(b, int64(res.count), 10)
	b = append(b, `,"cpuCores":0,"cpuSec":0,"elapsedMillisecond":`...)
	b = strconv.AppendInt(b, time.Since(res.started).Milliseconds(), 10)
	b = append(b, `,"hasSQL":`...)
	b = strconv.AppendBool(b, res.hasSQL)
	b = append(b, `,"isAccurate":true,"keys":[`...)
	for i, k := range res.keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendMarshalledString(b, k)
	}
	b = append(b, `],"limited":0,"mode":0,"phraseQueryInfo":{"beginOffset":0,"endOffset":0,"endTime":0,"scanAll":false},"powerSql":`...)
	b = strconv.AppendBool(b, powerSQL)
	b = append(b, `,"processedRows":`...)
	b = strconv.AppendInt(b, int64(res.processed), 10)
	b = append(b, `,"progress":"`...)
	b = append(b, progress(res.partial)...)
	return append(b, `","scanBytes":0,"terms":[],"whereQuery":""}`...)
}

// appendLZ4LiteralBlock appends data as one LZ4 raw block holding a single
// literal-only sequence: valid LZ4 that any block decoder reads, with no
// compression (the emulator's bodies are small and local).
func appendLZ4LiteralBlock(out, data []byte) []byte {
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
