package frames

import (
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"

	"github.com/logbridge/cloudlogs/pkg/frames/dataplanecheck"
)

func s(v string) *string { return &v }

func TestTableTypeNumericLongOnlyWhenGrafanaCanNameEachNumber(t *testing.T) {
	cases := []struct {
		name string
		t    StringTable
		want data.FrameType
	}{
		{"group by text", StringTable{Columns: []string{"host", "c"}, Rows: [][]*string{{s("a"), s("1")}, {s("b"), s("2")}}}, data.FrameTypeNumericLong},
		{"one number", StringTable{Columns: []string{"c"}, Rows: [][]*string{{s("42")}}}, data.FrameTypeNumericLong},
		{"no rows", StringTable{Columns: []string{"c"}}, data.FrameTypeTable},
		{"null label", StringTable{Columns: []string{"host", "c"}, Rows: [][]*string{{nil, s("1")}}}, data.FrameTypeTable},
		{"repeated label", StringTable{Columns: []string{"host", "c"}, Rows: [][]*string{{s("a"), s("1")}, {s("a"), s("2")}}}, data.FrameTypeTable},
		{"records with a time", StringTable{Columns: []string{"__time__", "c"}, Rows: [][]*string{{s("1700000000"), s("1")}}}, data.FrameTypeTable},
		{"text only", StringTable{Columns: []string{"uri"}, Rows: [][]*string{{s("/a")}}}, data.FrameTypeTable},
		{"a bool", StringTable{Columns: []string{"ok", "c"}, Rows: [][]*string{{s("true"), s("1")}}}, data.FrameTypeTable},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := NewTypedTableFrame("", tc.t)
			assert.Equal(t, tc.want, f.Meta.Type)
			assert.Equal(t, data.VisType(data.VisTypeTable), f.Meta.PreferredVisualization, "still drawn as a table")
			r, err := dataplanecheck.Read(data.Frames{f})
			assert.NoError(t, err)
			assert.Equal(t, tc.want, r.Type)
			assert.NoError(t, dataplanecheck.ForSQLExpressions(data.Frames{f}))
		})
	}
}

func TestEmptyTimeSeriesIsDataplaneNoData(t *testing.T) {
	series, err := dataplanecheck.ForAlerting(data.Frames{NewEmptyTimeSeries()})
	assert.NoError(t, err)
	assert.Empty(t, series)
}
