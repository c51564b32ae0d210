// Package clsemu emulates Tencent Cloud Log Service (CLS) API 3.0
// (version 2020-10-16, service "cls"): SearchLog with CQL/Lucene search and
// SQL analysis on an embedded SQLite, Context paging, DescribeLogContext,
// DescribeLogHistogram, DescribeTopics, DescribeLogsets and DescribeIndex,
// TC3-signed over POST and GET, with the per-topic concurrency limit. It is
// strict: what it cannot answer faithfully it rejects with CLS's error.
// See README.md.
package clsemu

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
	"github.com/logbridge/cloudlogs/pkg/emulator/tchttp"
	"github.com/logbridge/cloudlogs/pkg/emulator/tempkeys"
)

// Config describes the emulated CLS account and its demo data.
type Config struct {
	KeyID, KeySecret string
	// Token, when set, is the only X-TC-Token accepted; requests without a
	// token are still accepted.
	Token string
	// TempKeys, when set, are temporary credentials (from the STS
	// emulator) accepted with their token until they expire.
	TempKeys *tempkeys.Store
	Seed     int64
	// Logs is how many nginx-access demo lines arrive over Days days
	// (default 100,000: about one every six seconds; negative: none).
	Logs int
	Days int
	// Now is the data clock: demo lines exist up to Now(), Context cursors
	// expire an hour after they were issued on it.
	Now func() time.Time
	// WallClock checks request timestamps (default time.Now), apart from
	// Now so tests can freeze the data and still sign with the real time.
	WallClock func() time.Time
}

func (c Config) withDefaults() Config {
	if c.Seed == 0 {
		c.Seed = 1
	}
	if c.Logs == 0 {
		c.Logs = 100_000
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

// Server is an http.Handler speaking CLS API 3.0.
type Server struct {
	cfg Config
	ctl *knobs.Controller

	mu        sync.RWMutex // guards the catalog and every topic's records
	logsets   []*logset
	topicList []*topic
	topics    map[string]*topic
	keyLists  map[string][]string
	nextPkg   int64

	contexts *contextStore
	slots    *slots
	db       *sqlTables
	requests atomic.Uint64 // alternates the 5xx fault's shapes
}

// New builds the server and its demo catalog.
func New(cfg Config, ctl *knobs.Controller) (*Server, error) {
	cfg = cfg.withDefaults()
	if cfg.KeyID == "" || cfg.KeySecret == "" {
		return nil, fmt.Errorf("clsemu: KeyID and KeySecret are required")
	}
	if ctl == nil {
		ctl = knobs.NewController(knobs.Settings{}, cfg.Seed)
	}
	db, err := openSQLTables()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, ctl: ctl, keyLists: map[string][]string{}, contexts: newContextStore(),
		slots: newSlots(maxConcurrentPerTopic), db: db}
	span := time.Duration(cfg.Days) * 24 * time.Hour
	s.buildCatalog(cfg.Now().Add(-span - 90*24*time.Hour))
	return s, nil
}

// Close releases the SQL engine.
func (s *Server) Close() error { return s.db.close() }

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := knobs.Request{Time: s.cfg.WallClock(), Service: "cls", Method: r.Method, Host: r.Host, Path: r.URL.Path,
		Query: r.URL.RawQuery, Action: r.Header.Get("X-TC-Action")}
	sw := &tchttp.StatusWriter{ResponseWriter: w, Record: func(status int) { rec.Status = status; s.ctl.Record(rec) }}
	defer sw.RecordOnce(0)

	body, err := tchttp.ReadBody(r)
	if err != nil {
		http.Error(sw, "cannot read the request body: "+err.Error(), http.StatusBadRequest)
		return
	}
	rec.Body = capString(string(body), 4096)
	if r.URL.Path != "/" {
		s.ctl.Sleep(r)
		http.Error(sw, fmt.Sprintf("no CLS API at %s: API 3.0 is at /", r.URL.Path), http.StatusNotFound)
		return
	}
	if fault, ok := s.ctl.Draw(); ok {
		s.ctl.Sleep(r)
		rec.Fault = fault
		s.inject(sw, fault)
		return
	}
	s.serveAPI(sw, r, body)
}

// newRequestID returns a random UUID (v4 form), the API's RequestId.
func newRequestID() string {
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", rand.Uint32(), rand.Uint32()&0xffff,
		rand.Uint32()&0xfff, 0x8000|rand.Uint32()&0x3fff, rand.Uint64()&0xffffffffffff)
}

func capString(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
