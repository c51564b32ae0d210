package scfservice

import (
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/settings"
)

// When the pacing cannot fit the pages a query still needs into its
// timeout, the user reads why and what to change, not "rate: Wait(n=1)
// would exceed context deadline".
func TestSCFPacingThatCannotFitTheTimeoutSaysSoInWords(t *testing.T) {
	e := startSCFEmulator(t, emulator.Config{SCFInvocations: 500, Days: 1})
	newest := scfNow.Add(-30 * time.Hour)
	addRuns(t, e, 1000, newest, time.Second, nil)
	ds := scfDatasource(t, e, settings.SCFAPIv3, map[string]any{"requestsPerSecond": 1, "timeoutSeconds": 2, "concurrency": 4}, "")
	began := time.Now()
	r := scfQuery(ds, QueryTypeInvocations, newest.Add(-time.Hour), newest.Add(time.Second), map[string]any{"functionName": "hello-node"})
	require.Error(t, r.Error)
	assert.Less(t, time.Since(began), 2500*time.Millisecond)
	msg := r.Error.Error()
	t.Log(msg)
	assert.Contains(t, msg, "SCF allows 1 requests/s for this key (shared by every data source using it in this Grafana process); this query needs at least ")
	assert.Regexp(t, `needs at least \d+ more calls? than fit in the [0-9.]+ s left of its timeout: narrow the time range or raise timeoutSeconds in the data source settings`, msg)
	assert.NotContains(t, msg, "rate: Wait")
	assert.Equal(t, backend.StatusTooManyRequests, r.Status)
}
