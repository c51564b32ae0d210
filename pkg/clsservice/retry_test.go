package clsservice

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/clsemu"
	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
)

// Every kind of transient fault the emulator injects is retried: the
// query returns the same lines as without faults.
func TestCLSTransientFaultsAreRetried(t *testing.T) {
	e := startEmulator(t, emulator.Config{})
	ds := newDatasource(t, e, nil, "")
	model := map[string]any{"topicId": clsemu.DemoAppTopicID, "limit": 200}
	baseline := onlyFrame(t, run(t, ds, lastHour(), QueryTypeLogs, model))
	for _, fault := range knobs.AllFaults {
		t.Run(string(fault), func(t *testing.T) {
			e.Knobs.Set(knobs.Settings{FaultRate: 0.3, Faults: []knobs.Fault{fault}})
			defer e.Knobs.Set(knobs.Settings{})
			e.Knobs.ResetLog()
			// Queries until the fault has fired a few times.
			injected := 0
			for i := 0; i < 30 && injected < 3; i++ {
				f := onlyFrame(t, run(t, ds, lastHour(), QueryTypeLogs, model))
				require.Equal(t, baseline.Rows(), f.Rows())
				for row := 0; row < f.Rows(); row++ {
					require.Equal(t, baseline.Fields[3].At(row), f.Fields[3].At(row))
				}
				injected = 0
				for _, r := range e.Knobs.Requests() {
					if r.Fault == fault {
						injected++
					}
				}
			}
			assert.GreaterOrEqual(t, injected, 3)
		})
	}
}

// A fault that does not go away is tried the policy's 4 times, then
// reported; a wrong key is tried once.
func TestCLSRetriesAreBounded(t *testing.T) {
	e := startEmulator(t, emulator.Config{})
	ds := newDatasource(t, e, nil, "")
	model := map[string]any{"topicId": clsemu.DemoAppTopicID, "limit": 10}
	e.Knobs.Set(knobs.Settings{FaultRate: 1, Faults: []knobs.Fault{knobs.FaultReset}})
	e.Knobs.ResetLog()
	r := run(t, ds, lastHour(), QueryTypeLogs, model)
	e.Knobs.Set(knobs.Settings{})
	require.Error(t, r.Error)
	assert.Contains(t, r.Error.Error(), "cannot reach CLS")
	assert.Len(t, e.Knobs.Requests(), 4)

	wrong := newDatasource(t, e, nil, "not-the-secret")
	e.Knobs.ResetLog()
	r = run(t, wrong, lastHour(), QueryTypeLogs, model)
	require.Error(t, r.Error)
	assert.Len(t, e.Knobs.Requests(), 1, "an auth failure is not retried")
}
