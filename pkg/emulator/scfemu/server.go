// Package scfemu emulates Tencent Cloud SCF's log APIs (API 3.0 and legacy v2).
package scfemu

import (
	"net/http"
	"time"

	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
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
	Now      func() time.Time
	// RequestsPerSecond is the per-key rate limit of GetFunctionLogs
	// (0 means the published 5/s; negative turns it off).
	RequestsPerSecond float64
}

// Server is an http.Handler speaking both SCF APIs.
type Server struct {
	cfg Config
	ctl *knobs.Controller
}

// New builds the server and its demo data.
func New(cfg Config, ctl *knobs.Controller) (*Server, error) {
	return &Server{cfg: cfg, ctl: ctl}, nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "SCF emulator not implemented yet", http.StatusNotImplemented)
}
