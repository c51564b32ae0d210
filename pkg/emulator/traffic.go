package emulator

import (
	"bufio"
	"errors"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
)

// Traffic is what one emulated service answered since the last ResetTraffic.
// Benchmarks read it to report the requests a query made and the bytes it
// received without trusting the client's own count.
type Traffic struct {
	Requests int64
	// Bytes is the response bodies as sent on the wire (compressed when the
	// service compressed them).
	Bytes int64
	// RawBytes is the bodies before compression: x-log-bodyrawsize where
	// SLS sends it (GetLogsV2), otherwise what was sent.
	RawBytes int64
}

type trafficCounter struct{ requests, bytes, raw atomic.Int64 }

// Traffic returns the counts of one service: "sls", "scf" or "cls".
func (e *Emulator) Traffic(service string) Traffic {
	c := e.traffic[service]
	if c == nil {
		return Traffic{}
	}
	return Traffic{Requests: c.requests.Load(), Bytes: c.bytes.Load(), RawBytes: c.raw.Load()}
}

// ResetTraffic sets every service's counts to zero.
func (e *Emulator) ResetTraffic() {
	for _, c := range e.traffic {
		c.requests.Store(0)
		c.bytes.Store(0)
		c.raw.Store(0)
	}
}

// count wraps a service's handler. The request is counted as it arrives
// and bytes before they are written, so a client that has read its whole
// answer always finds it counted.
func (c *trafficCounter) count(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.requests.Add(1)
		h.ServeHTTP(&countingWriter{ResponseWriter: w, c: c}, r)
	})
}

type countingWriter struct {
	http.ResponseWriter
	c       *trafficCounter
	rawSent bool // x-log-bodyrawsize was counted as the raw size
	started bool
}

func (w *countingWriter) start() {
	if w.started {
		return
	}
	w.started = true
	if n, err := strconv.ParseInt(w.Header().Get("x-log-bodyrawsize"), 10, 64); err == nil && n > 0 {
		w.c.raw.Add(n)
		w.rawSent = true
	}
}

func (w *countingWriter) WriteHeader(code int) {
	w.start()
	w.ResponseWriter.WriteHeader(code)
}

func (w *countingWriter) Write(b []byte) (int, error) {
	w.start()
	w.c.bytes.Add(int64(len(b)))
	if !w.rawSent {
		w.c.raw.Add(int64(len(b)))
	}
	return w.ResponseWriter.Write(b)
}

// Hijack and Flush pass through: the reset and truncate faults need the
// real connection.
func (w *countingWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if hj, ok := w.ResponseWriter.(http.Hijacker); ok {
		return hj.Hijack()
	}
	return nil, nil, errors.New("emulator: the connection cannot be hijacked")
}

func (w *countingWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
