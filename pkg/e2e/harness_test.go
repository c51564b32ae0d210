// Package e2e runs the real gpx_cloudlogs executable the way Grafana does:
// hashicorp go-plugin starts it, checks the SDK's handshake, then talks to its
// data, diagnostics and resource services over gRPC. Nothing of the plugin is
// mocked; cloud calls go to the emulator on loopback.
package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	goplugin "github.com/hashicorp/go-plugin"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/logbridge/cloudlogs/pkg/emulator"
)

const pluginID = "logbridge-cloudlogs-datasource"

type pluginProcess struct {
	client      *goplugin.Client
	data        grpcplugin.DataClient
	diagnostics grpcplugin.DiagnosticsClient
	resources   grpcplugin.ResourceClient
	stream      grpcplugin.StreamClient
	logs        *syncBuffer
	// pid is the executable's process id; the benchmarks read its peak RSS
	// from /proc/<pid>/status.
	pid int
}

var (
	sharedPlugin *pluginProcess
	sharedErr    error
	sharedOnce   sync.Once
	binaryPath   string
	binaryErr    error
	binaryOnce   sync.Once
	instanceSeq  int64
	instanceMu   sync.Mutex
)

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedPlugin != nil {
		sharedPlugin.client.Kill()
	}
	os.Exit(code)
}

// builtBinary is pluginBinary built once per test process: the benchmarks
// start processes of their own from the same executable.
func builtBinary() (string, error) {
	binaryOnce.Do(func() { binaryPath, binaryErr = pluginBinary() })
	return binaryPath, binaryErr
}

// pluginBinary returns the executable under test: $CLOUDLOGS_PLUGIN_BINARY
// (the mage-built dist/gpx_cloudlogs_<os>_<arch>) or a fresh cgo-free build.
func pluginBinary() (string, error) {
	if p := os.Getenv("CLOUDLOGS_PLUGIN_BINARY"); p != "" {
		return filepath.Abs(p)
	}
	dir, err := os.MkdirTemp("", "cloudlogs-e2e-")
	if err != nil {
		return "", err
	}
	out := filepath.Join(dir, fmt.Sprintf("gpx_cloudlogs_%s_%s", runtime.GOOS, runtime.GOARCH))
	cmd := exec.Command("go", "build", "-tags", "arrow_json_stdlib", "-o", out, "../")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, b)
	}
	return out, nil
}

// startPluginProcess launches the executable through go-plugin, as Grafana
// does; env adds variables (KEY=value) to its environment.
func startPluginProcess(binary string, env ...string) (*pluginProcess, error) {
	logs := &syncBuffer{}
	cmd := exec.Command(binary)
	cmd.Env = append(append(os.Environ(), "GF_PLUGIN_APP_CLIENT_SECRET=", "GF_VERSION=11.0.0"), env...)
	client := goplugin.NewClient(&goplugin.ClientConfig{
		HandshakeConfig: goplugin.HandshakeConfig{
			ProtocolVersion:  grpcplugin.ProtocolVersion,
			MagicCookieKey:   grpcplugin.MagicCookieKey,
			MagicCookieValue: grpcplugin.MagicCookieValue,
		},
		Plugins: map[string]goplugin.Plugin{
			"data":        &grpcplugin.DataGRPCPlugin{},
			"diagnostics": &grpcplugin.DiagnosticsGRPCPlugin{},
			"resource":    &grpcplugin.ResourceGRPCPlugin{},
			"stream":      &grpcplugin.StreamGRPCPlugin{},
		},
		Cmd:              cmd,
		AllowedProtocols: []goplugin.Protocol{goplugin.ProtocolGRPC},
		SyncStdout:       logs,
		SyncStderr:       logs,
		// Stderr receives the executable's stderr lines as written (its
		// JSON log lines), for the secret scans; SyncStderr alone gets none.
		Stderr:       logs,
		StartTimeout: 30 * time.Second,
	})
	rpc, err := client.Client()
	if err != nil {
		client.Kill()
		return nil, fmt.Errorf("go-plugin handshake: %w\nplugin output:\n%s", err, logs.String())
	}
	p := &pluginProcess{client: client, logs: logs, pid: cmd.Process.Pid}
	for name, target := range map[string]any{"data": &p.data, "diagnostics": &p.diagnostics, "resource": &p.resources, "stream": &p.stream} {
		raw, err := rpc.Dispense(name)
		if err != nil {
			client.Kill()
			return nil, fmt.Errorf("dispense %s: %w", name, err)
		}
		switch t := target.(type) {
		case *grpcplugin.DataClient:
			*t = raw.(grpcplugin.DataClient)
		case *grpcplugin.DiagnosticsClient:
			*t = raw.(grpcplugin.DiagnosticsClient)
		case *grpcplugin.ResourceClient:
			*t = raw.(grpcplugin.ResourceClient)
		case *grpcplugin.StreamClient:
			*t = raw.(grpcplugin.StreamClient)
		}
	}
	return p, nil
}

// plugin returns the package's shared plugin process, started on first use.
func plugin(t testing.TB) *pluginProcess {
	t.Helper()
	sharedOnce.Do(func() {
		bin, err := builtBinary()
		if err != nil {
			sharedErr = err
			return
		}
		sharedPlugin, sharedErr = startPluginProcess(bin)
	})
	require.NoError(t, sharedErr)
	return sharedPlugin
}

func pluginContext(s backend.DataSourceInstanceSettings) backend.PluginContext {
	return backend.PluginContext{
		OrgID:                      1,
		PluginID:                   pluginID,
		PluginVersion:              "e2e",
		DataSourceInstanceSettings: &s,
		GrafanaConfig:              backend.NewGrafanaCfg(map[string]string{}),
	}
}

