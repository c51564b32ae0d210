package settings

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func scfWith(extra map[string]any) map[string]any {
	j := map[string]any{"service": "scf", "region": "ap-guangzhou", "secretId": "AKIDexample"}
	for k, v := range extra {
		j[k] = v
	}
	return j
}

// NaN switched pacing off and 1e-9 stalled every query; every numeric
// setting must be finite and in its documented range.
func TestNumericSettingsMustBeFiniteAndInRange(t *testing.T) {
	secure := map[string]string{"secretKey": "k"}
	cases := []struct {
		field string
		value any
		want  string
	}{
		{"requestsPerSecond", "NaN", "requestsPerSecond must be a number from 0.1 to 1000 (SCF allows 5 a second per account, shared by the data sources using the same SecretId and region in this Grafana; divide by the number of Grafana replicas), got NaN"},
		{"requestsPerSecond", "Inf", "requestsPerSecond must be a number from 0.1 to 1000"},
		{"requestsPerSecond", "-Infinity", "got -Inf"},
		{"requestsPerSecond", 1e-9, "got 1e-09"},
		{"requestsPerSecond", 0.05, "got 0.05"},
		{"requestsPerSecond", 1001, "got 1001"},
		{"requestsPerSecond", "1e999", `"requestsPerSecond" must be a finite number, got the text "1e999"`},
		{"timeoutSeconds", "NaN", "timeoutSeconds must be a positive whole number up to 3600, got NaN"},
		{"timeoutSeconds", "Inf", "timeoutSeconds must be a positive whole number up to 3600, got +Inf"},
		{"maxRows", "-Inf", "maxRows must be a positive whole number up to 1000000, got -Inf"},
		{"concurrency", "NaN", "concurrency must be a positive whole number up to 100, got NaN"},
		{"topicConcurrency", "Inf", "topicConcurrency must be a positive whole number up to 15, got +Inf"},
	}
	for _, tc := range cases {
		_, err := LoadSettings(instance(t, scfWith(map[string]any{tc.field: tc.value}), secure))
		require.Error(t, err, "%s=%v", tc.field, tc.value)
		assert.Contains(t, err.Error(), tc.want, "%s=%v", tc.field, tc.value)
	}
	for _, ok := range []any{0.1, "0.5", 5, 1000} {
		s, err := LoadSettings(instance(t, scfWith(map[string]any{"requestsPerSecond": ok}), secure))
		require.NoError(t, err, ok)
		assert.Positive(t, s.SCF.RequestsPerSecond)
	}
}

// A CR or LF inside a key id or region passed validation and then failed as
// a retried "cannot reach" network error; now the setting is named.
func TestControlCharactersAreRejectedInEveryTextSetting(t *testing.T) {
	cases := []struct {
		name     string
		jsonData map[string]any
		secure   map[string]string
		want     string
	}{
		{"sls accessKeyId", map[string]any{"service": "sls", "endpoint": "cn-hangzhou.log.aliyuncs.com", "project": "demo", "accessKeyId": "LTAI\r\nX-Injected: 1"},
			map[string]string{"accessKeySecret": "s"},
			`settings: jsonData.accessKeyId has a control character (carriage return, U+000D) at character 5 ("LTAI\r\nX-Injected: 1"); remove it`},
		{"scf region", scfWith(map[string]any{"region": "ap-guang\nzhou"}), map[string]string{"secretKey": "k"},
			`jsonData.region has a control character (line feed, U+000A) at character 9`},
		{"cls secretId", map[string]any{"service": "cls", "region": "ap-guangzhou", "secretId": "AKID\x00x"}, map[string]string{"secretKey": "k"},
			`jsonData.secretId has a control character (NUL, U+0000) at character 5`},
		{"sls project", map[string]any{"service": "sls", "endpoint": "h", "project": "de\tmo", "accessKeyId": "a"}, map[string]string{"accessKeySecret": "s"},
			`jsonData.project has a control character (tab, U+0009) at character 3`},
		{"scf namespace", scfWith(map[string]any{"namespace": "default\x1b[31m"}), map[string]string{"secretKey": "k"},
			`jsonData.namespace has a control character (U+001B) at character 8`},
		{"endpoint", scfWith(map[string]any{"endpoint": "http://127.0.0.1:1\r\n/x"}), map[string]string{"secretKey": "k"},
			`jsonData.endpoint has a control character`},
		{"clsEndpoint", scfWith(map[string]any{"clsEndpoint": "cls.example\n.com"}), map[string]string{"secretKey": "k"},
			`jsonData.clsEndpoint has a control character`},
		{"a setting added later", scfWith(map[string]any{"roleArn": "qcs::cam::uin/1:roleName/r\n"}), map[string]string{"secretKey": "k"},
			"", // a trailing line break is trimmed, as everywhere: accepted
		},
		{"a setting added later, inside", scfWith(map[string]any{"roleArn": "qcs::cam::uin/1:\nroleName/r"}), map[string]string{"secretKey": "k"},
			`jsonData.roleArn has a control character (line feed, U+000A) at character 17`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadSettings(instance(t, tc.jsonData, tc.secure))
			if tc.want == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Contains(t, err.Error(), "line breaks and other control characters are not allowed")
			assert.Equal(t, 1, strings.Count(err.Error(), "settings:"), "the control character is reported alone: %v", err)
		})
	}
}

func TestControlCharactersInSecretsAreNamedWithoutTheValue(t *testing.T) {
	for field, service := range map[string]string{"accessKeySecret": "sls", "securityToken": "sls", "secretKey": "scf", "sessionToken": "cls"} {
		j := scfWith(map[string]any{"service": service, "endpoint": "cn-hangzhou.log.aliyuncs.com", "project": "demo", "accessKeyId": "a"})
		secure := map[string]string{"accessKeySecret": "s", "secretKey": "k", field: "TOP-SECRET\r\nVALUE"}
		_, err := LoadSettings(instance(t, j, secure))
		require.Error(t, err, field)
		assert.Contains(t, err.Error(), "secureJsonData."+field+" has a control character (carriage return, U+000D) at character 11; remove it", field)
		assert.NotContains(t, err.Error(), "TOP-SECRET", field)
		assert.NotContains(t, err.Error(), "VALUE", field)
	}
	// Grafana's own TLS fields hold PEM text, which spans lines.
	_, err := LoadSettings(instance(t, scfWith(nil), map[string]string{"secretKey": "k", "tlsClientCert": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"}))
	require.NoError(t, err)
}
