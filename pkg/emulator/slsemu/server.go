// Package slsemu emulates Alibaba Cloud Log Service's query APIs over real
// HTTP: v1 signatures, the project-in-Host routing, GetLogs (search and
// search | SQL on an embedded SQLite), GetProjectLogs, GetHistograms,
// ListLogStores, GetIndex and GetContextLogs, the Incomplete progress
// protocol and the shared fault/latency knobs. See README.md.
package slsemu

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
	"github.com/logbridge/cloudlogs/pkg/emulator/tempkeys"
)

// Config describes the emulated SLS account and its demo data.
type Config struct {
	Project   string
	KeyID     string
	KeySecret string
	// SecurityToken, when set, is the only x-acs-security-token accepted
	// (any other answers 401 Unauthorized); when empty any token is accepted.
	SecurityToken string
	// TempKeys, when set, are temporary credentials (from the STS
	// emulator) accepted with their x-acs-security-token until they
	// expire.
	TempKeys *tempkeys.Store
	Seed     int64
	// Logs is how many demo logs the logstores hold over Days days.
	Logs int
	Days int
	// NoDemo starts with an empty project (tests create logstores and append).
	NoDemo bool
	// Now is the data clock (time moves: demo logs keep arriving up to Now()).
	Now func() time.Time
	// WallClock checks the Date header's skew (default time.Now); it is apart
	// from Now so tests can run on a frozen data clock with real signatures.
	WallClock func() time.Time
	// LoadFile optionally loads extra logs from a JSON/NDJSON file.
	LoadFile string
	// PreloadSQL loads every logstore into SQLite in the background at start,
	// so the first SQL does not pay for it (about 1 s per 100k logs).
	PreloadSQL bool
	// ObjectBody answers GetLogs with the seed example's {progress,count,logs}
	// object instead of the array real SLS sends (also SetObjectBody).
	ObjectBody bool
	// DenseLogs, when positive, adds DenseLogstore with that many nginx
	// lines in the hour before Now() (the benchmarks' 100,000-line query).
	DenseLogs int
}

