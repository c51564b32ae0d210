package scfservice

import (
	"context"
	"flag"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/experimental"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/scf"
)

// updateGolden rewrites this package's golden files: go test -update.
var updateGolden = flag.Bool("update", false, "rewrite golden files")

// seedInvocations feeds the seed's exact example response
// (seeds/scf-GetFunctionLogs.md, 响应示例) through an httptest server and
// the v2 client, as a real answer would arrive.
func seedInvocations(t *testing.T) []scf.Invocation {
	body, err := os.ReadFile("testdata/scf_seed_example_response.json")
	require.NoError(t, err)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "/v2/index.php", r.URL.Path)
		assert.Equal(t, "GetFunctionLogs", r.PostFormValue("Action"))
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	c := scf.New(scf.Config{HTTPClient: srv.Client(), Endpoint: u, APIVersion: scf.APIv2, Region: "gz",
		SecretID: "AKIDexample", SecretKey: "example-key", Location: shanghai, Concurrency: 1})
	res, err := c.Fetch(context.Background(), scf.FetchRequest{
		Template: scf.LogsRequest{FunctionName: "testnode", Namespace: "default"},
		From:     time.Date(2017, 9, 18, 9, 0, 0, 0, time.UTC), To: time.Date(2017, 9, 18, 10, 0, 0, 0, time.UTC),
		Desc: true, Need: 1000,
	})
	require.NoError(t, err)
	return res.Invocations
}

func TestSCFSeedExampleGoldenFrames(t *testing.T) {
	invs := seedInvocations(t)
	require.Len(t, invs, 2)
	// The zone rule: "2017-09-18 17:14:01" in the account zone is 09:14:01Z.
	assert.Equal(t, time.Date(2017, 9, 18, 9, 14, 1, 0, time.UTC), invs[0].StartTime.UTC())

	logs := NewLogsFrame("testnode", invs)
	require.Equal(t, 8, logs.Rows(), "4 entries per invocation: the multi-line objects stay whole")
	assert.Equal(t, "b5a9c642-9c51-11e7-a46e-5254001df6c6_2", logs.Fields[3].At(2))
	assert.Equal(t, time.Date(2017, 9, 18, 9, 14, 1, 237_000_000, time.UTC), logs.Fields[0].At(2))
	experimental.CheckGoldenJSONFrame(t, "testdata", "scf_seed_logs", logs, *updateGolden)

	table := NewInvocationsFrame("testnode", invs)
	assert.Equal(t, 2.735, table.Fields[3].At(0))
	assert.Equal(t, int64(131072), table.Fields[5].At(0))
	assert.Equal(t, "decbytes", table.Fields[5].Config.Unit)
	experimental.CheckGoldenJSONResponse(t, "testdata", "scf_seed_invocations", &backend.DataResponse{Frames: data.Frames{table}}, *updateGolden)
}

func TestSCFMetricsFrameBucketsEveryInterval(t *testing.T) {
	base := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	at := func(sec int, dur float64, ret int64, mem int64) scf.Invocation {
		return scf.Invocation{StartTime: base.Add(time.Duration(sec) * time.Second), DurationMs: dur, RetCode: ret, MemUsageBytes: mem, BillDurationMs: 100}
	}
	invs := []scf.Invocation{at(5, 10, 0, 100), at(20, 30, 1, 300), at(59, 20, 0, 200), at(61, 7, 0, 50), at(300, 99, 0, 1)}
	b, widened := frames.NewGrid(base.Add(30*time.Second), base.Add(180*time.Second), time.Minute)
	assert.False(t, widened)
	assert.Equal(t, base, b.Start, "buckets align to the interval")
	require.Equal(t, 3, b.Count)
	f, err := NewMetricsFrame("m", invs, b, Metrics)
	require.NoError(t, err)
	get := func(name string) []float64 {
		fld, _ := f.FieldByName(name)
		require.NotNil(t, fld, name)
		out := make([]float64, fld.Len())
		for i := range out {
			out[i] = fld.At(i).(float64)
		}
		return out
	}
	assert.Equal(t, []float64{3, 1, 0}, get("invocations"), "empty buckets are zero, not missing")
	assert.Equal(t, []float64{1, 0, 0}, get("errors"))
	assert.InDelta(t, 33.333, get("errorRate")[0], 0.001)
	assert.Equal(t, []float64{20, 7, 0}, get("durationAvg"))
	assert.Equal(t, []float64{20, 7, 0}, get("durationP50"))
	assert.Equal(t, []float64{30, 7, 0}, get("durationP95"))
	assert.Equal(t, []float64{30, 7, 0}, get("durationMax"))
	assert.Equal(t, []float64{300, 100, 0}, get("billDuration"))
	assert.Equal(t, []float64{300, 50, 0}, get("memoryMax"))
	errRate, _ := f.FieldByName("errorRate")
	assert.Equal(t, "percent", errRate.Config.Unit)
	assert.Equal(t, data.FrameTypeTimeSeriesWide, f.Meta.Type)

	vol := NewLogVolumeFrame(invs, b)
	require.Len(t, vol.Fields, 3, "time, error, info")
	assert.Equal(t, data.Labels{"level": "error"}, vol.Fields[1].Labels)
	assert.Equal(t, []int64{1, 0, 0}, []int64{vol.Fields[1].At(0).(int64), vol.Fields[1].At(1).(int64), vol.Fields[1].At(2).(int64)})
	assert.Equal(t, data.Labels{"level": "info"}, vol.Fields[2].Labels)
	assert.Equal(t, []int64{2, 1, 0}, []int64{vol.Fields[2].At(0).(int64), vol.Fields[2].At(1).(int64), vol.Fields[2].At(2).(int64)})
}
