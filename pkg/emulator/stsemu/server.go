// Package stsemu emulates the two security token services on one address:
// Alibaba STS AssumeRole (RPC style, query parameters, signature 1.0;
// alibaba.go) and Tencent STS AssumeRole (API 3.0, TC3-HMAC-SHA256 with
// service "sts"; tencent.go). A request with an X-TC-Action header is
// Tencent's, any other Alibaba's. Both check the caller's long-lived keys
// with a real signature check, refuse unknown roles, a wrong external id
// and bad durations, and issue temporary keys into a tempkeys.Store that
// the SLS, SCF and CLS emulators accept until they expire.
package stsemu

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/logbridge/cloudlogs/pkg/emulator/tempkeys"
)

// Demo roles: the emulator's roles unless Config.Roles says otherwise.
const (
	DemoAlibabaRoleArn = "acs:ram::1234567890123456:role/cloudlogs-reader"
	DemoTencentRoleArn = "qcs::cam::uin/100000000001:roleName/cloudlogs-reader"
)

// Role is one role callers may assume.
type Role struct {
	Arn string
	// ExternalID, when set, must be sent as ExternalId (the trust policy's
	// condition); when empty any or none is accepted.
	ExternalID string
}

// Config configures the emulated STS.
type Config struct {
	// KeyID and KeySecret are the long-lived keys allowed to assume roles.
	KeyID, KeySecret string
	// Roles are the roles that exist (default: the two demo roles).
	Roles []Role
	// Lifetime, when positive, is how long issued keys live whatever
	// DurationSeconds asked (tests use seconds to see a refresh); zero
	// honours DurationSeconds.
	Lifetime time.Duration
	// Keys receives the issued keys (required).
	Keys *tempkeys.Store
	// Now is the clock of signatures and expiry (default time.Now).
	Now func() time.Time
}

// Server serves both STS APIs.
type Server struct {
	cfg   Config
	roles map[string]Role
	// issued counts successful AssumeRole calls per vendor (tests assert
	// that concurrent queries share one call).
	alibabaIssued, tencentIssued atomic.Int64
	nonceMu                      sync.Mutex
	nonces                       map[string]time.Time
}

// New builds the server.
func New(cfg Config) *Server {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Keys == nil {
		cfg.Keys = tempkeys.NewStore()
	}
	if len(cfg.Roles) == 0 {
		cfg.Roles = []Role{{Arn: DemoAlibabaRoleArn}, {Arn: DemoTencentRoleArn}}
	}
	s := &Server{cfg: cfg, roles: map[string]Role{}, nonces: map[string]time.Time{}}
	for _, r := range cfg.Roles {
		s.roles[r.Arn] = r
	}
	return s
}

// Issued is how many AssumeRole calls succeeded: Alibaba's and Tencent's.
func (s *Server) Issued() (alibaba, tencent int64) {
	return s.alibabaIssued.Load(), s.tencentIssued.Load()
}

// ServeHTTP routes on the API style: API 3.0 names its action in a header.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("X-TC-Action") != "" {
		s.serveTencent(w, r)
		return
	}
	s.serveAlibaba(w, r)
}

// expiry is when keys issued now for durationSeconds expire.
func (s *Server) expiry(durationSeconds int) time.Time {
	d := time.Duration(durationSeconds) * time.Second
	if s.cfg.Lifetime > 0 {
		d = s.cfg.Lifetime
	}
	return s.cfg.Now().Add(d)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func requestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
