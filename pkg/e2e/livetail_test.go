package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/slsemu"
	"github.com/logbridge/cloudlogs/pkg/livetail"
)

func tailChannel(t *testing.T, query string) (string, []byte) {
	k, err := livetail.Key(json.RawMessage(query))
	require.NoError(t, err)
	return livetail.PathPrefix + k, []byte(query)
}

func (p *pluginProcess) subscribe(t *testing.T, s backend.DataSourceInstanceSettings, path string, query []byte) (*pluginv2.SubscribeStreamResponse, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return p.stream.SubscribeStream(ctx, &pluginv2.SubscribeStreamRequest{
		PluginContext: backend.ToProto().PluginContext(pluginContext(s)), Path: path, Data: query})
}

// tailLines runs a stream until it has sent want lines (their "n" labels,
// sorted) or a deadline passes, then cancels it and checks that RunStream
// ends at once.
func (p *pluginProcess) tailLines(t *testing.T, s backend.DataSourceInstanceSettings, path string, query []byte, write func(), want int) []string {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	run, err := p.stream.RunStream(ctx, &pluginv2.RunStreamRequest{
		PluginContext: backend.ToProto().PluginContext(pluginContext(s)), Path: path, Data: query})
	require.NoError(t, err)
	write()
	var got []string
	deadline := time.AfterFunc(20*time.Second, cancel)
	defer deadline.Stop()
	for len(got) < want {
		pkt, err := run.Recv()
		require.NoError(t, err, "RunStream ended before sending %d lines (got %v)", want, got)
		var f data.Frame
		require.NoError(t, json.Unmarshal(pkt.Data, &f))
		require.NotNil(t, f.Meta)
		assert.Equal(t, data.FrameTypeLogLines, f.Meta.Type)
		labels, _ := f.FieldByName("labels")
		require.NotNil(t, labels)
		for i := 0; i < f.Rows(); i++ {
			var l map[string]string
			require.NoError(t, json.Unmarshal(labels.At(i).(json.RawMessage), &l))
			got = append(got, l["n"])
		}
	}
	// The last viewer leaves: the stream must end promptly.
	cancel()
	ended := make(chan error, 1)
	go func() {
		for {
			if _, err := run.Recv(); err != nil {
				ended <- err
				return
			}
		}
	}()
	select {
	case err := <-ended:
		if !errors.Is(err, io.EOF) {
			assert.Equal(t, codes.Canceled, status.Code(err), err.Error())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("RunStream did not end after its context was cancelled")
	}
	sort.Strings(got)
	return got
}

// Live tail through the real executable over gRPC: a good query is
// admitted and a bad one refused with what to fix; RunStream sends the
// lines written after it started, ends when cancelled, and a second tail
// of the same instance works.
func TestLiveTailOverGRPC(t *testing.T) {
	// A process of the test's own, with the SDK's profiling endpoint on, so
	// that its goroutines can be read: no poller may outlive its viewers.
	p, prof := startProfiledPlugin(t)
	e := startEmulator(t, emulator.Config{SLSLogs: 10, SCFInvocations: 1, CLSLogs: -1, Days: 1})
	s := slsSettings(e, nil)

	path, query := tailChannel(t, `{"refId":"A","queryType":"slsLogs","logstore":"live","query":"*"}`)
	require.NoError(t, e.SLS.AppendLogs("live", []slsemu.Log{{Time: time.Now().Add(-time.Hour).Unix(), Contents: map[string]string{"n": "old"}}}))
	resp, err := p.subscribe(t, s, path, query)
	require.NoError(t, err)
	assert.Equal(t, pluginv2.SubscribeStreamResponse_OK, resp.Status)

	badPath, bad := tailChannel(t, `{"queryType":"slsLogs","query":"*"}`)
	_, err = p.subscribe(t, s, badPath, bad)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "slsLogs needs a logstore")
	_, err = p.subscribe(t, s, path+"x", query)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is not the channel of this query")
	sqlPath, sql := tailChannel(t, `{"queryType":"slsSql","logstore":"live","query":"* | select 1"}`)
	_, err = p.subscribe(t, s, sqlPath, sql)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `query type "slsSql" cannot be tailed`)

	write := func(ns ...string) func() {
		return func() {
			logs := make([]slsemu.Log, len(ns))
			for i, n := range ns {
				logs[i] = slsemu.Log{Time: time.Now().Add(time.Second).Unix(), Contents: map[string]string{"n": n}}
			}
			require.NoError(t, e.SLS.AppendLogs("live", logs))
		}
	}
	assert.Equal(t, []string{"a", "b", "c"}, p.tailLines(t, s, path, query, write("a", "b", "c"), 3))
	assert.Equal(t, []string{"d", "e"}, p.tailLines(t, s, path, query, write("d", "e"), 2), "a new tail sends only what was written after it started")

	// While a viewer watches, its poller runs in the plugin process; once
	// the last viewer has left, no poller (and no goroutine of one) is left.
	pollers := func() int {
		body, err := prof.get("goroutine?debug=2")
		require.NoError(t, err)
		return strings.Count(body, "livetail.Tailer.Run")
	}
	ctx, cancel := context.WithCancel(context.Background())
	run, err := p.stream.RunStream(ctx, &pluginv2.RunStreamRequest{
		PluginContext: backend.ToProto().PluginContext(pluginContext(s)), Path: path, Data: query})
	require.NoError(t, err)
	write("f")()
	_, err = run.Recv()
	require.NoError(t, err)
	assert.Equal(t, 1, pollers(), "one poller while the viewer watches")
	cancel()
	assert.Eventually(t, func() bool { return pollers() == 0 }, 5*time.Second, 50*time.Millisecond, "the poller ended with its last viewer")
}
