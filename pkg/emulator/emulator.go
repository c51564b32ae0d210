// Package emulator runs local stand-ins for Alibaba SLS, Tencent SCF and
// Tencent CLS on loopback: real HTTP servers with the vendors' signatures, errors, paging
// and progress rules, seeded with deterministic demo data. Tests, the demo
// stack and the benchmarks all talk to it.
package emulator

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/logbridge/cloudlogs/pkg/emulator/clsemu"
	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
	"github.com/logbridge/cloudlogs/pkg/emulator/scfemu"
	"github.com/logbridge/cloudlogs/pkg/emulator/slsemu"
	"github.com/logbridge/cloudlogs/pkg/emulator/stsemu"
	"github.com/logbridge/cloudlogs/pkg/emulator/tempkeys"
)

// Demo credentials: the one key pair every emulated service accepts unless
// told otherwise. They are not secrets; never use them against a real cloud.
const (
	DemoKeyID     = "AKIDcloudlogsdemo"
	DemoKeySecret = "cloudlogs-demo-secret"
	DemoProject   = "demo"
)

// Config configures the emulated services.
type Config struct {
	// SLSAddr, SCFAddr and CLSAddr are listen addresses; "127.0.0.1:0"
	// picks a port.
	SLSAddr, SCFAddr, CLSAddr string
	// STSAddr is the listen address of both emulated security token
	// services (Alibaba and Tencent AssumeRole, stsemu).
	STSAddr          string
	KeyID, KeySecret string
	// STSLifetime, when positive, is how long the STS's temporary keys
	// live whatever DurationSeconds asked (tests: a few seconds, to see
	// them renewed mid-query).
	STSLifetime time.Duration
	// STSRoles are the roles that may be assumed (default the demo roles,
	// stsemu.DemoAlibabaRoleArn and stsemu.DemoTencentRoleArn).
	STSRoles       []stsemu.Role
	Project        string
	Seed           int64
	SLSLogs        int
	SCFInvocations int
	// CLSLogs is how many nginx-access lines the CLS demo topic gets over
	// Days (default 100,000; negative: none). SCF's runs reach CLS on their own.
	CLSLogs int
	Days    int
	// Timezone is the SCF account zone (default Asia/Shanghai).
	Timezone *time.Location
	// SCFRequestsPerSecond is the per-key GetFunctionLogs rate limit
	// (default 5, the published limit; negative turns it off).
	SCFRequestsPerSecond float64
	Knobs                knobs.Settings
	// SecurityToken, when set, is the only STS/session token both services
	// accept (SLS x-acs-security-token, SCF X-TC-Token / Token); when empty
	// any token is accepted.
	SecurityToken string
	// PreloadSQL loads every SLS logstore into the SQL engine in the
	// background at start, so the first dashboard query is fast.
	PreloadSQL bool
	// SLSObjectBody answers GetLogs with the seed example's object shape
	// ({progress, count, logs}) instead of a bare array.
	SLSObjectBody bool
	// SLSDenseLogs, when positive, adds the logstore slsemu.DenseLogstore
	// with that many lines in the hour before Now() (benchmarks).
	SLSDenseLogs int
	LoadFile     string
	Now          func() time.Time
}

