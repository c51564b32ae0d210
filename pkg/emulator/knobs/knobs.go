// Package knobs holds the emulator's test and benchmark controls: added
// latency, injected faults, Incomplete rounds and a log of the requests seen.
// Both vendor servers share one Controller; each decides how a fault looks in
// its own vendor's error shape.
package knobs

import (
	"math/rand"
	"net/http"
	"sync"
	"time"
)

// Fault is one kind of injected failure.
type Fault string

const (
	// FaultServerError answers 500/502/503 with the vendor's internal error.
	FaultServerError Fault = "5xx"
	// FaultThrottle answers the vendor's rate-limit error (SLS 403
	// ReadQuotaExceed / HTTP 429, SCF RequestLimitExceeded).
	FaultThrottle Fault = "throttle"
	// FaultBusy answers SLS ServerBusy (503) / SCF InternalError.
	FaultBusy Fault = "busy"
	// FaultTruncate sends a 200 whose body stops half way.
	FaultTruncate Fault = "truncate"
	// FaultReset closes the connection without an answer.
	FaultReset Fault = "reset"
)

// AllFaults lists every fault kind.
var AllFaults = []Fault{FaultServerError, FaultThrottle, FaultBusy, FaultTruncate, FaultReset}

// Settings are the knob values; the zero value means a well-behaved server.
type Settings struct {
	// Latency is added before every answer.
	Latency time.Duration
	// FaultRate is the share (0..1) of requests answered with a fault.
	FaultRate float64
	// Faults are the kinds drawn from when a fault fires (all when empty).
	Faults []Fault
	// IncompleteRounds makes an SLS query answer Incomplete (with partial
	// results) for its first N identical calls.
	IncompleteRounds int
}

// Request is one entry of the request log.
type Request struct {
	Time    time.Time
	Service string // "sls", "scf" or "cls"
	Method  string
	Host    string
	Path    string
	Query   string
	// Action is the SCF/CLS action (v3 header or v2 parameter); empty for SLS.
	Action string
	// Body is the request body (SCF v3 JSON); capped at 4 KiB.
	Body   string
	Status int
	Fault  Fault
}

// Controller is safe for concurrent use; tests change knobs between calls.
type Controller struct {
	mu       sync.Mutex
	settings Settings
	rng      *rand.Rand
	log      []Request
	maxLog   int
}

// NewController starts with the given settings; seed makes faults repeatable.
func NewController(s Settings, seed int64) *Controller {
	return &Controller{settings: s, rng: rand.New(rand.NewSource(seed)), maxLog: 100_000}
}

// Set replaces the knob settings.
func (c *Controller) Set(s Settings) {
	c.mu.Lock()
	c.settings = s
	c.mu.Unlock()
}

// Get returns the current knob settings.
func (c *Controller) Get() Settings {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.settings
}

// Draw decides whether this request gets a fault, and which.
func (c *Controller) Draw() (Fault, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.settings.FaultRate <= 0 || c.rng.Float64() >= c.settings.FaultRate {
		return "", false
	}
	kinds := c.settings.Faults
	if len(kinds) == 0 {
		kinds = AllFaults
	}
	return kinds[c.rng.Intn(len(kinds))], true
}

// Record appends to the request log (the oldest entries go past maxLog).
func (c *Controller) Record(r Request) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.log) >= c.maxLog {
		c.log = c.log[len(c.log)/2:]
	}
	c.log = append(c.log, r)
}

// Requests returns a copy of the request log.
func (c *Controller) Requests() []Request {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Request(nil), c.log...)
}

// ResetLog empties the request log.
func (c *Controller) ResetLog() {
	c.mu.Lock()
	c.log = nil
	c.mu.Unlock()
}

// Sleep waits for the configured latency or until the request is cancelled.
func (c *Controller) Sleep(r *http.Request) {
	d := c.Get().Latency
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	}
}

// ResetConnection closes the client's connection without an HTTP answer.
func ResetConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

// WriteTruncated sends a 200 with a Content-Length for the whole body but only
// its first half, then closes the connection: the client sees an unexpected EOF.
func WriteTruncated(w http.ResponseWriter, contentType string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body[:len(body)/2])
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	panic(http.ErrAbortHandler)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
