// Package scfemu emulates Tencent Cloud SCF's log APIs: API 3.0
// (TC3-HMAC-SHA256, JSON) at "/" and the legacy v2 API (HmacSHA1/256 query
// signature) at "/v2/index.php", over deterministic demo invocations that
// keep arriving as the clock moves. See README.md.
package scfemu

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
	"github.com/logbridge/cloudlogs/pkg/emulator/tchttp"
	"github.com/logbridge/cloudlogs/pkg/emulator/tempkeys"
)

// Config describes the emulated SCF account and its demo data.
type Config struct {
	KeyID     string
	KeySecret string
	Seed      int64
	// Invocations is how many demo invocations the functions had over Days days.
	Invocations int
	Days        int
	// Location is the account zone of the zone-less startTime strings.
	Location *time.Location
	// Now is the data clock: demo invocations exist up to Now() and the
	// default GetFunctionLogs window ends at it.
	Now func() time.Time
	// RequestsPerSecond is the per-key rate limit of GetFunctionLogs
	// (0 means the published 5/s; negative turns it off).
	RequestsPerSecond float64
	// Token, when set, is the only session token accepted (X-TC-Token /
	// Token); requests without one are still accepted, as with permanent keys.
	Token string
	// TempKeys, when set, are temporary credentials (from the STS
	// emulator) accepted with their token until they expire.
	TempKeys *tempkeys.Store
	// WallClock checks request timestamps and drives the rate limiter; it is
	// time.Now by default, so a fixed data clock (Now) still accepts clients
	// that sign with the real time.
	WallClock func() time.Time
	// CLSLogsetID and CLSTopicID are where the functions deliver their logs
	// (GetFunction's ClsLogsetId/ClsTopicId); empty means no delivery.
	// NoTopicFunction never delivers. See delivery.go and DeliverLogs.
	CLSLogsetID, CLSTopicID string
}

// Defaults used when Config leaves a field zero.
const (
	DefaultInvocations       = 20_000
	DefaultDays              = 7
	DefaultRequestsPerSecond = 5
)

func (c Config) withDefaults() Config {
	if c.Invocations <= 0 {
		c.Invocations = DefaultInvocations
	}
	if c.Days <= 0 {
		c.Days = DefaultDays
	}
	if c.Location == nil {
		loc, err := time.LoadLocation("Asia/Shanghai")
		if err != nil {
			loc = time.FixedZone("CST", 8*3600)
		}
		c.Location = loc
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.WallClock == nil {
		c.WallClock = time.Now
	}
	if c.RequestsPerSecond == 0 {
		c.RequestsPerSecond = DefaultRequestsPerSecond
	}
	return c
}

// Server is an http.Handler speaking both SCF APIs.
type Server struct {
	cfg        Config
	ctl        *knobs.Controller
	store      *store
	namespaces []Namespace
	functions  []Function
	limiter    *rateLimiter
	nonces     *nonceCache
	requests   atomic.Uint64
	deliverMu  sync.Mutex // one DeliverLogs at a time, so a reader never overtakes a delivery
}

// New builds the server and its demo data.
func New(cfg Config, ctl *knobs.Controller) (*Server, error) {
	cfg = cfg.withDefaults()
	if cfg.KeyID == "" || cfg.KeySecret == "" {
		return nil, fmt.Errorf("scfemu: KeyID and KeySecret are required")
	}
	if ctl == nil {
		ctl = knobs.NewController(knobs.Settings{}, cfg.Seed)
	}
	span := time.Duration(cfg.Days) * 24 * time.Hour
	origin := cfg.Now().Add(-span)
	namespaces, functions := demoCatalog(origin.Add(-60 * 24 * time.Hour))
	s := &Server{
		cfg:        cfg,
		ctl:        ctl,
		store:      newStore(newSchedule(cfg.Seed, origin, span, cfg.Invocations, functions)),
		namespaces: namespaces,
		functions:  functions,
		limiter:    newRateLimiter(cfg.RequestsPerSecond, cfg.WallClock),
		nonces:     newNonceCache(2 * time.Hour),
	}
	s.store.delivers = cfg.CLSTopicID != ""
	s.store.catchUp(cfg.Now())
	return s, nil
}

// Functions lists the emulated functions of every namespace.
func (s *Server) Functions() []Function { return append([]Function(nil), s.functions...) }

// Namespaces lists the emulated namespaces.
func (s *Server) Namespaces() []Namespace { return append([]Namespace(nil), s.namespaces...) }

// AddInvocations stores extra runs (tests use them for exact expectations).
// Namespace defaults to "default"; RequestID is generated when empty. The
// function must exist. A run shows up once Start+Duration has passed Now().
func (s *Server) AddInvocations(invs ...Invocation) error {
	ready := make([]Invocation, 0, len(invs))
	for _, inv := range invs {
		inv, err := newInvocation(inv, uint64(s.cfg.Seed))
		if err != nil {
			return err
		}
		if _, ok := s.function(inv.Namespace, inv.FunctionName); !ok {
			return fmt.Errorf("scfemu: no function %s/%s; see Functions()", inv.Namespace, inv.FunctionName)
		}
		ready = append(ready, inv)
	}
	s.store.add(ready)
	return nil
}

func (s *Server) function(namespace, name string) (Function, bool) {
	for _, f := range s.functions {
		if f.Namespace == namespace && f.Name == name {
			return f, true
		}
	}
	return Function{}, false
}

func (s *Server) namespace(name string) (Namespace, bool) {
	for _, n := range s.namespaces {
		if n.Name == name {
			return n, true
		}
	}
	return Namespace{}, false
}

func (s *Server) functionsIn(namespace string) []Function {
	var out []Function
	for _, f := range s.functions {
		if f.Namespace == namespace {
			out = append(out, f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

const v2Path = "/v2/index.php"

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := knobs.Request{Time: s.cfg.WallClock(), Service: "scf", Method: r.Method, Host: r.Host, Path: r.URL.Path, Query: r.URL.RawQuery}
	sw := &tchttp.StatusWriter{ResponseWriter: w, Record: func(status int) { rec.Status = status; s.ctl.Record(rec) }}
	defer sw.RecordOnce(0) // answers that never send a status (reset, aborted)

	s.ctl.Sleep(r)
	body, err := tchttp.ReadBody(r)
	if err != nil {
		http.Error(sw, "cannot read the request body: "+err.Error(), http.StatusBadRequest)
		return
	}
	rec.Body = capString(string(body), 4096)

	switch r.URL.Path {
	case "/":
		rec.Action = r.Header.Get("X-TC-Action")
		if fault, ok := s.ctl.Draw(); ok {
			rec.Fault = fault
			s.injectV3(sw, fault)
			return
		}
		s.serveV3(sw, r, body)
	case v2Path:
		params, err := v2Params(r, body)
		if err != nil {
			writeV2Error(sw, errInvalidParameter(err.Error()))
			return
		}
		rec.Action = params.get("Action")
		if fault, ok := s.ctl.Draw(); ok {
			rec.Fault = fault
			s.injectV2(sw, fault)
			return
		}
		s.serveV2(sw, r, params)
	default:
		http.Error(sw, fmt.Sprintf("no SCF API at %s: API 3.0 is at / and the legacy API at %s", r.URL.Path, v2Path), http.StatusNotFound)
	}
}

func capString(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// newRequestID returns a random UUID (v4 form), as the API's RequestId.
func newRequestID() string {
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", rand.Uint32(), rand.Uint32()&0xffff,
		rand.Uint32()&0xfff, 0x8000|rand.Uint32()&0x3fff, rand.Uint64()&0xffffffffffff)
}
