package stsemu

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator/tempkeys"
	"github.com/logbridge/cloudlogs/pkg/tc3"
)

const (
	keyID  = "LTAIdemo"
	secret = "demo-secret"
)

func start(t *testing.T, lifetime time.Duration) (*httptest.Server, *tempkeys.Store) {
	keys := tempkeys.NewStore()
	hs := httptest.NewServer(New(Config{KeyID: keyID, KeySecret: secret, Keys: keys, Lifetime: lifetime}))
	t.Cleanup(hs.Close)
	return hs, keys
}

// alibabaQuery is a signed AssumeRole query (the emulator's own encoder,
// which the sts package's tests check against the client's signer).
func alibabaQuery(method string, at time.Time, nonce string, extra map[string]string) string {
	p := map[string]string{
		"Action": "AssumeRole", "Version": "2015-04-01", "Format": "JSON", "AccessKeyId": keyID,
		"SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0", "SignatureNonce": nonce,
		"Timestamp": at.UTC().Format("2006-01-02T15:04:05Z"), "RoleArn": DemoAlibabaRoleArn, "RoleSessionName": "test",
	}
	for k, v := range extra {
		p[k] = v
	}
	var parts []string
	for k, v := range p {
		parts = append(parts, rfc3986(k)+"="+rfc3986(v))
	}
	return strings.Join(parts, "&") + "&Signature=" + rfc3986(rpcSignature(method, p, secret))
}

func alibabaCall(t *testing.T, hs *httptest.Server, query string) (int, map[string]any) {
	resp, err := http.Get(hs.URL + "/?" + query)
	require.NoError(t, err)
	defer resp.Body.Close()
	var out map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	return resp.StatusCode, out
}

func TestAlibabaIssuesKeysLivingTheConfiguredLifetime(t *testing.T) {
	hs, keys := start(t, 3*time.Second)
	status, out := alibabaCall(t, hs, alibabaQuery("GET", time.Now(), "n1", nil))
	require.Equal(t, http.StatusOK, status, out)
	creds := out["Credentials"].(map[string]any)
	exp, err := time.Parse(time.RFC3339, creds["Expiration"].(string))
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now().Add(3*time.Second), exp, 1500*time.Millisecond)
	k, ok := keys.Lookup(creds["AccessKeyId"].(string))
	require.True(t, ok)
	assert.Equal(t, creds["SecurityToken"], k.Token)
	assert.False(t, k.Expired(time.Now()))
	assert.True(t, k.Expired(time.Now().Add(4*time.Second)))
	assert.Contains(t, out["AssumedRoleUser"].(map[string]any)["Arn"], ":assumed-role/cloudlogs-reader/test")
}

func TestAlibabaRefusesReplaysStaleRequestsAndTampering(t *testing.T) {
	hs, _ := start(t, 0)
	q := alibabaQuery("GET", time.Now(), "same", nil)
	status, _ := alibabaCall(t, hs, q)
	require.Equal(t, http.StatusOK, status)
	status, out := alibabaCall(t, hs, q)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "SignatureNonceUsed", out["Code"])

	status, out = alibabaCall(t, hs, alibabaQuery("GET", time.Now().Add(-20*time.Minute), "old", nil))
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "InvalidTimeStamp.Expired", out["Code"])

	tampered := strings.Replace(alibabaQuery("GET", time.Now(), "t1", nil), "RoleSessionName=test", "RoleSessionName=other", 1)
	status, out = alibabaCall(t, hs, tampered)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "SignatureDoesNotMatch", out["Code"])
	assert.NotEmpty(t, out["RequestId"])
	assert.NotEmpty(t, out["HostId"])

	status, out = alibabaCall(t, hs, alibabaQuery("GET", time.Now(), "t2", map[string]string{"Policy": "{not json"}))
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "InvalidParameter.PolicyGrammar", out["Code"])
}

func tencentCall(t *testing.T, hs *httptest.Server, header map[string]string, body string) map[string]any {
	req, _ := http.NewRequest(http.MethodPost, hs.URL, bytes.NewReader([]byte(body)))
	host := strings.TrimPrefix(hs.URL, "http://")
	ts := time.Now().Unix()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-TC-Action", "AssumeRole")
	req.Header.Set("X-TC-Version", "2018-08-13")
	req.Header.Set("X-TC-Region", "ap-guangzhou")
	req.Header.Set("X-TC-Timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("Authorization", tc3.Sign(keyID, secret, tc3.Request{Method: "POST", Host: host, ContentType: "application/json", Payload: []byte(body), Service: "sts", Timestamp: ts}))
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode, "API 3.0 answers errors with 200")
	var out struct{ Response map[string]any }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	return out.Response
}

func TestTencentAnswersTheDocumentedShapeAndErrors(t *testing.T) {
	hs, keys := start(t, 0)
	body := `{"RoleArn":"` + DemoTencentRoleArn + `","RoleSessionName":"test"}`
	out := tencentCall(t, hs, nil, body)
	creds := out["Credentials"].(map[string]any)
	assert.Regexp(t, `^AKID`, creds["TmpSecretId"])
	assert.NotEmpty(t, creds["TmpSecretKey"])
	assert.NotEmpty(t, creds["Token"])
	assert.InDelta(t, float64(time.Now().Add(7200*time.Second).Unix()), out["ExpiredTime"], 2, "the documented default of 7200 s")
	_, ok := keys.Lookup(creds["TmpSecretId"].(string))
	assert.True(t, ok)

	code := func(o map[string]any) string { return o["Error"].(map[string]any)["Code"].(string) }
	assert.Equal(t, "NoSuchVersion", code(tencentCall(t, hs, map[string]string{"X-TC-Version": "2020-01-01"}, body)))
	assert.Equal(t, "MissingParameter", code(tencentCall(t, hs, map[string]string{"X-TC-Region": ""}, body)))
	// Signed for one body, sent with another.
	ts := time.Now().Unix()
	signedForBody := tc3.Sign(keyID, secret, tc3.Request{Method: "POST", Host: strings.TrimPrefix(hs.URL, "http://"), ContentType: "application/json",
		Payload: []byte(body), Service: "sts", Timestamp: ts})
	tampered := strings.Replace(body, "test", "tampered", 1)
	assert.Equal(t, "AuthFailure.SignatureFailure", code(tencentCall(t, hs,
		map[string]string{"Authorization": signedForBody, "X-TC-Timestamp": strconv.FormatInt(ts, 10)}, tampered)))
	assert.Equal(t, "MissingParameter", code(tencentCall(t, hs, nil, `{"RoleSessionName":"test"}`)))
}
