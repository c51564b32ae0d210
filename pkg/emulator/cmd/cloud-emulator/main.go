// Command cloud-emulator serves the emulated SLS, SCF and CLS APIs until stopped.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/clsemu"
	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
	"github.com/logbridge/cloudlogs/pkg/emulator/stsemu"
)

func main() {
	cfg := emulator.Config{}
	var faults, timezone string
	flag.StringVar(&cfg.SLSAddr, "sls-addr", "127.0.0.1:8089", "listen address of the SLS API")
	flag.StringVar(&cfg.SCFAddr, "scf-addr", "127.0.0.1:8090", "listen address of the SCF API (v3 at /, v2 at /v2/index.php)")
	flag.StringVar(&cfg.CLSAddr, "cls-addr", envOr("CLS_ADDR", "127.0.0.1:8091"), "listen address of the CLS API 3.0 (env CLS_ADDR)")
	flag.StringVar(&cfg.STSAddr, "sts-addr", envOr("STS_ADDR", "127.0.0.1:8092"), "listen address of the Alibaba and Tencent STS AssumeRole APIs (env STS_ADDR)")
	flag.DurationVar(&cfg.STSLifetime, "sts-lifetime", 0, "lifetime of issued temporary keys whatever DurationSeconds asks, e.g. 2m (0: as asked)")
	flag.IntVar(&cfg.CLSLogs, "cls-logs", 100_000, "demo CLS nginx-access lines over the whole period (SCF runs reach CLS on their own)")
	flag.StringVar(&cfg.KeyID, "key-id", emulator.DemoKeyID, "the access key id (SLS AccessKeyId, SCF/CLS SecretId) every service accepts")
	flag.StringVar(&cfg.KeySecret, "key-secret", emulator.DemoKeySecret, "the matching secret (SLS AccessKeySecret, SCF/CLS SecretKey)")
	flag.StringVar(&cfg.SecurityToken, "security-token", "", "the only STS/session token accepted (default: any token)")
	flag.BoolVar(&cfg.PreloadSQL, "preload-sql", true, "load SLS logstores into the SQL engine at start (first SQL query fast)")
	flag.BoolVar(&cfg.SLSObjectBody, "sls-object-body", false, "answer GetLogs as {progress,count,logs} (the seed example) instead of an array")
	flag.StringVar(&cfg.Project, "project", emulator.DemoProject, "the SLS project name")
	flag.Int64Var(&cfg.Seed, "seed", 1, "seed of the deterministic demo data and fault draws")
	flag.IntVar(&cfg.SLSLogs, "sls-logs", 200_000, "demo SLS logs over the whole period")
	flag.IntVar(&cfg.SLSDenseLogs, "sls-dense-logs", 0, "lines of the extra SLS logstore bench-dense, all in the hour before start (0: none)")
	flag.IntVar(&cfg.SCFInvocations, "scf-invocations", 20_000, "demo SCF invocations over the whole period")
	flag.IntVar(&cfg.Days, "days", 7, "days of demo data before now")
	flag.Float64Var(&cfg.SCFRequestsPerSecond, "scf-rps", 5, "per-key GetFunctionLogs rate limit of the SCF API (negative: off)")
	flag.StringVar(&timezone, "timezone", "Asia/Shanghai", "SCF account zone of startTime strings")
	flag.StringVar(&cfg.LoadFile, "load", "", "extra SLS logs from a JSON array or NDJSON file")
	flag.DurationVar(&cfg.Knobs.Latency, "latency", 0, "latency added to every answer, e.g. 20ms")
	flag.Float64Var(&cfg.Knobs.FaultRate, "fault-rate", 0, "share of requests (0..1) answered with an injected fault")
	flag.StringVar(&faults, "faults", "", "comma-separated fault kinds to draw from: 5xx,throttle,busy,truncate,reset (default all)")
	flag.IntVar(&cfg.Knobs.IncompleteRounds, "incomplete-rounds", 0, "SLS queries answer Incomplete for their first N identical calls")
	flag.Parse()

	if faults != "" {
		for _, f := range strings.Split(faults, ",") {
			cfg.Knobs.Faults = append(cfg.Knobs.Faults, knobs.Fault(strings.TrimSpace(f)))
		}
	}
	loc, err := time.LoadLocation(timezone)
	if err != nil {
		log.Fatalf("-timezone: %v", err)
	}
	cfg.Timezone = loc

	start := time.Now()
	e, err := emulator.Start(cfg)
	if err != nil {
		log.Fatal(err)
	}
	defer e.Close()
	fmt.Printf("cloud-emulator ready in %s\n", time.Since(start).Round(time.Millisecond))
	fmt.Printf("  SLS  %s  project %q (send Host: %s.<endpoint host>)\n", e.SLSURL, e.Config.Project, e.Config.Project)
	fmt.Printf("  SCF  %s  (API 3.0 at /, legacy v2 at /v2/index.php)\n", e.SCFURL)
	fmt.Printf("  CLS  %s  (API 3.0 at /; SCF topic %s, nginx topic %s)\n", e.CLSURL, clsemu.DemoSCFTopicID, clsemu.DemoAppTopicID)
	fmt.Printf("  STS  %s  (Alibaba AssumeRole: role %s; Tencent AssumeRole: role %s)\n", e.STSURL, stsemu.DemoAlibabaRoleArn, stsemu.DemoTencentRoleArn)
	fmt.Printf("  key id %s, key secret %s (demo credentials, every service)\n", e.Config.KeyID, e.Config.KeySecret)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	fmt.Println("cloud-emulator stopping")
}

// envOr is the environment's value for name, else def (flags still win).
func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
