package tc3

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fixedNow is 2026-11-22T07:41:12Z (VENDOR-APIS.md B.4's derived vectors).
var fixedNow = func() time.Time { return time.Unix(1795386072, 0) }

func newClient(t *testing.T, h http.HandlerFunc, mutate func(*Config)) *Client {
	t.Helper()
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	u, _ := url.Parse(s.URL + "/")
	cfg := Config{HTTPClient: s.Client(), Endpoint: u, Service: "cls", Version: "2020-10-16", Region: "ap-guangzhou",
		SecretID: "AKIDtest", SecretKey: "secret", Now: fixedNow}
	if mutate != nil {
		mutate(&cfg)
	}
	return New(cfg)
}

func TestCallSendsSignedHeadersAndDecodesTheEnvelope(t *testing.T) {
	var seen http.Header
	c := newClient(t, func(w http.ResponseWriter, r *http.Request) {
		seen = r.Header.Clone()
		body, _ := io.ReadAll(r.Body)
		assert.Equal(t, "/", r.URL.Path)
		assert.JSONEq(t, `{"TopicId":"t-1"}`, string(body))
		ts, _ := strconv.ParseInt(r.Header.Get("X-TC-Timestamp"), 10, 64)
		// The fake's host is 127.0.0.1:port, yet the scope says "cls": the
		// service comes from the API, and the signed host is the one sent.
		want := Sign("AKIDtest", "secret", Request{Method: "POST", Host: r.Host, ContentType: ContentType, Payload: body, Service: "cls", Timestamp: ts})
		assert.Equal(t, want, r.Header.Get("Authorization"))
		_, _ = w.Write([]byte(`{"Response":{"TopicId":"t-1","RequestId":"r-1"}}`))
	}, func(c *Config) { c.SessionToken = "tok" })
	var out struct{ TopicId, RequestId string }
	require.NoError(t, c.Call(context.Background(), "DescribeIndex", map[string]string{"TopicId": "t-1"}, &out))
	assert.Equal(t, "t-1", out.TopicId)
	assert.Equal(t, "r-1", out.RequestId)
	assert.Equal(t, "DescribeIndex", seen.Get("X-TC-Action"))
	assert.Equal(t, "2020-10-16", seen.Get("X-TC-Version"))
	assert.Equal(t, "1795386072", seen.Get("X-TC-Timestamp"))
	assert.Equal(t, "ap-guangzhou", seen.Get("X-TC-Region"))
	assert.Equal(t, "tok", seen.Get("X-TC-Token"))
	assert.Equal(t, "application/json", seen.Get("Content-Type"))
	assert.Equal(t, "gzip", seen.Get("Accept-Encoding"))
	assert.Contains(t, seen.Get("Authorization"), "Credential=AKIDtest/2026-11-22/cls/tc3_request, SignedHeaders=content-type;host, Signature=")
}

func TestCallDecompressesGzipAnswers(t *testing.T) {
	c := newClient(t, func(w http.ResponseWriter, r *http.Request) {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		_, _ = zw.Write([]byte(`{"Response":{"N":42,"RequestId":"r"}}`))
		_ = zw.Close()
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(buf.Bytes())
	}, nil)
	var out struct{ N int }
	require.NoError(t, c.Call(context.Background(), "X", struct{}{}, &out))
	assert.Equal(t, 42, out.N)
}

func TestCallTurnsTheErrorEnvelopeIntoError(t *testing.T) {
	c := newClient(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"Response":{"Error":{"Code":"LimitExceeded.LogSearch","Message":"too many"},"RequestId":"req-9"}}`))
	}, nil)
	err := c.Call(context.Background(), "SearchLog", struct{}{}, &struct{}{})
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, &Error{Code: "LimitExceeded.LogSearch", Message: "too many", RequestID: "req-9", HTTPStatus: 200}, e)
	assert.Equal(t, "LimitExceeded.LogSearch: too many (RequestId req-9)", e.Error())
}

func TestCallReportsAnswersThatAreNoEnvelope(t *testing.T) {
	status := http.StatusBadGateway
	body := "<html>bad gateway</html>"
	c := newClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}, nil)
	err := c.Call(context.Background(), "X", struct{}{}, &struct{}{})
	var bad *BadReplyError
	require.ErrorAs(t, err, &bad)
	assert.True(t, bad.NoEnvelope)
	assert.Equal(t, 502, bad.Status)
	assert.Contains(t, bad.Error(), "bad gateway")

	status, body = http.StatusServiceUnavailable, `{"Response":{"RequestId":"r"}}`
	err = c.Call(context.Background(), "X", struct{}{}, &struct{}{})
	require.ErrorAs(t, err, &bad)
	assert.False(t, bad.NoEnvelope, "an envelope without an error, but not a 200")
	assert.Equal(t, 503, bad.Status)
}

func TestPostSeparatesNetworkFailuresFromTheCallersDeadline(t *testing.T) {
	u, _ := url.Parse("http://127.0.0.1:1/")
	c := New(Config{Endpoint: u, Service: "cls"})
	_, err := c.Post(context.Background(), "X", nil)
	var ne *NetworkError
	require.ErrorAs(t, err, &ne)
	assert.NotContains(t, ne.Error(), `Post "http`, "the request URL is not repeated")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = c.Post(ctx, "X", nil)
	assert.True(t, errors.Is(err, context.Canceled), "%v", err)
	assert.False(t, errors.As(err, &ne))
}

func TestPostReportsACutOffBodyAsANetworkError(t *testing.T) {
	c := newClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		_, _ = w.Write([]byte(`{"Response":`))
	}, nil)
	_, err := c.Post(context.Background(), "X", nil)
	var ne *NetworkError
	require.ErrorAs(t, err, &ne)
	assert.Contains(t, ne.Error(), "answer cut off")
}

