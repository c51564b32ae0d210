package settings

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func instance(t *testing.T, jsonData map[string]any, secure map[string]string) backend.DataSourceInstanceSettings {
	t.Helper()
	b, err := json.Marshal(jsonData)
	require.NoError(t, err)
	return backend.DataSourceInstanceSettings{JSONData: b, DecryptedSecureJSONData: secure}
}

func TestSLSSettingsDefaultsAndEndpoint(t *testing.T) {
	s, err := LoadSettings(instance(t, map[string]any{
		"service": "sls", "endpoint": "cn-hangzhou.log.aliyuncs.com", "project": "big-game", "accessKeyId": "id",
	}, map[string]string{"accessKeySecret": "secret", "securityToken": "tok"}))
	require.NoError(t, err)
	assert.Equal(t, ServiceSLS, s.Service)
	assert.Equal(t, "https://cn-hangzhou.log.aliyuncs.com", s.Endpoint.String(), "https when no scheme")
	assert.Equal(t, "big-game", s.SLS.Project)
	assert.Equal(t, "secret", s.SLS.AccessKeySecret)
	assert.Equal(t, "tok", s.SLS.SecurityToken)
	assert.Equal(t, 30*time.Second, s.Timeout())
	assert.Equal(t, DefaultMaxRows, s.MaxRows)
	assert.Equal(t, DefaultConcurrency, s.Concurrency)

	s, err = LoadSettings(instance(t, map[string]any{
		"service": "SLS", "endpoint": "http://127.0.0.1:8089/", "project": "demo", "accessKeyId": "id",
		"timeoutSeconds": "12", "maxRows": 500, "concurrency": 8,
	}, map[string]string{"accessKeySecret": "secret"}))
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:8089", s.Endpoint.String())
	assert.Equal(t, 12, s.TimeoutSeconds, "numbers given as strings are accepted")
	assert.Equal(t, 500, s.MaxRows)
	assert.Equal(t, 8, s.Concurrency)
}

func TestSCFSettingsDefaults(t *testing.T) {
	s, err := LoadSettings(instance(t, map[string]any{"service": "scf", "region": "ap-guangzhou", "secretId": "AKID"},
		map[string]string{"secretKey": "key"}))
	require.NoError(t, err)
	assert.Equal(t, SCFAPIv3, s.SCF.APIVersion)
	assert.Equal(t, "https://scf.tencentcloudapi.com", s.Endpoint.String())
	assert.Equal(t, "default", s.SCF.Namespace)
	assert.Equal(t, "Asia/Shanghai", s.SCF.Location.String())
	assert.Equal(t, 5.0, s.SCF.RequestsPerSecond)

	// The seed's example: startTime "2017-09-18 17:14:01" is 09:14:01Z.
	st, err := time.ParseInLocation("2006-01-02 15:04:05", "2017-09-18 17:14:01", s.SCF.Location)
	require.NoError(t, err)
	assert.Equal(t, "2017-09-18T09:14:01Z", st.UTC().Format(time.RFC3339))

	s, err = LoadSettings(instance(t, map[string]any{"service": "scf", "apiVersion": "v2", "region": "gz", "secretId": "AKID", "timezone": "UTC", "namespace": "staging"},
		map[string]string{"secretKey": "key", "sessionToken": "tok"}))
	require.NoError(t, err)
	assert.Equal(t, DefaultSCFv2Endpoint, s.Endpoint.String())
	assert.Equal(t, "staging", s.SCF.Namespace)
	assert.Equal(t, "UTC", s.SCF.Location.String())
	assert.Equal(t, "tok", s.SCF.SessionToken)
}

