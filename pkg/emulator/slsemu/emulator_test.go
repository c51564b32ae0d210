package slsemu_test

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
)

// TestThroughEmulatorStart checks the SLS server as emulator.Start wires it:
// demo credentials, project "demo" in the Host header, the shared knobs.
func TestThroughEmulatorStart(t *testing.T) {
	now := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	e, err := emulator.Start(emulator.Config{SLSLogs: 5000, SCFInvocations: 100, Now: func() time.Time { return now }})
	require.NoError(t, err)
	t.Cleanup(e.Close)
	assert.Equal(t, []string{"app-log", "audit-log", "nginx-access"}, e.SLS.Logstores())

	u, err := url.Parse(e.SLSURL)
	require.NoError(t, err)
	q := url.Values{"type": {"log"}, "from": {"1704157445"}, "to": {"1704164645"}, "query": {"* | select count(1) as c"}}
	r, err := http.NewRequest(http.MethodGet, e.SLSURL+"/logstores/nginx-access?"+q.Encode(), nil)
	require.NoError(t, err)
	r.Host = emulator.DemoProject + "." + u.Host
	date := time.Now().UTC().Format(http.TimeFormat)
	r.Header.Set("Date", date)
	r.Header.Set("x-log-apiversion", "0.6.0")
	r.Header.Set("x-log-bodyrawsize", "0")
	r.Header.Set("x-log-signaturemethod", "hmac-sha1")
	resource := "/logstores/nginx-access?from=1704157445&query=* | select count(1) as c&to=1704164645&type=log"
	sts := strings.Join([]string{"GET", "", "", date, "x-log-apiversion:0.6.0\nx-log-bodyrawsize:0\nx-log-signaturemethod:hmac-sha1", resource}, "\n")
	r.Header.Set("Authorization", "LOG "+emulator.DemoKeyID+":"+hmacSHA1Base64(emulator.DemoKeySecret, sts))

	e.Knobs.ResetLog()
	resp, err := http.DefaultClient.Do(r)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode, string(body))
	var rows []map[string]string
	require.NoError(t, json.Unmarshal(body, &rows))
	require.Len(t, rows, 1)
	assert.NotEqual(t, "0", rows[0]["c"])
	reqs := e.Knobs.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "sls", reqs[0].Service)
	assert.Equal(t, knobs.Fault(""), reqs[0].Fault)
}

func hmacSHA1Base64(secret, s string) string {
	mac := hmac.New(sha1.New, []byte(secret))
	mac.Write([]byte(s))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}