func TestPostReadsAnAnswerOfAnnouncedLengthWhole(t *testing.T) {
	body := []byte(`{"Response":{"Text":"` + strings.Repeat("x", 3<<20) + `"}}`)
	c := newClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	}, nil)
	reply, err := c.Post(context.Background(), "X", nil)
	require.NoError(t, err)
	assert.Equal(t, body, reply.Body)
}

func TestURLKeepsAPathAndDropsTheQuery(t *testing.T) {
	for in, want := range map[string]string{
		"https://cls.tencentcloudapi.com":            "https://cls.tencentcloudapi.com/",
		"https://proxy.example/tencent/cls/?x=1":     "https://proxy.example/tencent/cls",
		"http://127.0.0.1:8080":                      "http://127.0.0.1:8080/",
		"https://cls.intl.tencentcloudapi.com/":      "https://cls.intl.tencentcloudapi.com/",
		"https://cls.internal.tencentcloudapi.com//": "https://cls.internal.tencentcloudapi.com/",
	} {
		u, _ := url.Parse(in)
		assert.Equal(t, want, New(Config{Endpoint: u}).URL(), in)
	}
}

func TestMayHoldErrorFindsTheKeyInAnyCase(t *testing.T) {
	assert.True(t, mayHoldError([]byte(`{"Error":{"Code":"X"}}`)))
	assert.True(t, mayHoldError([]byte(`{"RequestId":"r","error":{}}`)))
	assert.False(t, mayHoldError([]byte(`{"Results":[{"LogJson":"{\"Errors\":1}"}],"RequestId":"r"}`)))
	assert.False(t, mayHoldError([]byte(`{}`)))
	assert.False(t, mayHoldError([]byte(`{"a":"Error`)))
}

// Found by the CLS client's FuzzAnalyzeAnswer: the one-pass decoding of a
// 200 stopped at the end of the envelope and took bytes after it for a
// whole answer; encoding/json refuses them, and so does Decode now.
func TestDecodeRefusesBytesAfterTheEnvelope(t *testing.T) {
	for _, body := range []string{`{"Response":{"N":1}} trailing`, `{"Response":{"N":1}}{"Response":{"N":2}}`, `{"Response":{"N":1}}}`} {
		var out struct{ N int }
		err := (&Reply{Status: http.StatusOK, Body: []byte(body)}).Decode(&out)
		var bad *BadReplyError
		require.ErrorAs(t, err, &bad, body)
		assert.True(t, bad.NoEnvelope, body)
	}
	var out struct{ N int }
	require.NoError(t, (&Reply{Status: http.StatusOK, Body: []byte("{\"Response\":{\"N\":1}}\n ")}).Decode(&out))
	assert.Equal(t, 1, out.N)
}
