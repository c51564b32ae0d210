package sls

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Vectors from VENDOR-APIS.md C.1: the official ones come from
// aliyun-log-go-sdk signature_test.go @210ae4b0; the derived ones were produced
// by running aliyun-log-go-sdk SignerV1 and aliyun-log-python-sdk AuthV1 on
// fixed inputs (both agreed).
func baseHeaders(date string) http.Header {
	h := http.Header{}
	h.Set("Date", date)
	h.Set("x-log-apiversion", "0.6.0")
	h.Set("x-log-bodyrawsize", "0")
	h.Set("x-log-signaturemethod", "hmac-sha1")
	return h
}

func TestSignOfficialVector(t *testing.T) {
	h := baseHeaders("Mon, 3 Jan 2010 08:33:47 GMT")
	got := authorization("mockAccessKeyID", "mockAccessKeySecret", "GET", "/logstores", nil, h)
	assert.Equal(t, "LOG mockAccessKeyID:Rwm6cTKzoti4HWoe+GKcb6Kv07E=", got)
}

func TestSignDerivedQueryVectors(t *testing.T) {
	const date = "Mon, 03 Jan 2022 08:33:47 GMT"
	getLogs := url.Values{
		"type": {"log"}, "from": {"1641196800"}, "to": {"1641200400"}, "topic": {""},
		"line": {"100"}, "offset": {"0"}, "reverse": {"false"},
		"query": {"status:500 and request_uri:/api/* | select count(1) as c"},
	}
	cases := []struct {
		name   string
		method string
		path   string
		params url.Values
		extra  map[string]string
		want   string
	}{
		{"GetLogs", "GET", "/logstores/app-log", getLogs, nil, "NvZY2zkpWbNZ2NK5ddJHx0fBjKo="},
		{"GetLogs with STS token", "GET", "/logstores/app-log", getLogs, map[string]string{"x-acs-security-token": "CAIS-sts-token=="}, "so/mWAA867HKUZaBTpfEDcqYzoE="},
		{"GetHistograms", "GET", "/logstores/app-log", url.Values{
			"type": {"histogram"}, "from": {"1641196800"}, "to": {"1641200400"}, "topic": {""}, "query": {"error"},
		}, nil, "ShZvXYsmCNn0V+6jr2xBJ8uAvW0="},
		{"ListLogStores", "GET", "/logstores", url.Values{"offset": {"0"}, "size": {"100"}}, nil, "cEVfOQ6rmZlQd6xvfwfoOaOQtFg="},
		{"GetLogsV2 POST body", "POST", "/logstores/app-log/logs", nil, map[string]string{
			"Content-Type": "application/json", "Content-MD5": "A2D7523D7657F38F2F9E691FAD874210", "x-log-bodyrawsize": "120",
		}, "lqCs4bip68Vcyg+7RBBdSRYbRDg="},
		{"GetProjectLogs", "GET", "/logs", url.Values{
			"query": {"select count(1) from app-log where __date__ > '2022-01-03 00:00:00'"},
		}, nil, "W49DKdkBHyLUf/xo0j2qPaLlYE0="},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := baseHeaders(date)
			for k, v := range c.extra {
				h.Set(k, v)
			}
			got := authorization("mockAccessKeyID", "mockAccessKeySecret", c.method, c.path, c.params, h)
			assert.Equal(t, "LOG mockAccessKeyID:"+c.want, got)
		})
	}
}

func TestCanonicalResourceKeepsEmptyValuesAndRawText(t *testing.T) {
	got := canonicalResource("/logstores/a", url.Values{"topic": {""}, "query": {"a and b | select 1"}, "from": {"1"}})
	assert.Equal(t, "/logstores/a?from=1&query=a and b | select 1&topic=", got)
	assert.Equal(t, "/logstores", canonicalResource("/logstores", nil))
}

func TestContentMD5IsUpperHex(t *testing.T) {
	assert.Equal(t, "900150983CD24FB0D6963F7D28E17F72", contentMD5([]byte("abc")))
}

func TestCanonicalHeadersSkipsUnsignedHeaders(t *testing.T) {
	h := baseHeaders("d")
	h.Set("User-Agent", "x")
	h.Set("Accept", "application/json")
	h.Set("X-Acs-Security-Token", " tok ")
	assert.Equal(t, "x-acs-security-token:tok\nx-log-apiversion:0.6.0\nx-log-bodyrawsize:0\nx-log-signaturemethod:hmac-sha1", canonicalLogHeaders(h))
}
