package slsservice

import (
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/frames/dataplanecheck"
)

// Every answer of SLS declares the dataplane type Grafana reads it by, and
// reads back as such: numbers and time series as alert rules and SQL
// expressions take them, log lines as logs.
func TestSLSFramesDeclareTheirDataplaneType(t *testing.T) {
	e := startSLSEmulator(t)
	ds := newSLSDatasource(t, e, nil)
	bucket := "__time__ - __time__ % 300 as t"
	cases := []struct {
		name      string
		queryType string
		model     map[string]any
		want      data.FrameType
		labels    []string // label names every series carries
	}{
		{"SQL time series grouped by a column", QueryTypeSQL, map[string]any{"logstore": "nginx-access",
			"query": "* | select " + bucket + ", status, count(*) as c group by t, status order by t limit 1000"},
			data.FrameTypeTimeSeriesWide, []string{"status"}},
		{"SQL time series of one number", QueryTypeSQL, map[string]any{"logstore": "nginx-access",
			"query": "* | select " + bucket + ", count(*) as c group by t order by t limit 1000"}, data.FrameTypeTimeSeriesWide, nil},
		{"SQL time series asked for and matching nothing", QueryTypeSQL, map[string]any{"logstore": "nginx-access", "format": "timeSeries",
			"query": "status: 999 | select " + bucket + ", count(*) as c group by t order by t limit 1000"}, data.FrameTypeTimeSeriesWide, nil},
		{"SQL numbers grouped by a column", QueryTypeSQL, map[string]any{"logstore": "nginx-access",
			"query": "* | select request_method, count(*) as c, avg(request_time) as rt group by request_method"},
			data.FrameTypeNumericLong, []string{"request_method"}},
		// A numeric GROUP BY column is a number, not a label: rows that no
		// label tells apart stay a table rather than duplicate series.
		{"SQL numbers grouped by a number", QueryTypeSQL, map[string]any{"logstore": "nginx-access",
			"query": "* | select status, count(*) as c group by status"}, data.FrameTypeTable, nil},
		{"SQL single number", QueryTypeSQL, map[string]any{"logstore": "app-log", "query": "* | select count(*) as c"},
			data.FrameTypeNumericLong, nil},
		{"SQL rows of text", QueryTypeSQL, map[string]any{"logstore": "nginx-access", "query": "* | select request_uri limit 5", "format": "table"},
			data.FrameTypeTable, nil},
		{"project SQL number", QueryTypeProjectSQL, map[string]any{"query": "select count(*) as c from \"app-log\" where $__timeFilter"},
			data.FrameTypeNumericLong, nil},
		{"histogram", QueryTypeHistogram, map[string]any{"logstore": "app-log"}, data.FrameTypeTimeSeriesWide, nil},
		{"log volume", QueryTypeHistogram, map[string]any{"logstore": "app-log", "logVolume": true}, data.FrameTypeTimeSeriesWide, []string{"level"}},
		{"SQL rows as logs", QueryTypeSQL, map[string]any{"logstore": "app-log", "format": "logs",
			"query": "level: ERROR | select __time__, level, message limit 5"}, data.FrameTypeLogLines, nil},
		{"logs", QueryTypeLogs, map[string]any{"logstore": "app-log", "limit": 5}, data.FrameTypeLogLines, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := runSLS(t, ds, slsRange(), tc.queryType, tc.model)
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
			if tc.name != "SQL time series asked for and matching nothing" {
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
