package clsemu

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"

	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
)

// statusWriter records the request when its status is decided, before any
// byte reaches the client, so a client reading the request log right after
// its answer finds the entry.
type statusWriter struct {
	http.ResponseWriter
	record   func(status int)
	recorded bool
}

func (w *statusWriter) recordOnce(status int) {
	if !w.recorded {
		w.recorded = true
		w.record(status)
	}
}

func (w *statusWriter) WriteHeader(code int) {
	w.recordOnce(code)
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.recordOnce(http.StatusOK)
	return w.ResponseWriter.Write(b)
}

// Hijack and Flush pass through so the reset and truncate faults reach the
// real connection.
func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	w.recordOnce(0)
	if hj, ok := w.ResponseWriter.(http.Hijacker); ok {
		return hj.Hijack()
	}
	return nil, nil, errors.New("clsemu: the connection cannot be hijacked")
}

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// maxBody is API 3.0's largest accepted body (v3 POST: 10 MB).
const maxBody = 10 << 20

func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxBody {
		return nil, fmt.Errorf("the body is larger than %d bytes", maxBody)
	}
	return b, nil
}

type envelope struct {
	Response any `json:"Response"`
}

type errorBody struct {
	Error     errorDetail `json:"Error"`
	RequestID string      `json:"RequestId"`
}

type errorDetail struct {
	Code    string `json:"Code"`
	Message string `json:"Message"`
}

func errorEnvelope(e *apiError, language string) envelope {
	return envelope{Response: errorBody{Error: errorDetail{Code: e.Code, Message: e.message(language)}, RequestID: newRequestID()}}
}

// writeJSON answers status with v, gzip-compressed when the client accepts
// it (CLS recommends gzip for its up-to-49 MB answers).
func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		body = []byte(`{"Response":{"Error":{"Code":"InternalError","Message":"encoding the answer failed"}}}`)
	}
	w.Header().Set("Content-Type", "application/json")
	if r != nil && acceptsGzip(r) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Vary", "Accept-Encoding")
		w.WriteHeader(status)
		gz := gzip.NewWriter(w)
		_, _ = gz.Write(body)
		_ = gz.Close()
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}

// badGatewayPage is what the API's front proxy sends for a 502: not JSON.
const badGatewayPage = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"

// inject answers a drawn fault in API 3.0's shape, as scfemu does.
func (s *Server) inject(w http.ResponseWriter, fault knobs.Fault) {
	switch fault {
	case knobs.FaultServerError:
		if s.requests.Add(1)%2 == 0 {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			_, _ = w.Write([]byte(badGatewayPage))
			return
		}
		writeJSON(w, nil, http.StatusInternalServerError, errorEnvelope(errInternal(), ""))
	case knobs.FaultThrottle:
		writeJSON(w, nil, http.StatusOK, errorEnvelope(errRequestLimitExceeded(), ""))
	case knobs.FaultTruncate:
		body, _ := json.Marshal(errorEnvelope(errInternal(), ""))
		knobs.WriteTruncated(w, "application/json", body)
	case knobs.FaultReset:
		knobs.ResetConnection(w)
	default: // busy
		writeJSON(w, nil, http.StatusOK, errorEnvelope(errInternal(), ""))
	}
}
