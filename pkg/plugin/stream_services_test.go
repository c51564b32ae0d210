package plugin

import (
	"context"
	"encoding/json"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/clsemu"
	"github.com/logbridge/cloudlogs/pkg/emulator/scfemu"
)

// packets is a stream's far end: each packet's frame's rows, as text.
type packets struct {
	mu   sync.Mutex
	rows []string
}

func (p *packets) Send(pkt *backend.StreamPacket) error {
	var f data.Frame
	if err := json.Unmarshal(pkt.Data, &f); err != nil {
		return err
	}
	body, _ := f.FieldByName("body")
	labels, _ := f.FieldByName("labels")
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := 0; i < f.Rows(); i++ {
		p.rows = append(p.rows, body.At(i).(string)+" "+string(labels.At(i).(json.RawMessage)))
	}
	return nil
}

// count is how many rows mention marker.
func (p *packets) count(marker string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, r := range p.rows {
		if strings.Contains(r, marker) {
			n++
		}
	}
	return n
}

// tailUntil runs RunStream for query until every marker was sent, then
// cancels it: it must return at once and leave no poller behind.
func tailUntil(t *testing.T, ds *Datasource, query string, write func(), markers []string) *packets {
	t.Helper()
	raw := json.RawMessage(query)
	path := tailPath(t, raw)
	_, err := ds.SubscribeStream(context.Background(), &backend.SubscribeStreamRequest{Path: path, Data: raw})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := &packets{}
	done := make(chan error, 1)
	go func() {
		done <- ds.RunStream(ctx, &backend.RunStreamRequest{Path: path, Data: raw}, backend.NewStreamSender(p))
	}()
	write()
	deadline := time.Now().Add(25 * time.Second)
	for _, m := range markers {
		for p.count(m) == 0 && time.Now().Before(deadline) {
			time.Sleep(100 * time.Millisecond)
		}
		assert.Equal(t, 1, p.count(m), "line %s sent once", m)
	}
	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("RunStream did not return after its context ended")
	}
	assertNoPoller(t)
	return p
}

// assertNoPoller checks that no goroutine of the process is in a poll
// loop; the tests that run one are not parallel.
func assertNoPoller(t *testing.T) {
	t.Helper()
	buf := make([]byte, 1<<22)
	stacks := strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n")
	left := 0
	for _, s := range stacks {
		if strings.Contains(s, "livetail.Tailer.Run") {
			left++
		}
	}
	assert.Zero(t, left, "poller goroutines left after RunStream returned")
}

func TestLiveTailCLS(t *testing.T) {
	e, err := emulator.Start(emulator.Config{SLSLogs: 10, SCFInvocations: 1, CLSLogs: -1, Days: 1})
	require.NoError(t, err)
	t.Cleanup(e.Close)
	b, _ := json.Marshal(map[string]any{"service": "cls", "endpoint": e.CLSURL, "region": "ap-guangzhou", "secretId": e.Config.KeyID})
	inst, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{ID: 2, UID: "cls-live", JSONData: b,
		DecryptedSecureJSONData: map[string]string{"secretKey": e.Config.KeySecret}})
	require.NoError(t, err)
	ds := inst.(*Datasource)
	require.NoError(t, ds.settingsErr)

	write := func() {
		// Three seconds into the tail, lines stamped up to 2.5 s before
		// they are written (late, inside CLS's 5 s delay) and one in the
		// near future.
		time.Sleep(3 * time.Second)
		now := time.Now()
		var recs []clsemu.Record
		for i, lag := range []time.Duration{2500 * time.Millisecond, time.Second, 0, -time.Second} {
			recs = append(recs, clsemu.Record{Time: now.Add(-lag), Fields: []clsemu.Field{{Key: "content", Value: "cls-mark-" + strconv.Itoa(i)}}})
		}
		require.NoError(t, e.CLS.AddRecords(clsemu.DemoAppTopicID, recs...))
	}
	markers := []string{"cls-mark-0", "cls-mark-1", "cls-mark-2", "cls-mark-3"}
	p := tailUntil(t, ds, `{"refId":"A","queryType":"clsLogs","topicId":"`+clsemu.DemoAppTopicID+`"}`, write, markers)
	var order []string
	for _, r := range p.rows {
		for _, m := range markers {
			if strings.Contains(r, m) {
				order = append(order, m)
			}
		}
	}
	assert.Equal(t, markers, order, "in time order, the late lines included")
}

// SCF through both log sources: the function's CLS topic and
// GetFunctionLogs.
func TestLiveTailSCF(t *testing.T) {
	for i, source := range []string{"cls", "getFunctionLogs"} {
		// Not in parallel: assertNoPoller looks at every goroutine.
		t.Run(source, func(t *testing.T) {
			e, err := emulator.Start(emulator.Config{SLSLogs: 10, SCFInvocations: 1, CLSLogs: -1, Days: 1})
			require.NoError(t, err)
			t.Cleanup(e.Close)
			b, _ := json.Marshal(map[string]any{"service": "scf", "endpoint": e.SCFURL, "region": "ap-guangzhou", "secretId": e.Config.KeyID,
				"timezone": e.Config.Timezone.String(), "requestsPerSecond": 1000, "clsEndpoint": e.CLSURL, "logSource": source})
			inst, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{ID: int64(30 + i), UID: "scf-live-" + source, JSONData: b,
				DecryptedSecureJSONData: map[string]string{"secretKey": e.Config.KeySecret}})
			require.NoError(t, err)
			ds := inst.(*Datasource)
			require.NoError(t, ds.settingsErr)

			write := func() {
				start := time.Now().Add(time.Second).UTC()
				var runs []scfemu.Invocation
				for i := range 3 {
					id := "live-run-" + strconv.Itoa(i)
					runs = append(runs, scfemu.Invocation{FunctionName: "hello-node", RequestID: id, Start: start.Add(time.Duration(i) * 100 * time.Millisecond),
						Duration: 5, MemUsage: 1 << 20, Log: start.Format("2006-01-02T15:04:05.000Z") + "\t" + id + "\tscf-mark-" + strconv.Itoa(i) + "\n"})
				}
				require.NoError(t, e.SCF.AddInvocations(runs...))
			}
			tailUntil(t, ds, `{"refId":"A","queryType":"scfLogs","functionName":"hello-node"}`, write, []string{"scf-mark-0", "scf-mark-1", "scf-mark-2"})
		})
	}
}

// Viewers cannot publish into a tail, and a data source whose settings are
// wrong says so when subscribed to.
func TestLiveTailRefusesPublishingAndBadSettings(t *testing.T) {
	ds, _ := slsLiveInstance(t)
	r, err := ds.PublishStream(context.Background(), &backend.PublishStreamRequest{Path: "tail/x"})
	require.NoError(t, err)
	assert.Equal(t, backend.PublishStreamStatusPermissionDenied, r.Status)

	inst, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{ID: 9, UID: "bad", JSONData: []byte(`{"service":"sls"}`)})
	require.NoError(t, err)
	raw := json.RawMessage(`{"queryType":"slsLogs","logstore":"x"}`)
	_, err = inst.(*Datasource).SubscribeStream(context.Background(), &backend.SubscribeStreamRequest{Path: tailPath(t, raw), Data: raw})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "data source settings are invalid")
	assert.True(t, backend.IsDownstreamError(err))
}
