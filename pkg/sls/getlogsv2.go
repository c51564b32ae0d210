package sls

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/pierrec/lz4/v4"
)

// GetLogsV2 (VENDOR-APIS C.3) is the call the official SDKs make for
// GetLogs (aliyun-log-go-sdk getLogsV3Internal): POST
// /logstores/<name>/logs with the query as a JSON body, Accept-Encoding lz4,
// and an answer {"meta": {progress, count, ...}, "data": [logs]} compressed
// as one raw LZ4 block whose size before compression is x-log-bodyrawsize.
// JSON logs compress several times over, so a page costs far fewer bytes.
//
// An endpoint that does not know it (an older or private deployment, a
// proxy that routes only the classic calls) answers 404, 405 or 501 with no
// SLS error of its own (ProjectNotExist and LogStoreNotExist are real
// answers of GetLogsV2 and stay errors); the client then uses GetLogs and
// remembers it, so such an endpoint costs one extra request per client (per
// page of the first wave, when pages are fetched at once), not retried.

// Which GetLogs API the endpoint takes, in Client.logsAPI.
const (
	logsAPIUntried int32 = iota
	logsAPIV2
	logsAPIClassic
)

// maxRawBody bounds x-log-bodyrawsize, so a garbled header cannot make the
// client allocate without limit (GetLogs pages are at most a few MB).
const maxRawBody = 256 << 20

// getLogsV2Body is GetLogsV2's request body (the SDKs' GetLogRequest).
type getLogsV2Body struct {
	From     int64  `json:"from"`
	To       int64  `json:"to"`
	Topic    string `json:"topic"`
	Query    string `json:"query"`
	Line     int    `json:"line"`
	Offset   int64  `json:"offset"`
	Reverse  bool   `json:"reverse"`
	PowerSQL bool   `json:"powerSql"`
}

// errV2Unsupported wraps the answer of an endpoint that does not know
// GetLogsV2. It has no Unwrap on purpose: isTransient must not see the
// 501 inside and retry it.
type errV2Unsupported struct{ err error }

func (e errV2Unsupported) Error() string { return "GetLogsV2 not supported: " + e.err.Error() }

// WithGetLogsV2 turns GetLogsV2 on or off for a copy of the client (tests
// that read GetLogs' URL parameters in a server's request log pin it off).
func (c *Client) WithGetLogsV2(on bool) *Client {
	cp := *c
	cp.logsAPI = nil
	if on {
		cp.logsAPI = new(atomic.Int32)
	}
	return &cp
}

// useV2 reports whether GetLogs should try GetLogsV2.
func (c *Client) useV2() bool {
	return c.logsAPI != nil && c.logsAPI.Load() != logsAPIClassic
}

// getLogsV2 is GetLogs through GetLogsV2; errV2Unsupported when the
// endpoint does not know it.
func (c *Client) getLogsV2(ctx context.Context, r GetLogsRequest) (*LogsResult, error) {
	body, err := json.Marshal(getLogsV2Body{From: r.From, To: r.To, Topic: r.Topic, Query: r.Query, Line: r.Line, Offset: r.Offset, Reverse: r.Reverse})
	if err != nil {
		return nil, fmt.Errorf("sls: GetLogsV2 body: %w", err)
	}
	path := logsPath(r.Logstore) + "/logs"
	// The executed query is described as the classic call: the same
	// parameters, the form users and the golden files know.
	res, err := c.logsUntilComplete(ctx, Describe(http.MethodGet, logsPath(r.Logstore), r.params()), func() (logsBody, http.Header, error) {
		var out logsBody
		var header http.Header
		err := c.withRetries(ctx, func() error {
			err := c.send(ctx, http.MethodPost, path, nil, body, func(h http.Header, b []byte) error {
				var err error
				out, err = decodeLogsV2Body(b)
				header = h
				return err
			})
			if v2Unknown(err) {
				return errV2Unsupported{err}
			}
			return err
		})
		return out, header, err
	})
	var unsupported errV2Unsupported
	switch {
	case errors.As(err, &unsupported):
		c.logsAPI.Store(logsAPIClassic)
	case err == nil:
		c.logsAPI.CompareAndSwap(logsAPIUntried, logsAPIV2)
	}
	return res, err
}

