package e2e

// Fault survival: the load test's mix of queries under each of the
// emulator's injected faults at several rates. Every answer is either the
// one the query gives without faults, or an error that says what failed
// (or data with a warning that it is partial); never different data
// presented as whole. docs/reliability.md holds its figures.
//
// Environment:
//
//	CLOUDLOGS_FAULT_RATES   comma-separated fault rates (default 0.1,0.3)
//	CLOUDLOGS_FAULT_REPEAT  how many times each query of the mix runs per kind and rate (default 2)

import (
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
)

// faultTally is one kind and rate's outcome.
type faultTally struct {
	queries, correct, errored, flagged, silent, injected int
	silentSamples                                        []string
}

func faultRates(t *testing.T) []float64 {
	t.Helper()
	spec := os.Getenv("CLOUDLOGS_FAULT_RATES")
	if spec == "" {
		spec = "0.1,0.3"
	}
	var out []float64
	for _, f := range strings.Split(spec, ",") {
		r, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		require.NoError(t, err, "CLOUDLOGS_FAULT_RATES=%q", spec)
		require.True(t, r > 0 && r < 1, "CLOUDLOGS_FAULT_RATES: %v is not between 0 and 1", r)
		out = append(out, r)
	}
	return out
}

func TestFaultSurvivalOverGRPC(t *testing.T) {
	repeat := envCount(t, "CLOUDLOGS_FAULT_REPEAT", 2)
	rates := faultRates(t)
	env := newLoadEnv(t)
	p := plugin(t)
	base := env.baselines(t, p)

	for _, kind := range knobs.AllFaults {
		for _, rate := range rates {
			env.emu.Knobs.ResetLog()
			env.emu.Knobs.Set(knobs.Settings{FaultRate: rate, Faults: []knobs.Fault{kind}})
			n := len(env.cases) * repeat
			answers := make([]answer, n)
			var wg sync.WaitGroup
			for i := 0; i < n; i++ {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					answers[i] = ask(p, env.cases[i%len(env.cases)])
				}(i)
			}
			wg.Wait()
			env.emu.Knobs.Set(knobs.Settings{})

			tally := faultTally{queries: n}
			for _, r := range env.emu.Knobs.Requests() {
				if r.Fault != "" {
					tally.injected++
				}
			}
			for i, a := range answers {
				c := env.cases[i%len(env.cases)]
				switch {
				case a.text == base[c.name].text:
					tally.correct++
				case a.err != "":
					tally.errored++
					assert.NotEmpty(t, strings.TrimSpace(a.err), "%s under %s: an error without a message", c.name, kind)
					assert.NotContains(t, a.err, emulator.DemoKeySecret, "%s under %s", c.name, kind)
					// The vendor failed, not the query: never a 4xx that blames the user.
					assert.True(t, a.status == http.StatusTooManyRequests || a.status >= 500,
						"%s under %s: status %d for %q", c.name, kind, a.status, a.err)
				case a.warning:
					tally.flagged++
				default:
					tally.silent++
					tally.silentSamples = append(tally.silentSamples, c.name+": "+firstLine(a.text))
				}
			}
			t.Logf("fault %-8s rate %.2f: %d queries, %d faults injected: %d correct, %d clear errors, %d partial with a warning, %d silently different",
				kind, rate, n, tally.injected, tally.correct, tally.errored, tally.flagged, tally.silent)
			assert.Zero(t, tally.silent, "fault %s at %.2f: answers that differ from the fault-free one without saying so: %q", kind, rate, tally.silentSamples)
		}
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	if len(line) > 200 {
		return line[:200] + "…"
	}
	return line
}