func (p *pluginProcess) query(t testing.TB, s backend.DataSourceInstanceSettings, tr backend.TimeRange, queries ...backend.DataQuery) *backend.QueryDataResponse {
	t.Helper()
	resp, _ := p.queryMeasured(t, s, tr, queries...)
	return resp
}

// answerMeasure is what the receiving side saw of an answer: its size as
// a protobuf message (what crossed gRPC) and how long decoding it took once
// it arrived (the SDK's FromProto: every frame's Arrow into Go values, as
// Grafana does with a plugin's answer).
type answerMeasure struct {
	bytes  int
	decode time.Duration
}

// queryMeasured is query, also measuring the answer.
func (p *pluginProcess) queryMeasured(t testing.TB, s backend.DataSourceInstanceSettings, tr backend.TimeRange, queries ...backend.DataQuery) (*backend.QueryDataResponse, answerMeasure) {
	t.Helper()
	for i := range queries {
		if queries[i].TimeRange.From.IsZero() {
			queries[i].TimeRange = tr
		}
	}
	req := &backend.QueryDataRequest{PluginContext: pluginContext(s), Queries: queries}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	protoResp, err := p.data.QueryData(ctx, backend.ToProto().QueryDataRequest(req))
	require.NoError(t, err, "QueryData over gRPC")
	decoding := time.Now()
	resp, err := backend.FromProto().QueryDataResponse(protoResp)
	m := answerMeasure{decode: time.Since(decoding), bytes: proto.Size(protoResp)}
	require.NoError(t, err)
	return resp, m
}

func (p *pluginProcess) health(t *testing.T, s backend.DataSourceInstanceSettings) *backend.CheckHealthResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	protoResp, err := p.diagnostics.CheckHealth(ctx, &pluginv2.CheckHealthRequest{PluginContext: backend.ToProto().PluginContext(pluginContext(s))})
	require.NoError(t, err, "CheckHealth over gRPC")
	return backend.FromProto().CheckHealthResponse(protoResp)
}

func (p *pluginProcess) resource(t *testing.T, s backend.DataSourceInstanceSettings, path string) (int, []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	pathOnly, _, _ := strings.Cut(path, "?")
	req := &backend.CallResourceRequest{
		PluginContext: pluginContext(s),
		Path:          pathOnly,
		Method:        "GET",
		URL:           path,
		Headers:       map[string][]string{},
	}
	stream, err := p.resources.CallResource(ctx, backend.ToProto().CallResourceRequest(req))
	require.NoError(t, err, "CallResource over gRPC")
	status := 0
	var body []byte
	for {
		msg, err := stream.Recv()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		if msg.Code != 0 {
			status = int(msg.Code)
		}
		body = append(body, msg.Body...)
	}
	return status, body
}

func dataQuery(refID, queryType string, tr backend.TimeRange, model map[string]any) backend.DataQuery {
	m := map[string]any{"refId": refID}
	if queryType != "" {
		m["queryType"] = queryType
	}
	for k, v := range model {
		m[k] = v
	}
	b, _ := json.Marshal(m)
	return backend.DataQuery{RefID: refID, QueryType: queryType, JSON: b, TimeRange: tr, Interval: time.Minute, MaxDataPoints: 1000}
}

func startEmulator(t testing.TB, cfg emulator.Config) *emulator.Emulator {
	t.Helper()
	e, err := emulator.Start(cfg)
	require.NoError(t, err)
	t.Cleanup(e.Close)
	return e
}

// newInstanceSettings gives each call a new data source id: the plugin keys
// its instances by id and update time, as Grafana does.
func newInstanceSettings(name string, jsonData map[string]any, secure map[string]string) backend.DataSourceInstanceSettings {
	instanceMu.Lock()
	instanceSeq++
	id := instanceSeq
	instanceMu.Unlock()
	b, _ := json.Marshal(jsonData)
	return backend.DataSourceInstanceSettings{
		ID:                      id,
		UID:                     fmt.Sprintf("e2e-%d", id),
		Name:                    name,
		Type:                    pluginID,
		JSONData:                b,
		DecryptedSecureJSONData: secure,
		Updated:                 time.Now(),
	}
}

func slsSettings(e *emulator.Emulator, jsonOverrides map[string]any) backend.DataSourceInstanceSettings {
	j := map[string]any{
		"service":     "sls",
		"endpoint":    e.SLSURL,
		"project":     e.Config.Project,
		"accessKeyId": e.Config.KeyID,
	}
	for k, v := range jsonOverrides {
		j[k] = v
	}
	return newInstanceSettings("SLS e2e", j, map[string]string{"accessKeySecret": e.Config.KeySecret})
}

func scfSettings(e *emulator.Emulator, apiVersion string, jsonOverrides map[string]any) backend.DataSourceInstanceSettings {
	j := map[string]any{
		"service":           "scf",
		"apiVersion":        apiVersion,
		"endpoint":          e.SCFURL,
		"region":            "ap-guangzhou",
		"namespace":         "default",
		"secretId":          e.Config.KeyID,
		"timezone":          "Asia/Shanghai",
		"requestsPerSecond": 1000,
		// GetFunctionLogs unless a test reads CLS; CLS is the emulator's
		// either way, never a real host.
		"logSource":   "getFunctionLogs",
		"clsEndpoint": e.CLSURL,
	}
	for k, v := range jsonOverrides {
		j[k] = v
	}
	return newInstanceSettings("SCF e2e", j, map[string]string{"secretKey": e.Config.KeySecret})
}

// syncBuffer collects the plugin's stdout/stderr (its log lines) for the
// secret-leak assertions.
type syncBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
