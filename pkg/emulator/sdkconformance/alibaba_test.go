package sdkconformance

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"testing"
	"time"

	slssdk "github.com/aliyun/aliyun-log-go-sdk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator/slsemu"
)

func startSLS(t *testing.T) string {
	t.Helper()
	srv, err := slsemu.New(slsemu.Config{Project: "conformance", KeyID: keyID, KeySecret: keySecret, Seed: 7, Logs: 20_000, Days: 1}, nil)
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	t.Cleanup(func() { _ = hs.Close() })
	return ln.Addr().String()
}

// sdkWithLoopbackDNS gives the SDK a dialer that resolves every host to the
// emulator: this SDK always dials <project>.<endpoint>, which for an IP
// endpoint only a wildcard DNS entry (or the compose network alias) answers.
// The SDK itself stays unchanged.
func sdkWithLoopbackDNS(c slssdk.ClientInterface, addr string) slssdk.ClientInterface {
	var d net.Dialer
	c.(*slssdk.Client).HTTPClient = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, addr)
		},
	}}
	return c
}

// aliyun-log-go-sdk (signature v1, the project in the Host header of an IP
// endpoint, GetLogs through its current code path, GetHistograms,
// ListLogStore and error decoding) must work against the emulator unchanged.
func TestAliyunLogSDKTalksToTheEmulator(t *testing.T) {
	addr := startSLS(t)
	client := sdkWithLoopbackDNS(slssdk.CreateNormalInterface(addr, keyID, keySecret, ""), addr)
	defer client.Close()

	stores, err := client.ListLogStore("conformance")
	require.NoError(t, err)
	assert.Subset(t, stores, []string{"nginx-access", "app-log", "audit-log"})

	to := time.Now().Unix()
	from := to - 3600

	search, err := client.GetLogs("conformance", "nginx-access", "", from, to, "status >= 500", 100, 0, true)
	require.NoError(t, err)
	assert.Equal(t, "Complete", search.Progress)
	require.NotEmpty(t, search.Logs)
	for _, l := range search.Logs {
		status, err := strconv.Atoi(l["status"])
		require.NoError(t, err)
		assert.GreaterOrEqual(t, status, 500)
		ts, err := strconv.ParseInt(l["__time__"], 10, 64)
		require.NoError(t, err)
		assert.True(t, ts >= from && ts < to, "log time %d inside [%d, %d)", ts, from, to)
	}

	sql, err := client.GetLogs("conformance", "nginx-access", "", from, to, "* | select count(*) as c", 100, 0, false)
	require.NoError(t, err)
	assert.True(t, sql.HasSQL)
	require.Len(t, sql.Logs, 1)
	total, err := strconv.ParseInt(sql.Logs[0]["c"], 10, 64)
	require.NoError(t, err)
	assert.Positive(t, total)

	hist, err := client.GetHistograms("conformance", "nginx-access", "", from, to, "*")
	require.NoError(t, err)
	var sum int64
	for _, h := range hist.Histograms {
		sum += h.Count
	}
	assert.Equal(t, total, sum, "histogram buckets add up to the SQL count")

	_, err = client.GetLogs("conformance", "no-such-store", "", from, to, "*", 10, 0, false)
	var slsErr *slssdk.Error
	require.True(t, errors.As(err, &slsErr), "%v", err)
	assert.Equal(t, "LogStoreNotExist", slsErr.Code)

	wrong := sdkWithLoopbackDNS(slssdk.CreateNormalInterface(addr, keyID, "wrong-secret", ""), addr)
	defer wrong.Close()
	_, err = wrong.ListLogStore("conformance")
	require.True(t, errors.As(err, &slsErr), "%v", err)
	assert.Equal(t, "SignatureNotMatch", slsErr.Code)
}
