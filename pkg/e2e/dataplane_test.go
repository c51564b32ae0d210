package e2e

import (
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/clsemu"
	"github.com/logbridge/cloudlogs/pkg/frames/dataplanecheck"
)

// Alert rules' queries, sent as Grafana's alerting engine sends them (the
// FromAlert header, over gRPC, frames through Arrow), come back as dataplane
// frames its server-side expressions read by their declared type: numbers or
// time series, one series per label set. A SQL time series grouped by a
// column is one wide frame with the column as a label on each value field
// (timeseries-wide), not one frame per series (timeseries-multi).
func TestAlertQueriesReturnDataplaneFrames(t *testing.T) {
	e := startEmulator(t, emulator.Config{SLSLogs: 20_000, SCFInvocations: 3000, CLSLogs: 20_000, Days: 2,
		Now: func() time.Time { return slsE2ENow }})
	p := plugin(t)
	tr := backend.TimeRange{From: slsE2ENow.Add(-time.Hour), To: slsE2ENow}
	sls, cls := slsSettings(e, nil), clsSettings(e)
	scf := scfSettings(e, "v3", map[string]any{"logSource": "getFunctionLogs"})
	cases := []struct {
		name   string
		s      backend.DataSourceInstanceSettings
		q      backend.DataQuery
		want   data.FrameType
		labels []string
	}{
		{"SLS SQL time series by status", sls, dataQuery("A", "slsSql", tr, map[string]any{"logstore": "nginx-access",
			"query": "* | select __time__ - __time__ % 300 as t, status, count(*) as c group by t, status order by t limit 1000"}),
			data.FrameTypeTimeSeriesWide, []string{"status"}},
		{"SLS SQL count by method", sls, dataQuery("A", "slsSql", tr, map[string]any{"logstore": "nginx-access",
			"query": "* | select request_method, count(*) as c group by request_method"}), data.FrameTypeNumericLong, []string{"request_method"}},
		{"SLS log volume", sls, dataQuery("A", "slsHistogram", tr, map[string]any{"logstore": "app-log", "logVolume": true}),
			data.FrameTypeTimeSeriesWide, []string{"level"}},
		{"CLS SQL time series by status", cls, dataQuery("A", "clsSql", tr, map[string]any{"topicId": clsemu.DemoAppTopicID,
			"query": "* | select __TIMESTAMP__ - __TIMESTAMP__ % 600000 as t, status, count(*) as c group by t, status order by t limit 1000"}),
			data.FrameTypeTimeSeriesWide, []string{"status"}},
		{"CLS SQL count", cls, dataQuery("A", "clsSql", tr, map[string]any{"topicId": clsemu.DemoAppTopicID, "query": "* | select count(*) as c"}),
			data.FrameTypeNumericLong, nil},
		{"SCF metrics", scf, dataQuery("A", "scfMetrics", tr, map[string]any{"functionName": "flaky-worker", "metrics": []string{"invocations", "errors"}}),
			data.FrameTypeTimeSeriesWide, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := p.queryFromAlert(t, tc.s, tc.q)
			require.NoError(t, r.Error)
			require.Len(t, r.Frames, 1)
			meta := r.Frames[0].Meta
			require.NotNil(t, meta)
			assert.Equal(t, tc.want, meta.Type)
			assert.Equal(t, data.FrameTypeVersion{0, 1}, meta.TypeVersion, "a version, so Grafana reads the frame as dataplane data")
			series, err := dataplanecheck.ForAlerting(r.Frames)
			require.NoError(t, err)
			require.NotEmpty(t, series)
			for _, s := range series {
				for _, l := range tc.labels {
					assert.NotEmpty(t, s.Labels[l], "series %s names its %s", s.Key(), l)
				}
			}
			require.NoError(t, dataplanecheck.ForSQLExpressions(r.Frames))
		})
	}
}
