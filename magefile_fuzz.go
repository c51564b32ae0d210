//go:build mage

package main

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// envFuzzTime is how long Fuzz runs each target (a go test -fuzztime).
const envFuzzTime = "CLOUDLOGS_FUZZTIME"

// fuzzTarget is one func FuzzXxx(f *testing.F) and the package it is in.
type fuzzTarget struct{ pkg, name string }

var (
	fuzzFunc = regexp.MustCompile(`^func (Fuzz\w+)\(f \*testing\.F\)`)
	// The coordinator's last progress line: execs and the corpus size; a
	// run that ends while it still replays the corpus has only the other.
	fuzzProgress = regexp.MustCompile(`execs: (\d+) .*\(total: (\d+)\)`)
	fuzzBaseline = regexp.MustCompile(`gathering baseline coverage: (\d+)/(\d+) completed`)
)

// Fuzz runs every fuzz target of the module for $CLOUDLOGS_FUZZTIME each
// (default 5s; one target per go test, as -fuzz requires), and prints the
// executions and corpus size of each. A crasher fails the run and is
// written to the package's testdata/fuzz/<Target>/, where it stays as a
// regression test once the bug is fixed.
func Fuzz() error {
	fuzzTime := envOr(envFuzzTime, "5s")
	targets, err := fuzzTargets("pkg")
	if err != nil {
		return err
	}
	start := time.Now()
	var rows []string
	var failed []string
	for _, t := range targets {
		args := []string{"test", "-run", "^$", "-fuzz", "^" + t.name + "$", "-fuzztime", fuzzTime, "./" + t.pkg}
		out, err := goOutput(nil, args...)
		execs, corpus := "?", "?"
		if m := fuzzProgress.FindAllStringSubmatch(out, -1); len(m) > 0 {
			execs, corpus = m[len(m)-1][1], m[len(m)-1][2]
		} else if m := fuzzBaseline.FindAllStringSubmatch(out, -1); len(m) > 0 {
			execs, corpus = "0 (corpus replayed "+m[len(m)-1][1]+"/"+m[len(m)-1][2]+")", m[len(m)-1][2]
		}
		status := "ok"
		switch {
		case err != nil && deadlineRace(out):
			status = "ok (stopped by Go's fuzztime deadline race, no crasher)"
		case err != nil:
			status = "FAILED"
			failed = append(failed, t.pkg+" "+t.name)
			fmt.Print(out)
		}
		row := fmt.Sprintf("| `%s` | `%s` | %s | %s | %s |", t.pkg, t.name, execs, corpus, status)
		fmt.Println(row)
		rows = append(rows, row)
	}
	fmt.Printf("\nfuzzing, %s a target, %d targets, %s in all:\n\n", fuzzTime, len(targets), time.Since(start).Round(time.Second))
	fmt.Println("| package | target | executions | corpus | result |\n|---|---|---:|---:|---|")
	fmt.Println(strings.Join(rows, "\n"))
	if len(failed) > 0 {
		return fmt.Errorf("fuzz targets failed: %s", strings.Join(failed, ", "))
	}
	return nil
}

// deadlineRace recognises go.dev/issue/75804 (fixed in Go 1.27): on a busy
// machine the coordinator can report its own -fuzztime deadline as a failure,
// "context deadline exceeded" with no failing input written. A real crasher
// always says where its input was written.
func deadlineRace(out string) bool {
	return strings.Contains(out, "context deadline exceeded") && !strings.Contains(out, "Failing input written to")
}

// fuzzTargets finds every fuzz target under dir, skipping nested modules
// (the SDK conformance tests) and node_modules.
func fuzzTargets(dir string) ([]fuzzTarget, error) {
	var out []fuzzTarget
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "node_modules" || d.Name() == "testdata" {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if m := fuzzFunc.FindStringSubmatch(sc.Text()); m != nil {
				out = append(out, fuzzTarget{pkg: filepath.ToSlash(filepath.Dir(path)), name: m[1]})
			}
		}
		return sc.Err()
	})
	sort.Slice(out, func(i, j int) bool {
		if out[i].pkg != out[j].pkg {
			return out[i].pkg < out[j].pkg
		}
		return out[i].name < out[j].name
	})
	return out, err
}