// Defaults fills the zero fields with the demo values.
func (c Config) Defaults() Config {
	if c.SLSAddr == "" {
		c.SLSAddr = "127.0.0.1:0"
	}
	if c.SCFAddr == "" {
		c.SCFAddr = "127.0.0.1:0"
	}
	if c.CLSAddr == "" {
		c.CLSAddr = "127.0.0.1:0"
	}
	if c.STSAddr == "" {
		c.STSAddr = "127.0.0.1:0"
	}
	if c.KeyID == "" {
		c.KeyID = DemoKeyID
	}
	if c.KeySecret == "" {
		c.KeySecret = DemoKeySecret
	}
	if c.Project == "" {
		c.Project = DemoProject
	}
	if c.Seed == 0 {
		c.Seed = 1
	}
	if c.SLSLogs == 0 {
		c.SLSLogs = 200_000
	}
	if c.SCFInvocations == 0 {
		c.SCFInvocations = 20_000
	}
	if c.Days == 0 {
		c.Days = 7
	}
	if c.Timezone == nil {
		loc, err := time.LoadLocation("Asia/Shanghai")
		if err != nil {
			loc = time.FixedZone("CST", 8*3600)
		}
		c.Timezone = loc
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// Emulator is the running servers.
type Emulator struct {
	// SLSURL, SCFURL and CLSURL are the base URLs, e.g. http://127.0.0.1:8089.
	SLSURL, SCFURL, CLSURL string
	// STSURL serves Alibaba's and Tencent's AssumeRole.
	STSURL string
	Knobs  *knobs.Controller
	SLS    *slsemu.Server
	SCF    *scfemu.Server
	CLS    *clsemu.Server
	STS    *stsemu.Server
	// TempKeys are the temporary keys the STS issued, which SLS, SCF and
	// CLS accept until they expire.
	TempKeys *tempkeys.Store
	Config   Config
	servers  []*http.Server
	unused   []*unusedConns // per server
	traffic  map[string]*trafficCounter
}

// Start builds the demo data and starts serving the APIs. The SCF functions
// deliver their runs to CLS's DemoSCFTopicID (see wireDelivery).
func Start(cfg Config) (*Emulator, error) {
	cfg = cfg.Defaults()
	ctl := knobs.NewController(cfg.Knobs, cfg.Seed)
	temp := tempkeys.NewStore()
	sts := stsemu.New(stsemu.Config{
		KeyID: cfg.KeyID, KeySecret: cfg.KeySecret, Roles: cfg.STSRoles, Lifetime: cfg.STSLifetime, Keys: temp,
	})
	sls, err := slsemu.New(slsemu.Config{
		Project: cfg.Project, KeyID: cfg.KeyID, KeySecret: cfg.KeySecret, Seed: cfg.Seed,
		Logs: cfg.SLSLogs, Days: cfg.Days, Now: cfg.Now, LoadFile: cfg.LoadFile,
		SecurityToken: cfg.SecurityToken, PreloadSQL: cfg.PreloadSQL, ObjectBody: cfg.SLSObjectBody,
		DenseLogs: cfg.SLSDenseLogs, TempKeys: temp,
	}, ctl)
	if err != nil {
		return nil, fmt.Errorf("sls emulator: %w", err)
	}
	cls, err := clsemu.New(clsemu.Config{
		KeyID: cfg.KeyID, KeySecret: cfg.KeySecret, Token: cfg.SecurityToken, Seed: cfg.Seed,
		Logs: cfg.CLSLogs, Days: cfg.Days, Now: cfg.Now, TempKeys: temp,
	}, ctl)
	if err != nil {
		return nil, fmt.Errorf("cls emulator: %w", err)
	}
	scf, err := scfemu.New(scfemu.Config{
		KeyID: cfg.KeyID, KeySecret: cfg.KeySecret, Seed: cfg.Seed,
		Invocations: cfg.SCFInvocations, Days: cfg.Days, Location: cfg.Timezone, Now: cfg.Now,
		RequestsPerSecond: cfg.SCFRequestsPerSecond, Token: cfg.SecurityToken,
		CLSLogsetID: clsemu.DemoSCFLogsetID, CLSTopicID: clsemu.DemoSCFTopicID, TempKeys: temp,
	}, ctl)
	if err != nil {
		return nil, fmt.Errorf("scf emulator: %w", err)
	}
	if err := wireDelivery(scf, cls); err != nil {
		return nil, err
	}
	e := &Emulator{Knobs: ctl, SLS: sls, SCF: scf, CLS: cls, STS: sts, TempKeys: temp, Config: cfg, traffic: map[string]*trafficCounter{}}
	if e.SLSURL, err = e.serve(cfg.SLSAddr, "sls", sls); err != nil {
		e.Close()
		return nil, err
	}
	if e.SCFURL, err = e.serve(cfg.SCFAddr, "scf", scf); err != nil {
		e.Close()
		return nil, err
	}
	if e.CLSURL, err = e.serve(cfg.CLSAddr, "cls", cls); err != nil {
		e.Close()
		return nil, err
	}
	if e.STSURL, err = e.serve(cfg.STSAddr, "sts", sts); err != nil {
		e.Close()
		return nil, err
	}
	return e, nil
}

func (e *Emulator) serve(addr, service string, h http.Handler) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("listen %s: %w", addr, err)
	}
	c := &trafficCounter{}
	e.traffic[service] = c
	unused := &unusedConns{conns: map[net.Conn]struct{}{}}
	srv := &http.Server{Handler: c.count(h), ReadHeaderTimeout: 10 * time.Second, ConnState: unused.track}
	e.servers = append(e.servers, srv)
	e.unused = append(e.unused, unused)
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Println("emulator: serve:", err)
		}
	}()
	return "http://" + ln.Addr().String(), nil
}

// Close stops the servers. Answers in flight get up to two seconds; a
// connection that never sent a request (a client's spare dial, which its
// transport keeps idle) is closed at once, since Shutdown would otherwise
// wait for it until that grace ran out.
func (e *Emulator) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	for i, s := range e.servers {
		e.unused[i].closeAll()
		_ = s.Shutdown(ctx)
	}
	if e.CLS != nil {
		_ = e.CLS.Close()
	}
}

// unusedConns are a server's connections that have not sent a request yet
// (http.StateNew).
type unusedConns struct {
	mu    sync.Mutex
	conns map[net.Conn]struct{}
}

func (u *unusedConns) track(c net.Conn, state http.ConnState) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if state == http.StateNew {
		u.conns[c] = struct{}{}
	} else {
		delete(u.conns, c)
	}
}

func (u *unusedConns) closeAll() {
	u.mu.Lock()
	defer u.mu.Unlock()
	for c := range u.conns {
		_ = c.Close()
	}
}
