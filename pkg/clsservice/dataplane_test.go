package clsservice

import (
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/clsemu"
	"github.com/logbridge/cloudlogs/pkg/frames/dataplanecheck"
)

// Every answer of CLS declares the dataplane type Grafana reads it by, and
// reads back as such (see the SLS test of the same name).
func TestCLSFramesDeclareTheirDataplaneType(t *testing.T) {
	e := startEmulator(t, emulator.Config{})
	ds := newDatasource(t, e, nil, "")
	topic := clsemu.DemoAppTopicID
	bucket := "__TIMESTAMP__ - __TIMESTAMP__ % 600000 as t"
	cases := []struct {
		name      string
		queryType string
		model     map[string]any
		want      data.FrameType
		labels    []string
	}{
		{"SQL time series grouped by a column", QueryTypeSQL, map[string]any{"topicId": topic,
			"query": "* | select " + bucket + ", status, count(*) as c group by t, status order by t limit 1000"},
			data.FrameTypeTimeSeriesWide, []string{"status"}},
		{"SQL time series asked for and matching nothing", QueryTypeSQL, map[string]any{"topicId": topic, "format": "timeSeries",
			"query": "status:999 | select " + bucket + ", count(*) as c group by t order by t limit 1000"}, data.FrameTypeTimeSeriesWide, nil},
		{"SQL numbers grouped by a column", QueryTypeSQL, map[string]any{"topicId": topic,
			"query": "* | select method, count(*) as c group by method"}, data.FrameTypeNumericLong, []string{"method"}},
		{"SQL single number", QueryTypeSQL, map[string]any{"topicId": topic, "query": "* | select count(*) as c"},
			data.FrameTypeNumericLong, nil},
		{"histogram", QueryTypeHistogram, map[string]any{"topicId": topic}, data.FrameTypeTimeSeriesWide, nil},
		{"log volume", QueryTypeHistogram, map[string]any{"topicId": topic, "logVolume": true}, data.FrameTypeTimeSeriesWide, []string{"level"}},
		{"logs", QueryTypeLogs, map[string]any{"topicId": topic, "limit": 5}, data.FrameTypeLogLines, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, ds, lastHour(), tc.queryType, tc.model)
			require.NoError(t, r.Error)
			reading, err := dataplanecheck.Read(r.Frames)
			require.NoError(t, err)
			assert.Equal(t, tc.want, reading.Type)
			require.NoError(t, dataplanecheck.ForSQLExpressions(r.Frames))
			if !tc.want.IsNumeric() && !tc.want.IsTimeSeries() {
				return
			}
			series, err := dataplanecheck.ForAlerting(r.Frames)
			require.NoError(t, err)
			if tc.model["format"] != "timeSeries" {
				require.NotEmpty(t, series)
			}
			for _, s := range series {
				for _, l := range tc.labels {
					assert.Contains(t, s.Labels, l, "series %s", s.Key())
				}
			}
		})
	}
}