// v2Unknown tells an endpoint that does not know GetLogsV2 from an SLS
// error about the request.
func v2Unknown(err error) bool {
	e, ok := AsError(err)
	if !ok {
		return false
	}
	switch e.HTTPStatus {
	case http.StatusNotFound, http.StatusMethodNotAllowed, http.StatusNotImplemented:
	default:
		return false
	}
	switch e.Code {
	case CodeProjectNotExist, CodeLogStoreNotExist, CodeIndexConfigNotExist:
		return false
	}
	return true
}

// setJSONBody adds the headers of a request with a JSON body: the v1
// signature covers Content-MD5 (upper-case hex) and Content-Type, and
// x-log-bodyrawsize is the body's size; lz4 answers are asked for as the
// SDKs ask.
func setJSONBody(h http.Header, body []byte) {
	h.Set("Content-Type", "application/json")
	h.Set("Content-MD5", contentMD5(body))
	h.Set("x-log-bodyrawsize", strconv.Itoa(len(body)))
	h.Set("Accept-Encoding", "lz4")
}

// decompress undoes x-log-compresstype (lz4: one raw block; deflate: zlib)
// into x-log-bodyrawsize bytes. An answer without it is returned as is.
func decompress(h http.Header, body []byte) ([]byte, error) {
	kind := strings.ToLower(strings.TrimSpace(h.Get("x-log-compresstype")))
	if kind == "" {
		return body, nil
	}
	size, err := strconv.Atoi(strings.TrimSpace(h.Get("x-log-bodyrawsize")))
	if err != nil || size < 0 || size > maxRawBody {
		return nil, fmt.Errorf("%s answer with x-log-bodyrawsize %q", kind, h.Get("x-log-bodyrawsize"))
	}
	switch kind {
	case "lz4":
		out := make([]byte, size)
		n, err := lz4.UncompressBlock(body, out)
		if err != nil || n != size {
			return nil, fmt.Errorf("lz4 answer of %d bytes did not decompress to %d bytes (got %d): %v", len(body), size, n, err)
		}
		return out, nil
	case "deflate":
		zr, err := zlib.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, fmt.Errorf("deflate answer: %w", err)
		}
		out := bytes.NewBuffer(make([]byte, 0, size))
		if _, err := io.Copy(out, io.LimitReader(zr, maxRawBody)); err != nil {
			return nil, fmt.Errorf("deflate answer: %w", err)
		}
		if out.Len() != size {
			return nil, fmt.Errorf("deflate answer decompressed to %d bytes, x-log-bodyrawsize says %d", out.Len(), size)
		}
		return out.Bytes(), nil
	}
	return nil, fmt.Errorf("answer compressed as %q, which the client did not ask for", kind)
}

// decodeLogsV2Body decodes GetLogsV2's {"meta": {progress, count, ...},
// "data": [...]}. A server that answers in GetLogs' shapes (an array, or
// {progress, count, logs}) is read too.
func decodeLogsV2Body(body []byte) (logsBody, error) {
	var out logsBody
	d := newScanner(body)
	var err error
	switch d.peek() {
	case '[':
		out.Logs, err = d.logArray()
	case '{':
		err = d.object(func(key string) error {
			switch key {
			case "meta":
				if d.peek() == 'n' {
					return d.literal("null")
				}
				return d.object(func(key string) error {
					switch key {
					case "progress":
						return d.progressValue(&out)
					case "count":
						return d.countValue(&out)
					}
					return d.skipValue(0)
				})
			case "data", "logs":
				if d.peek() == 'n' {
					return d.literal("null")
				}
				if d.peek() != '[' {
					return fmt.Errorf("%q is not an array", key)
				}
				logs, err := d.logArray()
				out.Logs = logs
				return err
			case "progress":
				return d.progressValue(&out)
			case "count":
				return d.countValue(&out)
			}
			return d.skipValue(0)
		})
	default:
		return out, d.unexpected("a GetLogsV2 answer")
	}
	return d.finish(out, err)
}
