// Package tchttp is the HTTP plumbing the emulated Tencent API 3.0 services
// (scfemu, clsemu) share: reading a request body within the API's limit,
// and recording each request's status in the knobs' request log.
package tchttp

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
)

// MaxBody is API 3.0's largest accepted body (v3 POST: 10 MB).
const MaxBody = 10 << 20

// ReadBody reads a request body, refusing one over MaxBody.
func ReadBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxBody {
		return nil, fmt.Errorf("the body is larger than %d bytes", MaxBody)
	}
	return b, nil
}

// StatusWriter records the request when its status is decided, before any
// byte reaches the client, so a client reading the request log right after
// its answer finds the entry.
type StatusWriter struct {
	http.ResponseWriter
	Record   func(status int)
	recorded bool
}

// RecordOnce records status unless a status was recorded already; deferred
// with 0, it records answers that never send one (reset, aborted).
func (w *StatusWriter) RecordOnce(status int) {
	if !w.recorded {
		w.recorded = true
		w.Record(status)
	}
}

// WriteHeader records the status and sends it.
func (w *StatusWriter) WriteHeader(code int) {
	w.RecordOnce(code)
	w.ResponseWriter.WriteHeader(code)
}

// Write records 200 if no status was sent, then writes.
func (w *StatusWriter) Write(b []byte) (int, error) {
	w.RecordOnce(http.StatusOK)
	return w.ResponseWriter.Write(b)
}

// Hijack passes through so the reset and truncate faults reach the real
// connection.
func (w *StatusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	w.RecordOnce(0)
	if hj, ok := w.ResponseWriter.(http.Hijacker); ok {
		return hj.Hijack()
	}
	return nil, nil, errors.New("tchttp: the connection cannot be hijacked")
}

// Flush passes through for the same faults.
func (w *StatusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
