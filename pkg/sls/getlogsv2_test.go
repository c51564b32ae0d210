package sls

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pierrec/lz4/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
)

// countingTransport counts requests by method and the bytes of the answers'
// bodies as they came over the wire (compressed when they were).
type countingTransport struct {
	posts, gets, wire atomic.Int64
}

func (t *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodPost {
		t.posts.Add(1)
	} else {
		t.gets.Add(1)
	}
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	resp.Body = &countingBody{ReadCloser: resp.Body, n: &t.wire}
	return resp, nil
}

type countingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n.Add(int64(n))
	return n, err
}

var v2Now = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

func emulatorClient(t *testing.T, v2 bool) (*Client, *countingTransport) {
	t.Helper()
	e, err := emulator.Start(emulator.Config{SLSLogs: 50_000, SCFInvocations: 10, Days: 1, Now: func() time.Time { return v2Now }})
	require.NoError(t, err)
	t.Cleanup(e.Close)
	u, _ := url.Parse(e.SLSURL)
	ct := &countingTransport{}
	c, err := New(Config{Endpoint: u, Project: emulator.DemoProject, AccessKeyID: emulator.DemoKeyID,
		AccessKeySecret: emulator.DemoKeySecret, HTTPClient: &http.Client{Transport: ct}, GetLogsV2: v2})
	require.NoError(t, err)
	return c, ct
}

func TestGetLogsV2AgainstEmulatorMatchesGetLogs(t *testing.T) {
	req := GetLogsRequest{Logstore: "nginx-access", From: v2Now.Add(-time.Hour).Unix(), To: v2Now.Unix(), Query: "*", Line: 100, Offset: 200}
	c1, t1 := emulatorClient(t, false)
	want, err := c1.GetLogs(context.Background(), req)
	require.NoError(t, err)
	c2, t2 := emulatorClient(t, true)
	got, err := c2.GetLogs(context.Background(), req)
	require.NoError(t, err, "the emulator checks the POST's signature, Content-MD5 and body")

	assert.Equal(t, want.Logs, got.Logs)
	assert.Equal(t, want.Complete, got.Complete)
	assert.Equal(t, want.Count, got.Count)
	assert.Equal(t, want.Request, got.Request, "the executed query describes the same request")
	assert.Equal(t, int64(0), t1.posts.Load())
	assert.Equal(t, int64(1), t2.posts.Load())
	assert.Equal(t, int64(0), t2.gets.Load())
	assert.Equal(t, logsAPIV2, c2.logsAPI.Load())
}

// classicOnly answers GET like GetLogs and POST as an endpoint that does
// not know GetLogsV2 does.
func classicOnly(t *testing.T, status int, body string) (*Client, *countingTransport) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if r.Method == http.MethodPost {
			w.WriteHeader(status)
			_, _ = io.WriteString(w, body)
			return
		}
		w.Header().Set("x-log-progress", "Complete")
		_, _ = io.WriteString(w, `[{"__time__":"1700000000","n":"0"}]`)
	}))
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	ct := &countingTransport{}
	c, err := New(Config{Endpoint: u, Project: "demo", AccessKeyID: testKeyID, AccessKeySecret: testSecret,
		HTTPClient: &http.Client{Transport: ct}, GetLogsV2: true})
	require.NoError(t, err)
	return c.WithRetry(RetryPolicy{Attempts: 3, Initial: time.Millisecond, Max: time.Millisecond}), ct
}

