//go:build mage

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	// mage:import
	build "github.com/grafana/grafana-plugin-sdk-go/build"
	"github.com/magefile/mage/sh"

	"github.com/logbridge/cloudlogs/pkg/release"
)

// plugin.json lives at the repository root (not in src/), so point the SDK's
// build targets at it; they read the executable name and plugin id from it.
func init() {
	_ = build.SetBeforeBuildCallback(func(cfg build.Config) (build.Config, error) {
		cfg.PluginJSONPath = "."
		return cfg, nil
	})
}

// Default builds the backend for every platform Grafana runs on.
var Default = build.BuildAll

const (
	pluginID    = "logbridge-cloudlogs-datasource"
	linuxBinary = "gpx_cloudlogs_linux_amd64"
)

// CI runs every check the README's test command promises, in order, and
// stops at the first failure: Go vet and tests (race detector on), every
// fuzz target for a few seconds, frontend typecheck, lint, jest and build,
// the linux backend build, the package checks, the end-to-end test against
// the built executable, every benchmark run once so none rots, and the
// real-browser check.
func CI() error {
	steps := []struct {
		name string
		run  func() error
	}{
		{"go vet", Vet},
		{"go test -race", GoTest},
		{"fuzzing, a few seconds a target", Fuzz},
		{"vendor SDKs against the emulator", SDKConformance},
		{"frontend typecheck, lint, jest, build", Frontend},
		{"backend build (linux/amd64)", build.Build{}.Linux},
		{"package checks", Package},
		{"end-to-end test", EndToEnd},
		{"benchmarks, each run once (no timing)", BenchSmoke},
		{"browser check", Browser},
	}
	for _, s := range steps {
		start := time.Now()
		fmt.Printf("==> %s\n", s.name)
		if err := s.run(); err != nil {
			return fmt.Errorf("%s failed: %w", s.name, err)
		}
		fmt.Printf("==> %s passed in %s\n", s.name, time.Since(start).Round(time.Second))
	}
	fmt.Println("==> all checks passed")
	return nil
}

// Vet runs go vet and checks gofmt.
func Vet() error {
	// ./pkg/... rather than ./...: node_modules holds stray Go packages.
	if err := sh.RunV("go", "vet", "./pkg/..."); err != nil {
		return err
	}
	out, err := sh.Output("gofmt", "-l", "pkg", "Magefile.go", "magefile_bench.go", "magefile_fuzz.go")
	if err != nil {
		return err
	}
	if strings.TrimSpace(out) != "" {
		return fmt.Errorf("gofmt would change:\n%s", out)
	}
	return nil
}

// GoTest runs the Go tests with the race detector, except the end-to-end
// package, which runs against the built executable in E2E.
func GoTest() error {
	out, err := sh.Output("go", "list", "./pkg/...")
	if err != nil {
		return err
	}
	args := []string{"test", "-race", "-count=1", "-timeout", "20m"}
	for _, p := range strings.Fields(out) {
		if !strings.HasSuffix(p, "/pkg/e2e") {
			args = append(args, p)
		}
	}
	return sh.RunWithV(map[string]string{"CGO_ENABLED": "1"}, "go", args...)
}

// SDKConformance runs the vendors' own SDKs (tencentcloud-sdk-go,
// aliyun-log-go-sdk) against the emulator. They live in a module of their own
// so they never become dependencies of the plugin.
func SDKConformance() error {
	cmd := exec.Command("go", "test", "-count=1", "./...")
	cmd.Dir = filepath.Join("pkg", "emulator", "sdkconformance")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	fmt.Println("exec: go test -count=1 ./... (in", cmd.Dir+")")
	return cmd.Run()
}

// Frontend type-checks, lints, checks formatting, tests and builds the
// frontend into dist/.
func Frontend() error {
	for _, script := range []string{"typecheck", "lint", "prettier", "test:ci", "build"} {
		if err := sh.RunV("npm", "run", script); err != nil {
			return err
		}
	}
	return nil
}

// Package checks dist/ and writes the release zip under artifacts/.
func Package() error {
	exes, err := builtExecutables()
	if err != nil {
		return err
	}
	if err := release.CheckDist("dist", exes); err != nil {
		return err
	}
	p, err := release.ReadPluginJSON("dist")
	if err != nil {
		return err
	}
	zipFile := filepath.Join("artifacts", fmt.Sprintf("%s-%s.zip", pluginID, p.Info.Version))
	if err := release.Zip("dist", zipFile); err != nil {
		return err
	}
	if err := release.CheckZip(zipFile, exes); err != nil {
		return err
	}
	fmt.Printf("package ok: %s (%d executables)\n", zipFile, len(exes))
	return nil
}

func builtExecutables() ([]string, error) {
	matches, err := filepath.Glob(filepath.Join("dist", "gpx_cloudlogs_*"))
	if err != nil {
		return nil, err
	}
	var exes []string
	hasLinux := false
	for _, m := range matches {
		name := filepath.Base(m)
		exes = append(exes, name)
		hasLinux = hasLinux || name == linuxBinary
	}
	if !hasLinux {
		return nil, fmt.Errorf("dist/%s is missing: run `go tool mage -v build:linux` (or `go tool mage -v` for every platform)", linuxBinary)
	}
	return exes, nil
}

// EndToEnd launches the built dist executable through go-plugin, as Grafana
// does, and runs the end-to-end tests against the emulator.
func EndToEnd() error {
	bin, err := filepath.Abs(filepath.Join("dist", fmt.Sprintf("gpx_cloudlogs_%s_%s", runtime.GOOS, runtime.GOARCH)))
	if err != nil {
		return err
	}
	if _, err := os.Stat(bin); err != nil {
		return fmt.Errorf("%s is missing; build it first (go tool mage -v build:linux): %w", bin, err)
	}
	return sh.RunWithV(map[string]string{"CLOUDLOGS_PLUGIN_BINARY": bin}, "go", "test", "-count=1", "-timeout", "15m", "-v", "./pkg/e2e/")
}

// Browser renders the real editors in headless Chromium and saves screenshots.
func Browser() error {
	path, err := ensureChromium()
	if err != nil {
		return err
	}
	return sh.RunWithV(map[string]string{"CHROMIUM_PATH": path}, "npm", "run", "test:browser")
}

// ensureChromium finds Debian's Chromium ($CHROMIUM_PATH or on PATH), and on
// a Debian machine where we are root installs it: Playwright cannot download
// its own browsers here.
func ensureChromium() (string, error) {
	if p := os.Getenv("CHROMIUM_PATH"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	if _, err := exec.LookPath("apt-get"); err != nil || os.Geteuid() != 0 {
		return "", fmt.Errorf("the browser check needs Chromium: install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH")
	}
	fmt.Println("installing Debian's chromium for the browser check")
	env := map[string]string{"DEBIAN_FRONTEND": "noninteractive"}
	if err := sh.RunWithV(env, "apt-get", "update"); err != nil {
		return "", err
	}
	// fonts-liberation: the fonts the committed screenshots were taken with
	// (chromium only recommends it).
	if err := sh.RunWithV(env, "apt-get", "install", "-y", "--no-install-recommends", "chromium", "fonts-liberation"); err != nil {
		return "", err
	}
	return exec.LookPath("chromium")
}
