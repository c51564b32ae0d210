package plugin

import (
	"context"
	"encoding/json"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/slsemu"
	"github.com/logbridge/cloudlogs/pkg/livetail"
)

func slsLiveInstance(t *testing.T) (*Datasource, *emulator.Emulator) {
	t.Helper()
	e, err := emulator.Start(emulator.Config{SLSLogs: 10, SCFInvocations: 1, CLSLogs: -1, Days: 1})
	require.NoError(t, err)
	t.Cleanup(e.Close)
	b, _ := json.Marshal(map[string]any{"service": "sls", "endpoint": e.SLSURL, "project": emulator.DemoProject, "accessKeyId": emulator.DemoKeyID})
	inst, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{ID: 1, UID: "live", JSONData: b,
		DecryptedSecureJSONData: map[string]string{"accessKeySecret": emulator.DemoKeySecret}})
	require.NoError(t, err)
	ds := inst.(*Datasource)
	require.NoError(t, ds.settingsErr)
	return ds, e
}

func tailPath(t *testing.T, q json.RawMessage) string {
	k, err := livetail.Key(q)
	require.NoError(t, err)
	return livetail.PathPrefix + k
}

// The cursor against the emulator, with lines written while it polls: on
// time, late inside SLS's ingestion delay, and later than the delay
// promises. Every line is sent exactly once, and the lines the delay
// covers in time order.
func TestLiveTailSendsEveryLineOnceInOrderWhileLinesArrive(t *testing.T) {
	ds, e := slsLiveInstance(t)
	require.NoError(t, e.SLS.AppendLogs("tail", []slsemu.Log{{Time: time.Now().Add(-time.Minute).Unix(), Contents: map[string]string{"n": "before"}}}))
	raw := json.RawMessage(`{"refId":"A","queryType":"slsLogs","logstore":"tail","query":"*"}`)
	q, err := ds.liveQuery(tailPath(t, raw), raw)
	require.NoError(t, err)
	q.Interval = 300 * time.Millisecond

	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	var got []string
	var times []time.Time
	done := make(chan error, 1)
	go func() {
		done <- livetail.Tailer{Query: q, Fetch: ds.liveFetch(q)}.Run(ctx, func(f *data.Frame) error {
			assert.Equal(t, data.FrameTypeLogLines, f.Meta.Type)
			assert.Empty(t, f.Meta.Notices)
			labels, _ := f.FieldByName("labels")
			ts, _ := f.FieldByName("timestamp")
			mu.Lock()
			defer mu.Unlock()
			for i := 0; i < f.Rows(); i++ {
				var l map[string]string
				require.NoError(t, json.Unmarshal(labels.At(i).(json.RawMessage), &l))
				got = append(got, l["n"])
				times = append(times, ts.At(i).(time.Time))
			}
			return nil
		})
	}()

	// Lines arrive for 6 seconds: two on time each 250 ms (one second
	// apart in SLS's whole seconds), one 1 s late (inside the 3 s delay,
	// with a margin for a loaded machine),
	// and every 8th one 4 s late (past the delay, inside twice of it).
	var want, beyond []string
	deadline := time.Now().Add(6 * time.Second)
	for i := 0; time.Now().Before(deadline); i++ {
		now := time.Now().Unix()
		logs := []slsemu.Log{
			{Time: now, Contents: map[string]string{"n": strconv.Itoa(i) + "a"}},
			{Time: now, Contents: map[string]string{"n": strconv.Itoa(i) + "b"}},
			{Time: now - 1, Contents: map[string]string{"n": strconv.Itoa(i) + "late"}},
		}
		if i%8 == 7 {
			logs = append(logs, slsemu.Log{Time: now - 4, Contents: map[string]string{"n": strconv.Itoa(i) + "beyond"}})
			beyond = append(beyond, strconv.Itoa(i)+"beyond")
		}
		require.NoError(t, e.SLS.AppendLogs("tail", logs))
		for _, l := range logs[:3] {
			want = append(want, l.Contents["n"])
		}
		time.Sleep(250 * time.Millisecond)
	}
	// Every line has settled after the delay and one more poll.
	time.Sleep(q.Delay + time.Second)
	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("the tail did not stop when its context ended")
	}

	mu.Lock()
	defer mu.Unlock()
	seen := map[string]int{}
	for _, n := range got {
		seen[n]++
	}
	for n, c := range seen {
		assert.Equal(t, 1, c, "line %s sent %d times", n, c)
	}
	assert.NotContains(t, seen, "before", "lines older than the tail's start are not sent")
	for _, n := range append(append([]string(nil), want...), beyond...) {
		if _, ok := seen[n]; !ok {
			// Lines written in the tail's first seconds may be older than
			// its start; only those may be missing.
			i, _ := strconv.Atoi(n[:len(n)-len(trimDigits(n))])
			assert.Less(t, i, 16, "line %s never sent", n)
		}
	}
	assert.Greater(t, len(got), len(want)-40)
	last := time.Time{}
	for i, n := range got {
		if isBeyond(n) {
			continue
		}
		assert.False(t, times[i].Before(last), "line %s (%s) after a line of %s", n, times[i], last)
		last = times[i]
	}
}

func trimDigits(s string) string {
	for i, r := range s {
		if r < '0' || r > '9' {
			return s[i:]
		}
	}
	return ""
}

func isBeyond(n string) bool { return trimDigits(n) == "beyond" }