func TestGetLogsV2FallsBackAndRemembers(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
	}{
		{404, `{"errorCode":"InvalidUri","errorMessage":"no API at POST /logstores/app-log/logs"}`},
		{405, `{"errorCode":"MethodNotAllowed","errorMessage":"not allowed"}`},
		{404, `<html>404 Not Found</html>`},
		{501, `not implemented`},
	} {
		c, ct := classicOnly(t, tc.status, tc.body)
		req := GetLogsRequest{Logstore: "app-log", From: 1, To: 2, Query: "*", Line: 100}
		for i := 0; i < 3; i++ {
			res, err := c.GetLogs(context.Background(), req)
			require.NoError(t, err, tc.body)
			require.Len(t, res.Logs, 1)
		}
		assert.Equal(t, int64(1), ct.posts.Load(), "%d %s: one POST, not retried, then remembered", tc.status, tc.body)
		assert.Equal(t, int64(3), ct.gets.Load())
		assert.Equal(t, logsAPIClassic, c.logsAPI.Load())
	}
}

func TestGetLogsV2RealErrorsDoNotFallBack(t *testing.T) {
	c, ct := classicOnly(t, 404, `{"errorCode":"LogStoreNotExist","errorMessage":"logstore app-log does not exist"}`)
	_, err := c.GetLogs(context.Background(), GetLogsRequest{Logstore: "app-log", From: 1, To: 2, Query: "*", Line: 100})
	e, ok := AsError(err)
	require.True(t, ok, "%v", err)
	assert.Equal(t, CodeLogStoreNotExist, e.Code)
	assert.Equal(t, int64(0), ct.gets.Load())
	assert.Equal(t, logsAPIUntried, c.logsAPI.Load())
}

func TestDecompress(t *testing.T) {
	raw := []byte(`{"meta":{"progress":"Complete","count":1},"data":[{"a":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}]}`)
	block := make([]byte, lz4.CompressBlockBound(len(raw)))
	n, err := lz4.CompressBlock(raw, block, nil)
	require.NoError(t, err)
	h := http.Header{"X-Log-Compresstype": {"lz4"}, "X-Log-Bodyrawsize": {strconv.Itoa(len(raw))}}
	out, err := decompress(h, block[:n])
	require.NoError(t, err)
	assert.Equal(t, raw, out)

	h.Set("x-log-bodyrawsize", strconv.Itoa(len(raw)+1))
	_, err = decompress(h, block[:n])
	assert.Error(t, err, "a size that does not match is an error")
	h.Set("x-log-bodyrawsize", "x")
	_, err = decompress(h, block[:n])
	assert.Error(t, err)
	_, err = decompress(http.Header{"X-Log-Compresstype": {"zstd"}, "X-Log-Bodyrawsize": {"3"}}, []byte("abc"))
	assert.Error(t, err, "an encoding not asked for")
	out, err = decompress(http.Header{}, raw)
	require.NoError(t, err)
	assert.Equal(t, raw, out)
}

func TestDecodeLogsV2Body(t *testing.T) {
	b, err := decodeLogsV2Body([]byte(`{"meta":{"progress":"Incomplete","count":2,"keys":["a"],"phraseQueryInfo":{"x":1}},"data":[{"a":"1"},{"a":null}]}`))
	require.NoError(t, err)
	assert.Equal(t, "Incomplete", b.Progress)
	assert.Equal(t, int64(2), b.Count)
	assert.Equal(t, []Log{{{Key: "a", Value: "1"}}, {{Key: "a", Null: true}}}, b.Logs)
	for _, bad := range []string{`{"meta":{},"data":[{"a":"1"}]`, `{"data":{}}`, `{"meta":[]}`, `[{"a":1}] x`, `"x"`} {
		_, err := decodeLogsV2Body([]byte(bad))
		assert.Error(t, err, bad)
	}
	for _, v1 := range []string{`[{"a":"1"}]`, `{"progress":"Complete","count":1,"logs":[{"a":"1"}]}`} {
		b, err := decodeLogsV2Body([]byte(v1))
		require.NoError(t, err, v1)
		assert.Len(t, b.Logs, 1, v1)
	}
	raw, _ := json.Marshal(getLogsV2Body{From: 1, To: 2, Query: "*", Line: 100})
	assert.JSONEq(t, `{"from":1,"to":2,"topic":"","query":"*","line":100,"offset":0,"reverse":false,"powerSql":false}`, string(raw))
}