func TestSettingsErrorsSayWhatToFix(t *testing.T) {
	cases := []struct {
		name     string
		jsonData map[string]any
		secure   map[string]string
		want     []string
	}{
		{"no service", map[string]any{}, nil, []string{"service is missing"}},
		{"unknown service", map[string]any{"service": "elk"}, nil, []string{`unknown service "elk"`}},
		{"sls everything missing", map[string]any{"service": "sls"}, nil,
			[]string{"endpoint is missing", "project is missing", "accessKeyId is missing", "accessKeySecret is missing"}},
		{"sls bad url", map[string]any{"service": "sls", "endpoint": "http://", "project": "demo", "accessKeyId": "a"}, map[string]string{"accessKeySecret": "s"},
			[]string{"not a valid host or URL"}},
		{"sls bad scheme", map[string]any{"service": "sls", "endpoint": "ftp://host", "project": "demo", "accessKeyId": "a"}, map[string]string{"accessKeySecret": "s"},
			[]string{"must use http or https"}},
		{"sls bad project", map[string]any{"service": "sls", "endpoint": "h", "project": "Big_Game", "accessKeyId": "a"}, map[string]string{"accessKeySecret": "s"},
			[]string{"not a valid SLS project name"}},
		{"scf missing keys", map[string]any{"service": "scf"}, nil,
			[]string{"region is missing", "secretId is missing", "secretKey is missing"}},
		{"scf bad zone", map[string]any{"service": "scf", "region": "r", "secretId": "i", "timezone": "Nowhere/City"}, map[string]string{"secretKey": "k"},
			[]string{`timezone "Nowhere/City" is not an IANA zone`}},
		{"bad timeout", map[string]any{"service": "scf", "region": "r", "secretId": "i", "timeoutSeconds": -3}, map[string]string{"secretKey": "k"},
			[]string{"timeoutSeconds must be a positive whole number"}},
		{"zero max rows", map[string]any{"service": "scf", "region": "r", "secretId": "i", "maxRows": 0}, map[string]string{"secretKey": "k"},
			[]string{"maxRows must be a positive whole number"}},
		{"not a number", map[string]any{"service": "scf", "region": "r", "secretId": "i", "concurrency": "lots"}, map[string]string{"secretKey": "k"},
			[]string{`settings: "concurrency" must be a number (5 or "5"), got the text "lots"`}},
		{"role field of the wrong type", map[string]any{"service": "scf", "region": "r", "secretId": "i", "roleArn": 5}, map[string]string{"secretKey": "k"},
			[]string{`settings: "roleArn" must be text, got the number 5`}},
		{"bad rps", map[string]any{"service": "scf", "region": "r", "secretId": "i", "requestsPerSecond": 0}, map[string]string{"secretKey": "k"},
			[]string{"requestsPerSecond must be a number from 0.1 to 1000"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadSettings(instance(t, tc.jsonData, tc.secure))
			require.Error(t, err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestSettingsErrorsNeverContainSecrets(t *testing.T) {
	_, err := LoadSettings(instance(t, map[string]any{"service": "sls", "endpoint": "::bad::"},
		map[string]string{"accessKeySecret": "TOP-SECRET-VALUE", "securityToken": "TOKEN-VALUE"}))
	require.Error(t, err)
	assert.False(t, strings.Contains(err.Error(), "TOP-SECRET-VALUE"))
	assert.False(t, strings.Contains(err.Error(), "TOKEN-VALUE"))
}

// The concurrency is the instance's budget of requests in flight: 16 unless
// set, up to SLS's 100 concurrent search statements per project.
func TestConcurrencyDefaultAndBounds(t *testing.T) {
	base := map[string]any{"service": "sls", "endpoint": "cn-hangzhou.log.aliyuncs.com", "project": "big-game", "accessKeyId": "id"}
	with := func(v any) (Settings, error) {
		jd := map[string]any{}
		for k, x := range base {
			jd[k] = x
		}
		if v != nil {
			jd["concurrency"] = v
		}
		return LoadSettings(instance(t, jd, map[string]string{"accessKeySecret": "secret"}))
	}
	s, err := with(nil)
	require.NoError(t, err)
	assert.Equal(t, 16, s.Concurrency)
	s, err = with(100)
	require.NoError(t, err)
	assert.Equal(t, 100, s.Concurrency)
	for _, bad := range []any{0, 101, "101", 2.5} {
		_, err = with(bad)
		assert.ErrorContains(t, err, "concurrency must be a positive whole number up to 100", bad)
	}
}
