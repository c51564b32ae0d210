package scfemu

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
)

// Hijack and Flush pass through statusWriter so the reset and truncate
// faults reach the real connection.
func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	w.recordOnce(0)
	if hj, ok := w.ResponseWriter.(http.Hijacker); ok {
		return hj.Hijack()
	}
	return nil, nil, errors.New("scfemu: the connection cannot be hijacked")
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
