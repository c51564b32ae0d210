// Package slsemu emulates Alibaba Cloud Log Service's query APIs.
package slsemu

import (
	"net/http"
	"time"

	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
)

// Config describes the emulated SLS account and its demo data.
type Config struct {
	Project   string
	KeyID     string
	KeySecret string
	Seed      int64
	// Logs is how many demo logs the logstores hold over Days days.
	Logs int
	Days int
	// Now is the clock (time moves: demo logs keep arriving up to Now()).
	Now func() time.Time
	// LoadFile optionally loads extra logs from a JSON/NDJSON file.
	LoadFile string
}

// Server is an http.Handler speaking the SLS API.
type Server struct {
	cfg Config
	ctl *knobs.Controller
}

// New builds the server and its demo data.
func New(cfg Config, ctl *knobs.Controller) (*Server, error) {
	return &Server{cfg: cfg, ctl: ctl}, nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "SLS emulator not implemented yet", http.StatusNotImplemented)
}
