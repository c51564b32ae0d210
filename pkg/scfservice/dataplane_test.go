package scfservice

import (
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/frames/dataplanecheck"
	"github.com/logbridge/cloudlogs/pkg/settings"
)

// Every answer of SCF, from either log source, declares the dataplane type
// Grafana reads it by, and reads back as such (see the SLS test of the same
// name). Invocations are records, one row each, so they stay a table, which
// SQL expressions still take as one frame without labels.
func TestSCFFramesDeclareTheirDataplaneType(t *testing.T) {
	e := startSCFEmulator(t, emulator.Config{})
	from, to := scfNow.Add(-2*time.Hour), scfNow
	cases := []struct {
		name      string
		queryType string
		model     map[string]any
		want      data.FrameType
		labels    []string
	}{
		{"metrics", QueryTypeMetrics, map[string]any{"functionName": "flaky-worker"}, data.FrameTypeTimeSeriesWide, nil},
		{"log volume", QueryTypeMetrics, map[string]any{"functionName": "flaky-worker", "logVolume": true}, data.FrameTypeTimeSeriesWide, []string{"level"}},
		{"invocations", QueryTypeInvocations, map[string]any{"functionName": "flaky-worker"}, data.FrameTypeTable, nil},
		{"logs", QueryTypeLogs, map[string]any{"functionName": "flaky-worker", "limit": 5}, data.FrameTypeLogLines, nil},
	}
	for _, source := range []string{"getFunctionLogs", "cls"} {
		ds := scfDatasource(t, e, settings.SCFAPIv3, map[string]any{"logSource": source}, "")
		for _, tc := range cases {
			t.Run(source+"/"+tc.name, func(t *testing.T) {
				r := scfQuery(ds, tc.queryType, from, to, tc.model)
				require.NoError(t, r.Error)
				reading, err := dataplanecheck.Read(r.Frames)
				require.NoError(t, err)
				assert.Equal(t, tc.want, reading.Type)
				require.NoError(t, dataplanecheck.ForSQLExpressions(r.Frames))
				if !tc.want.IsTimeSeries() {
					return
				}
				series, err := dataplanecheck.ForAlerting(r.Frames)
				require.NoError(t, err)
				require.NotEmpty(t, series)
				for _, s := range series {
					for _, l := range tc.labels {
						assert.Contains(t, s.Labels, l, "series %s", s.Key())
					}
				}
			})
		}
	}
}
