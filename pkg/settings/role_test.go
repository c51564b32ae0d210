package settings

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSLSRoleDefaultsAndOverrides(t *testing.T) {
	base := map[string]any{"service": "sls", "endpoint": "cn-hangzhou.log.aliyuncs.com", "project": "demo", "accessKeyId": "id"}
	s, err := LoadSettings(instance(t, base, map[string]string{"accessKeySecret": "secret"}))
	require.NoError(t, err)
	assert.Nil(t, s.SLS.Role, "no roleArn: the keys sign directly")

	base["roleArn"] = " acs:ram::1234567890123456:role/log-reader "
	s, err = LoadSettings(instance(t, base, map[string]string{"accessKeySecret": "secret"}))
	require.NoError(t, err)
	require.NotNil(t, s.SLS.Role)
	assert.Equal(t, "acs:ram::1234567890123456:role/log-reader", s.SLS.Role.RoleArn)
	assert.Equal(t, DefaultRoleSessionName, s.SLS.Role.SessionName)
	assert.Equal(t, "https://sts.aliyuncs.com", s.SLS.Role.Endpoint.String())
	assert.Equal(t, 3600, s.SLS.Role.DurationSeconds)

	for k, v := range map[string]any{"roleSessionName": "ops@grafana", "externalId": "abc", "policy": `{"Version":"1"}`,
		"stsEndpoint": "http://127.0.0.1:8092", "roleDurationSeconds": "900"} {
		base[k] = v
	}
	s, err = LoadSettings(instance(t, base, map[string]string{"accessKeySecret": "secret"}))
	require.NoError(t, err)
	assert.Equal(t, &RoleSettings{RoleArn: "acs:ram::1234567890123456:role/log-reader", SessionName: "ops@grafana", ExternalID: "abc",
		Policy: `{"Version":"1"}`, Endpoint: s.SLS.Role.Endpoint, DurationSeconds: 900}, s.SLS.Role)
	assert.Equal(t, "http://127.0.0.1:8092", s.SLS.Role.Endpoint.String())
}

func TestTencentRoleIsSharedBySCFAndItsCLS(t *testing.T) {
	s, err := LoadSettings(instance(t, map[string]any{"service": "scf", "region": "ap-guangzhou", "secretId": "AKIDx",
		"roleArn": "qcs::cam::uin/100000000001:roleName/log-reader", "rootDomain": "intl.tencentcloudapi.com"},
		map[string]string{"secretKey": "k"}))
	require.NoError(t, err)
	require.NotNil(t, s.SCF.Role)
	assert.Equal(t, "https://sts.intl.tencentcloudapi.com", s.SCF.Role.Endpoint.String(), "the STS of the chosen root domain")
	assert.Equal(t, DefaultTencentRoleSeconds, s.SCF.Role.DurationSeconds)
	assert.Same(t, s.SCF.Role, s.CLS.Role)

	s, err = LoadSettings(instance(t, map[string]any{"service": "cls", "region": "ap-guangzhou", "secretId": "AKIDx",
		"roleArn": "qcs::cam::uin/100000000001:role/4611686018427397919", "roleDurationSeconds": 43200},
		map[string]string{"secretKey": "k"}))
	require.NoError(t, err)
	assert.Equal(t, 43200, s.CLS.Role.DurationSeconds)
	assert.Equal(t, "https://sts.tencentcloudapi.com", s.CLS.Role.Endpoint.String())
}

func TestRoleSettingsAreValidated(t *testing.T) {
	for name, tc := range map[string]struct {
		json   map[string]any
		secure map[string]string
		want   string
	}{
		"alibaba arn on tencent": {map[string]any{"service": "cls", "roleArn": "acs:ram::1:role/x"}, nil,
			`roleArn "acs:ram::1:role/x" is not a role ARN; copy it from the role's page in the console, e.g. qcs::cam::uin/`},
		"user arn": {map[string]any{"service": "sls", "roleArn": "acs:ram::1:user/x"}, nil, `roleArn "acs:ram::1:user/x" is not a role ARN`},
		"session name": {map[string]any{"service": "sls", "roleArn": "acs:ram::1:role/x", "roleSessionName": "a b"}, nil,
			`roleSessionName "a b" must be 2-64 letters, digits and . @ - _`},
		"duration": {map[string]any{"service": "scf", "roleArn": "qcs::cam::uin/1:roleName/x", "roleDurationSeconds": 60}, nil,
			"roleDurationSeconds must be a whole number from 900 to 43200, got 60"},
		"policy":       {map[string]any{"service": "sls", "roleArn": "acs:ram::1:role/x", "policy": "{not json"}, nil, "policy must be a JSON policy document"},
		"sts endpoint": {map[string]any{"service": "sls", "roleArn": "acs:ram::1:role/x", "stsEndpoint": "ftp://x"}, nil, "stsEndpoint: settings: endpoint \"ftp://x\" must use http or https"},
		"token and role": {map[string]any{"service": "sls", "roleArn": "acs:ram::1:role/x"}, map[string]string{"securityToken": "tok"},
			"set either a securityToken"},
		"tencent token and role": {map[string]any{"service": "cls", "roleArn": "qcs::cam::uin/1:roleName/x"}, map[string]string{"sessionToken": "tok"},
			"set either a sessionToken"},
	} {
		t.Run(name, func(t *testing.T) {
			j := map[string]any{"endpoint": "http://127.0.0.1:1", "project": "demo", "accessKeyId": "id", "region": "ap-guangzhou", "secretId": "AKIDx"}
			for k, v := range tc.json {
				j[k] = v
			}
			secure := map[string]string{"accessKeySecret": "secret", "secretKey": "k"}
			for k, v := range tc.secure {
				secure[k] = v
			}
			_, err := LoadSettings(instance(t, j, secure))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.NotContains(t, err.Error(), "secret")
		})
	}
}
