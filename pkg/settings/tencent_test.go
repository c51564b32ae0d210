package settings

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCLSSettingsDefaults(t *testing.T) {
	s, err := LoadSettings(instance(t, map[string]any{"service": "cls", "region": "ap-guangzhou", "secretId": "AKIDx"},
		map[string]string{"secretKey": "k", "sessionToken": "tok"}))
	require.NoError(t, err)
	assert.Equal(t, ServiceCLS, s.Service)
	assert.Equal(t, "https://cls.tencentcloudapi.com", s.Endpoint.String())
	assert.Equal(t, s.Endpoint, s.CLS.Endpoint)
	assert.Equal(t, CLSSettings{Endpoint: s.Endpoint, Region: "ap-guangzhou", SecretID: "AKIDx", SecretKey: "k", SessionToken: "tok", TopicConcurrency: 5}, s.CLS)

	s, err = LoadSettings(instance(t, map[string]any{"service": "cls", "region": "ap-singapore", "secretId": "AKIDx", "rootDomain": "intl.tencentcloudapi.com", "topicConcurrency": "8"},
		map[string]string{"secretKey": "k"}))
	require.NoError(t, err)
	assert.Equal(t, "https://cls.intl.tencentcloudapi.com", s.CLS.Endpoint.String())
	assert.Equal(t, 8, s.CLS.TopicConcurrency)

	s, err = LoadSettings(instance(t, map[string]any{"service": "cls", "region": "r", "secretId": "i", "endpoint": "http://127.0.0.1:9000", "rootDomain": "internal.tencentcloudapi.com"},
		map[string]string{"secretKey": "k"}))
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:9000", s.CLS.Endpoint.String(), "an endpoint overrides the root domain")
}

func TestSCFLogSourceAndCLSEndpoint(t *testing.T) {
	base := func(extra map[string]any) map[string]any {
		m := map[string]any{"service": "scf", "region": "ap-guangzhou", "secretId": "AKIDx"}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	secret := map[string]string{"secretKey": "k"}
	s, err := LoadSettings(instance(t, base(nil), secret))
	require.NoError(t, err)
	assert.Equal(t, LogSourceAuto, s.SCF.LogSource, "auto is the default on API 3.0")
	assert.Equal(t, "https://scf.tencentcloudapi.com", s.Endpoint.String())
	assert.Equal(t, "https://cls.tencentcloudapi.com", s.CLS.Endpoint.String())
	assert.Equal(t, "ap-guangzhou", s.CLS.Region, "CLS is read in the function's region with the same keys")
	assert.Equal(t, "k", s.CLS.SecretKey)

	s, err = LoadSettings(instance(t, base(map[string]any{"rootDomain": "intl.tencentcloudapi.com", "logSource": "cls", "clsEndpoint": "http://127.0.0.1:9001"}), secret))
	require.NoError(t, err)
	assert.Equal(t, "https://scf.intl.tencentcloudapi.com", s.Endpoint.String(), "the root domain applies to SCF's host")
	assert.Equal(t, "http://127.0.0.1:9001", s.CLS.Endpoint.String())

	s, err = LoadSettings(instance(t, base(map[string]any{"logSource": "getFunctionLogs"}), secret))
	require.NoError(t, err)
	assert.Nil(t, s.CLS.Endpoint, "no CLS when it is never read")

	s, err = LoadSettings(instance(t, base(map[string]any{"apiVersion": "v2"}), secret))
	require.NoError(t, err)
	assert.Equal(t, LogSourceGetFunctionLogs, s.SCF.LogSource, "the only choice on v2")
}

func TestTencentSettingsErrorsSayWhatToFix(t *testing.T) {
	cases := []struct {
		name     string
		jsonData map[string]any
		want     []string
	}{
		{"cls keys", map[string]any{"service": "cls"}, []string{"region is missing", "secretId is missing", "secretKey is missing"}},
		{"root domain", map[string]any{"service": "cls", "region": "r", "secretId": "i", "rootDomain": "example.com"}, []string{`rootDomain "example.com" is not known`}},
		{"topic concurrency", map[string]any{"service": "cls", "region": "r", "secretId": "i", "topicConcurrency": 16}, []string{"topicConcurrency must be a positive whole number up to 15"}},
		{"log source", map[string]any{"service": "scf", "region": "r", "secretId": "i", "logSource": "kafka"}, []string{`unknown logSource "kafka"`}},
		{"v2 and cls", map[string]any{"service": "scf", "apiVersion": "v2", "region": "r", "secretId": "i", "logSource": "cls"}, []string{`logSource "cls" needs API 3.0`}},
		{"cls endpoint", map[string]any{"service": "scf", "region": "r", "secretId": "i", "clsEndpoint": "ftp://x"}, []string{"clsEndpoint: settings: endpoint \"ftp://x\" must use http or https"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			secure := map[string]string{"secretKey": "k"}
			if c.name == "cls keys" {
				secure = nil
			}
			_, err := LoadSettings(instance(t, c.jsonData, secure))
			require.Error(t, err)
			for _, w := range c.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}
