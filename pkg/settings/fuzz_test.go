package settings

import (
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// FuzzLoadSettings: any jsonData with any secrets loads or fails with
// errors that never contain a secret value (unless jsonData holds that text
// itself), and loaded settings keep every bound.
func FuzzLoadSettings(f *testing.F) {
	for _, s := range []string{
		`{"service":"sls","endpoint":"cn-hangzhou.log.aliyuncs.com","project":"demo","accessKeyId":"AK"}`,
		`{"service":"scf","region":"ap-guangzhou","secretId":"AKID","apiVersion":"v2","requestsPerSecond":"5"}`,
		`{"service":"cls","region":"ap-shanghai","secretId":"AKID","clsEndpoint":"http://127.0.0.1:1"}`,
		`{"service":"sls","endpoint":"http://u:p@h/x?y","project":"Bad_Project","timeoutSeconds":"0"}`,
		`{"service":"scf","endpoint":"::","concurrency":1e9,"maxRows":-1}`, `{"service":"SCF "}`,
		`{"service":1}`, `[]`, `null`, `{`, ``,
	} {
		f.Add(s, "s3cr3t", "t0ken")
	}
	f.Fuzz(func(t *testing.T, jsonData, secret, token string) {
		// Markers make the secrets text no message could hold by chance.
		secret, token = "KEYa1"+secret+"1aKEY", "TOKa1"+token+"1aTOK"
		s, err := LoadSettings(backend.DataSourceInstanceSettings{
			JSONData: []byte(jsonData),
			DecryptedSecureJSONData: map[string]string{
				"accessKeySecret": secret, "secretKey": secret, "securityToken": token, "sessionToken": token,
			},
		})
		if err != nil {
			msg := err.Error()
			for _, v := range []string{secret, token, strings.TrimSpace(secret), strings.TrimSpace(token)} {
				if strings.Contains(msg, v) && !strings.Contains(jsonData, v) {
					t.Fatalf("jsonData %q: the error shows a secret:\n%s", jsonData, msg)
				}
			}
			if strings.TrimSpace(msg) == "" {
				t.Fatalf("jsonData %q: an error without a message", jsonData)
			}
			return
		}
		switch {
		case s.Service != ServiceSLS && s.Service != ServiceSCF && s.Service != ServiceCLS:
			t.Fatalf("jsonData %q: service %q", jsonData, s.Service)
		case s.TimeoutSeconds < 1 || s.TimeoutSeconds > 3600 || s.MaxRows < 1 || s.MaxRows > 1_000_000:
			t.Fatalf("jsonData %q: timeout %d maxRows %d", jsonData, s.TimeoutSeconds, s.MaxRows)
		case s.Concurrency < 1 || s.Concurrency > MaxConcurrency:
			t.Fatalf("jsonData %q: concurrency %d", jsonData, s.Concurrency)
		case s.Endpoint == nil && s.Service != ServiceCLS:
			t.Fatalf("jsonData %q: no endpoint", jsonData)
		}
	})
}
