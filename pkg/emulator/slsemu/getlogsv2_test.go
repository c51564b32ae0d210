package slsemu

import (
	"bytes"
	"compress/zlib"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pierrec/lz4/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// postV2 sends a signed GetLogsV2 request the way the SDKs do: JSON body,
// its upper-case hex MD5 in Content-MD5, x-log-bodyrawsize = body length.
func (e *testEnv) postV2(t testing.TB, logstore string, body any, acceptEncoding string) (*http.Response, []byte) {
	resp, err := http.DefaultClient.Do(e.newV2Request(t, logstore, body, acceptEncoding))
	require.NoError(t, err)
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, out
}

// newV2Request builds the signed request postV2 sends.
func (e *testEnv) newV2Request(t testing.TB, logstore string, body any, acceptEncoding string) *http.Request {
	raw, err := json.Marshal(body)
	require.NoError(t, err)
	path := "/logstores/" + logstore + "/logs"
	r, err := http.NewRequest(http.MethodPost, e.http.URL+path, bytes.NewReader(raw))
	require.NoError(t, err)
	r.Host = e.host
	sum := md5.Sum(raw)
	r.Header.Set("Content-MD5", strings.ToUpper(hex.EncodeToString(sum[:])))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	r.Header.Set("x-log-apiversion", "0.6.0")
	r.Header.Set("x-log-bodyrawsize", strconv.Itoa(len(raw)))
	r.Header.Set("x-log-signaturemethod", "hmac-sha1")
	r.Header.Set("Accept-Encoding", acceptEncoding)
	r.Header.Set("Authorization", "LOG "+e.keyID+":"+signV1ForTest(e.secret, http.MethodPost, path, nil, r.Header))
	return r
}

type v2Answer struct {
	Meta struct {
		Progress string
		Count    int
		HasSQL   bool
		Keys     []string
	}
	Data []map[string]string
}

func TestGetLogsV2Encodings(t *testing.T) {
	e := fixtureEnv(t)
	req := map[string]any{"from": fixtureBase, "to": fixtureBase + 20, "line": 3, "offset": 1, "reverse": true, "query": "status: 500 or status: 200", "topic": ""}
	for _, enc := range []string{"lz4", "deflate", ""} {
		t.Run("encoding "+enc, func(t *testing.T) {
			resp, body := e.postV2(t, "web", req, enc)
			require.Equal(t, 200, resp.StatusCode, string(body))
			rawSize, err := strconv.Atoi(resp.Header.Get("x-log-bodyrawsize"))
			require.NoError(t, err)
			switch enc {
			case "lz4":
				assert.Equal(t, "lz4", resp.Header.Get("x-log-compresstype"))
				plain := make([]byte, rawSize)
				n, err := lz4.UncompressBlock(body, plain)
				require.NoError(t, err)
				body = plain[:n]
			case "deflate":
				assert.Equal(t, "deflate", resp.Header.Get("x-log-compresstype"))
				zr, err := zlib.NewReader(bytes.NewReader(body))
				require.NoError(t, err)
				body, err = io.ReadAll(zr)
				require.NoError(t, err)
			default:
				assert.Empty(t, resp.Header.Get("x-log-compresstype"))
			}
			require.Len(t, body, rawSize)
			var a v2Answer
			require.NoError(t, json.Unmarshal(body, &a), string(body))
			assert.Equal(t, "Complete", a.Meta.Progress)
			assert.Equal(t, 3, a.Meta.Count)
			assert.False(t, a.Meta.HasSQL)
			assert.Equal(t, []int{18, 17, 16}, indexes(t, a.Data))
		})
	}

	resp, body := e.postV2(t, "web", map[string]any{"from": fixtureBase, "to": fixtureBase + 20, "query": "* | select count(1) as c"}, "")
	require.Equal(t, 200, resp.StatusCode, string(body))
	var a v2Answer
	require.NoError(t, json.Unmarshal(body, &a))
	assert.True(t, a.Meta.HasSQL)
	assert.Equal(t, []string{"c"}, a.Meta.Keys)
	assert.Equal(t, []map[string]string{{"c": "20"}}, a.Data)

	resp, body = e.postV2(t, "web", map[string]any{"from": fixtureBase, "to": fixtureBase}, "")
	assert.Equal(t, 400, resp.StatusCode)
	assert.Contains(t, string(body), "InvalidTimeRange")
	resp, body = e.postV2(t, "nope", map[string]any{"from": fixtureBase, "to": fixtureBase + 1}, "")
	assert.Equal(t, 404, resp.StatusCode)
	assert.Contains(t, string(body), "LogStoreNotExist")
	resp, body = e.postV2(t, "web", []int{1}, "")
	assert.Equal(t, 400, resp.StatusCode)
	assert.Contains(t, string(body), "PostBodyInvalid")
}

func TestLZ4LiteralBlockLengths(t *testing.T) {
	for _, n := range []int{0, 1, 14, 15, 16, 269, 270, 271, 5000} {
		data := bytes.Repeat([]byte("x"), n)
		out := make([]byte, n+1)
		got, err := lz4.UncompressBlock(appendLZ4LiteralBlock(nil, data), out)
		if n == 0 {
			assert.Equal(t, []byte{0}, appendLZ4LiteralBlock(nil, data))
			continue
		}
		require.NoError(t, err, n)
		assert.Equal(t, data, out[:got], n)
	}
}
