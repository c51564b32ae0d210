package slsservice

import (
	"context"
	"flag"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/experimental"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/sls"
)

var updateGolden = flag.Bool("update", false, "rewrite golden files")

// seedGetLogsBodyFile holds the response example of seeds/sls-GetLogs.md,
// byte for byte: an object (not the array the page's text describes) with a
// numeric __time__. The plugin's golden test reads the same file.
const seedGetLogsBodyFile = "testdata/sls_seed_getlogs_body.json"

// seedServer answers like the seed's example response (its headers, whose
// "x-log-progress : Complete" spelling no HTTP library sends, written right).
func seedServer(t *testing.T) *sls.Client {
	seedBody, err := os.ReadFile(seedGetLogsBodyFile)
	require.NoError(t, err)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("x-log-requestid", "efag01234-12341-15432f")
		w.Header().Set("x-log-progress", "Complete")
		w.Header().Set("x-log-count", "10000")
		w.Header().Set("x-log-processed-rows", "10000")
		w.Header().Set("x-log-elapsed-millisecond", "5")
		_, _ = w.Write(seedBody)
	}))
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	c, err := sls.New(sls.Config{Endpoint: u, Project: "big-game", AccessKeyID: "id", AccessKeySecret: "secret", HTTPClient: srv.Client()})
	require.NoError(t, err)
	return c
}

func TestGoldenSeedGetLogsAsLogs(t *testing.T) {
	c := seedServer(t)
	// The seed's own request: app_log, topic groupA, 2014-09-01 00:00 to 22:00, "error", 20 lines.
	res, err := c.GetLogs(context.Background(), sls.GetLogsRequest{Logstore: "app_log", Topic: "groupA", From: 1409529600, To: 1409608800, Query: "error", Line: 20})
	require.NoError(t, err)
	require.True(t, res.Complete)
	require.Len(t, res.Logs, 2)
	f := NewLogsFrame("app_log", res.Logs)
	experimental.CheckGoldenJSONFrame(t, "testdata", "sls_seed_getlogs_logs", f, *updateGolden)
}

func TestGoldenSeedGetLogsAsTable(t *testing.T) {
	c := seedServer(t)
	res, err := c.GetLogs(context.Background(), sls.GetLogsRequest{Logstore: "app_log", Topic: "groupA", From: 1409529600, To: 1409608800, Query: "error", Line: 20})
	require.NoError(t, err)
	f := frames.NewTypedTableFrame("app_log", StringTableOf(res.Logs))
	experimental.CheckGoldenJSONFrame(t, "testdata", "sls_seed_getlogs_table", f, *updateGolden)
}

func TestGoldenSQLTimeSeries(t *testing.T) {
	tbl := frames.StringTable{
		Columns: []string{"t", "status", "c"},
		Rows: [][]*string{
			{sp("1409529600"), sp("200"), sp("10")},
			{sp("1409529600"), sp("500"), sp("1")},
			{sp("1409529660"), sp("200"), sp("12")},
		},
	}
	ts, err := frames.NewWideTimeSeries(frames.NewTypedTableFrame("A", tbl), frames.SeriesOptions{LabelFields: []string{"t", "status"}, LegendFormat: "HTTP {{status}}"})
	require.NoError(t, err)
	experimental.CheckGoldenJSONFrame(t, "testdata", "sls_sql_timeseries", ts, *updateGolden)
}

func sp(s string) *string { return &s }