func (c Config) withDefaults() Config {
	if c.Project == "" {
		c.Project = "demo"
	}
	if c.Seed == 0 {
		c.Seed = 1
	}
	if c.Logs == 0 {
		c.Logs = 200_000
	}
	if c.Days <= 0 {
		c.Days = 7
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.WallClock == nil {
		c.WallClock = time.Now
	}
	return c
}

// Server is an http.Handler speaking the SLS API.
type Server struct {
	cfg        Config
	ctl        *knobs.Controller
	ids        *requestIDs
	objectBody atomic.Bool

	mu      sync.RWMutex // guards stores and their logs
	stores  map[string]*logstore
	feeds   []*demoFeed
	nextDue atomic.Int64 // the earliest time a demo log is due

	db         *sqlDB
	incomplete *incompleteCounter
}

// New builds the server and its demo data.
func New(cfg Config, ctl *knobs.Controller) (*Server, error) {
	cfg = cfg.withDefaults()
	if cfg.KeyID == "" || cfg.KeySecret == "" {
		return nil, fmt.Errorf("slsemu: KeyID and KeySecret are required")
	}
	if ctl == nil {
		ctl = knobs.NewController(knobs.Settings{}, cfg.Seed)
	}
	s := &Server{cfg: cfg, ctl: ctl, ids: newRequestIDs(), stores: map[string]*logstore{}, incomplete: newIncompleteCounter()}
	s.objectBody.Store(cfg.ObjectBody)
	db, err := openSQLDB()
	if err != nil {
		return nil, err
	}
	s.db = db
	if !cfg.NoDemo {
		s.startDemo()
	}
	if cfg.DenseLogs > 0 {
		s.addDense(cfg.DenseLogs)
	}
	if cfg.LoadFile != "" {
		if err := s.loadFile(cfg.LoadFile); err != nil {
			return nil, err
		}
	}
	if cfg.PreloadSQL {
		go s.preloadSQL()
	}
	return s, nil
}

func (s *Server) startDemo() {
	now := s.cfg.Now().Unix()
	startMinute := (now - int64(s.cfg.Days)*86400) / 60
	totalMinutes := float64(int64(s.cfg.Days) * 1440)
	for i := range demoStores {
		ds := &demoStores[i]
		ls := newLogstore(ds.name, 30)
		for _, k := range ds.keys {
			t := ds.types[k]
			if t == "" {
				t = typeText
			}
			ls.declare(k, t)
		}
		s.stores[ds.name] = ls
		s.feeds = append(s.feeds, &demoFeed{ds: ds, store: ls, perMinute: float64(s.cfg.Logs) * ds.share / totalMinutes, nextMinute: startMinute})
	}
	s.catchUp()
}

// preloadSQL fills the SQLite tables; a failure only leaves the work to the
// first SQL, which reports it.
func (s *Server) preloadSQL() {
	for _, name := range s.Logstores() {
		s.mu.RLock()
		_ = s.db.sync(context.Background(), s.stores[name])
		s.mu.RUnlock()
	}
}

// catchUp appends the demo logs that became due since the last request.
func (s *Server) catchUp() {
	now := s.cfg.Now().Unix()
	if len(s.feeds) == 0 || now < s.nextDue.Load() {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	due := int64(1<<62 - 1)
	for _, f := range s.feeds {
		f.catchUp(s.cfg.Seed, now)
		next := f.nextMinute * 60
		if len(f.pending) > 0 {
			next = f.pending[0].time
		}
		due = min(due, next)
	}
	s.nextDue.Store(due)
}

// projectFromHost reads the project from "<project>.<endpoint>[:port]".
// A bare IP or a single-label host carries no project.
func projectFromHost(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if net.ParseIP(strings.Trim(host, "[]")) != nil {
		return ""
	}
	project, rest, ok := strings.Cut(host, ".")
	if !ok || rest == "" {
		return ""
	}
	return project
}

// response is a computed answer, written by ServeHTTP (or truncated by a fault).
type response struct {
	header http.Header
	body   []byte
	pooled []*[]byte // buffers body lives in, given back once it is written (bodypool.go)
}

func newResponse() *response {
	return &response{header: http.Header{"Content-Type": {"application/json"}}}
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	reqID := s.ids.next()
	entry := knobs.Request{Time: time.Now(), Service: "sls", Method: r.Method, Host: r.Host, Path: r.URL.Path, Query: r.URL.RawQuery}
	resp, apiErr, fault := s.handle(r)
	entry.Fault = fault
	// Record before answering: a client holding its answer finds its request
	// in the log.
	switch {
	case fault == knobs.FaultReset:
		s.ctl.Record(entry)
		knobs.ResetConnection(w)
		return
	case apiErr != nil:
		entry.Status = apiErr.Status
		s.ctl.Record(entry)
		writeAPIError(w, reqID, apiErr)
		return
	}
	entry.Status = http.StatusOK
	s.ctl.Record(entry)
	resp.header.Set("x-log-requestid", reqID)
	for k, v := range resp.header {
		w.Header()[k] = v
	}
	if fault == knobs.FaultTruncate {
		knobs.WriteTruncated(w, resp.header.Get("Content-Type"), resp.body)
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(resp.body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(resp.body)
	resp.release()
}

// handle authenticates, applies the knobs and answers; fault is the injected
// fault, if any (reset and truncate are carried out by ServeHTTP).
func (s *Server) handle(r *http.Request) (*response, *apiError, knobs.Fault) {
	s.ctl.Sleep(r) // before every answer, errors included
	project := projectFromHost(r.Host)
	if project != s.cfg.Project {
		return nil, errorf(http.StatusNotFound, "ProjectNotExist", "The Project does not exist : %s", project), ""
	}
	if e := s.authenticate(r); e != nil {
		return nil, e, ""
	}
	fault, _ := s.ctl.Draw()
	switch fault {
	case knobs.FaultServerError:
		return nil, errorf(http.StatusInternalServerError, "InternalServerError", "internal server error (injected fault)"), fault
	case knobs.FaultThrottle:
		return nil, errorf(http.StatusForbidden, "ReadQuotaExceed", "read quota is exceeded for project %s (injected fault)", project), fault
	case knobs.FaultBusy:
		return nil, errorf(http.StatusServiceUnavailable, "ServerBusy", "the server is busy, please try again later (injected fault)"), fault
	case knobs.FaultReset:
		return nil, nil, fault
	}
	if r.Method != http.MethodGet && !(r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/logs") && strings.HasPrefix(r.URL.Path, "/logstores/")) {
		return nil, errorf(http.StatusMethodNotAllowed, "MethodNotAllowed", "the emulator serves the GET query APIs and GetLogsV2 (POST /logstores/<name>/logs) only, not %s %s", r.Method, r.URL.Path), fault
	}
	s.catchUp()
	resp, e := s.route(r)
	return resp, e, fault
}

func (s *Server) route(r *http.Request) (*response, *apiError) {
	path := r.URL.Path
	q := r.URL.Query()
	switch {
	case path == "/logstores" || path == "/logstores/":
		return s.listLogstores(q)
	case path == "/logs" || path == "/logs/":
		return s.logsResponse(s.projectLogs(r.Context(), q))
	case strings.HasPrefix(path, "/logstores/"):
		name, sub, _ := strings.Cut(strings.TrimPrefix(path, "/logstores/"), "/")
		if e := s.exists(name); e != nil {
			return nil, e
		}
		if r.Method == http.MethodPost && sub == "logs" {
			return s.getLogsV2(r, name)
		}
		switch sub {
		case "":
			switch t := q.Get("type"); t {
			case "log":
				return s.logsResponse(s.getLogs(r.Context(), name, q))
			case "histogram":
				return s.getHistograms(name, q)
			case "context_log":
				return s.getContextLogs(name, q)
			default:
				return nil, badRequest("ParameterInvalid", "type %q is invalid: use log, histogram or context_log", t)
			}
		case "index":
			return s.getIndex(name)
		}
	}
	return nil, errorf(http.StatusNotFound, "InvalidUri", "no API at %s %s", r.Method, path)
}

func (s *Server) exists(name string) *apiError {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, e := s.store(name)
	return e
}

// store finds a logstore (callers hold s.mu).
func (s *Server) store(name string) (*logstore, *apiError) {
	ls, ok := s.stores[name]
	if !ok {
		return nil, errorf(http.StatusNotFound, "LogStoreNotExist", "logstore %s does not exist", name)
	}
	return ls, nil
}
