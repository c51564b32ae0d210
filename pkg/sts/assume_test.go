package sts

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator/stsemu"
	"github.com/logbridge/cloudlogs/pkg/emulator/tempkeys"
)

const (
	testKeyID  = "LTAIlongLivedKey"
	testSecret = "long-lived-secret"
	externalID = "grafana-prod-4711"
)

// startSTS serves the emulated STS on loopback with the demo roles and one
// role that requires an external id.
func startSTS(t *testing.T) (*url.URL, *stsemu.Server, *tempkeys.Store) {
	t.Helper()
	keys := tempkeys.NewStore()
	srv := stsemu.New(stsemu.Config{
		KeyID: testKeyID, KeySecret: testSecret, Keys: keys,
		Roles: []stsemu.Role{
			{Arn: stsemu.DemoAlibabaRoleArn}, {Arn: stsemu.DemoTencentRoleArn},
			{Arn: "acs:ram::1234567890123456:role/guarded", ExternalID: externalID},
			{Arn: "qcs::cam::uin/100000000001:roleName/guarded", ExternalID: externalID},
		},
	})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	u, _ := url.Parse(hs.URL)
	return u, srv, keys
}

func alibabaConfig(u *url.URL, arn string) AlibabaConfig {
	return AlibabaConfig{Endpoint: u, AccessKeyID: testKeyID, AccessKeySecret: testSecret, RoleArn: arn, RoleSessionName: "grafana-cloudlogs", DurationSeconds: 900}
}

func tencentConfig(u *url.URL, arn string) TencentConfig {
	return TencentConfig{Endpoint: u, Region: "ap-guangzhou", SecretID: testKeyID, SecretKey: testSecret, RoleArn: arn, RoleSessionName: "grafana-cloudlogs", DurationSeconds: 900}
}

func TestAlibabaAssumeRoleIssuesWorkingKeys(t *testing.T) {
	u, srv, keys := startSTS(t)
	before := time.Now()
	c, err := AlibabaAssumeRole(alibabaConfig(u, stsemu.DemoAlibabaRoleArn))(context.Background())
	require.NoError(t, err)
	assert.Regexp(t, `^STS\.`, c.KeyID)
	assert.NotEmpty(t, c.Secret)
	assert.Regexp(t, `^CAIS`, c.Token)
	assert.WithinDuration(t, before.Add(900*time.Second), c.Expires, 2*time.Second, "DurationSeconds is honoured")
	k, ok := keys.Lookup(c.KeyID)
	require.True(t, ok, "the emulator knows the issued key")
	assert.Equal(t, c.Secret, k.Secret)
	assert.Equal(t, c.Token, k.Token)
	a, _ := srv.Issued()
	assert.Equal(t, int64(1), a)
}

func TestAlibabaAssumeRoleWithExternalIDAndPolicy(t *testing.T) {
	u, _, _ := startSTS(t)
	cfg := alibabaConfig(u, "acs:ram::1234567890123456:role/guarded")
	cfg.Policy = `{"Version":"1","Statement":[{"Effect":"Allow","Action":["log:GetLogStoreLogs"],"Resource":["*"]}]}`
	_, err := AlibabaAssumeRole(cfg)(context.Background())
	var e *Error
	require.ErrorAs(t, err, &e, "without the external id the trust policy refuses")
	assert.Equal(t, "NoPermission", e.Code)
	assert.Equal(t, http.StatusForbidden, e.Status())

	cfg.ExternalID = externalID
	c, err := AlibabaAssumeRole(cfg)(context.Background())
	require.NoError(t, err, "a policy with spaces-free JSON and the external id are signed and accepted")
	assert.NotEmpty(t, c.Token)
}

func TestAlibabaErrorsNameTheCodeAndTheRole(t *testing.T) {
	u, _, _ := startSTS(t)
	for name, tc := range map[string]struct {
		mutate func(*AlibabaConfig)
		code   string
	}{
		"unknown role":  {func(c *AlibabaConfig) { c.RoleArn = "acs:ram::1234567890123456:role/nope" }, "EntityNotExist.Role"},
		"wrong secret":  {func(c *AlibabaConfig) { c.AccessKeySecret = "wrong" }, "SignatureDoesNotMatch"},
		"unknown key":   {func(c *AlibabaConfig) { c.AccessKeyID = "LTAIother" }, "InvalidAccessKeyId.NotFound"},
		"long duration": {func(c *AlibabaConfig) { c.DurationSeconds = 7200 }, "InvalidParameter.DurationSeconds"},
		"bad session":   {func(c *AlibabaConfig) { c.RoleSessionName = "a b" }, "InvalidParameter.RoleSessionName"},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := alibabaConfig(u, stsemu.DemoAlibabaRoleArn)
			tc.mutate(&cfg)
			_, err := AlibabaAssumeRole(cfg)(context.Background())
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tc.code, e.Code)
			assert.Contains(t, err.Error(), cfg.RoleArn)
			assert.Contains(t, err.Error(), "Alibaba STS AssumeRole")
			assert.NotContains(t, err.Error(), cfg.AccessKeySecret)
		})
	}
}

func TestTencentAssumeRoleIssuesWorkingKeys(t *testing.T) {
	u, srv, keys := startSTS(t)
	cfg := tencentConfig(u, "qcs::cam::uin/100000000001:roleName/guarded")
	cfg.ExternalID = externalID
	cfg.Policy = `{"version":"2.0","statement":[{"effect":"allow","action":["cls:SearchLog"],"resource":["*"]}]}`
	before := time.Now()
	c, err := TencentAssumeRole(cfg)(context.Background())
	require.NoError(t, err)
	assert.Regexp(t, `^AKID`, c.KeyID)
	assert.NotEmpty(t, c.Token)
	assert.WithinDuration(t, before.Add(900*time.Second), c.Expires, 2*time.Second)
	k, ok := keys.Lookup(c.KeyID)
	require.True(t, ok)
	assert.Equal(t, c.Secret, k.Secret)
	_, tc := srv.Issued()
	assert.Equal(t, int64(1), tc)
}

func TestTencentErrorsNameTheCodeAndTheRole(t *testing.T) {
	u, _, _ := startSTS(t)
	for name, tc := range map[string]struct {
		mutate func(*TencentConfig)
		code   string
	}{
		"unknown role":      {func(c *TencentConfig) { c.RoleArn = "qcs::cam::uin/100000000001:roleName/nope" }, "ResourceNotFound.RoleNotExist"},
		"wrong secret":      {func(c *TencentConfig) { c.SecretKey = "wrong" }, "AuthFailure.SignatureFailure"},
		"unknown key":       {func(c *TencentConfig) { c.SecretID = "AKIDother" }, "AuthFailure.SecretIdNotFound"},
		"external id":       {func(c *TencentConfig) { c.RoleArn = "qcs::cam::uin/100000000001:roleName/guarded" }, "UnauthorizedOperation"},
		"too long duration": {func(c *TencentConfig) { c.DurationSeconds = 50000 }, "InvalidParameterValue"},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := tencentConfig(u, stsemu.DemoTencentRoleArn)
			tc.mutate(&cfg)
			_, err := TencentAssumeRole(cfg)(context.Background())
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tc.code, e.Code)
			assert.Contains(t, err.Error(), "Tencent STS AssumeRole of role "+cfg.RoleArn)
			assert.NotContains(t, err.Error(), cfg.SecretKey)
		})
	}
}

func TestUnreachableSTSIsANetworkErrorWithoutTheSignedQuery(t *testing.T) {
	u, _ := url.Parse("http://127.0.0.1:1")
	_, err := AlibabaAssumeRole(alibabaConfig(u, stsemu.DemoAlibabaRoleArn))(context.Background())
	var ne *NetworkError
	require.ErrorAs(t, err, &ne)
	assert.Equal(t, http.StatusBadGateway, ne.Status())
	assert.NotContains(t, err.Error(), "Signature=")
	assert.NotContains(t, err.Error(), testKeyID)
	_, err = TencentAssumeRole(tencentConfig(u, stsemu.DemoTencentRoleArn))(context.Background())
	require.ErrorAs(t, err, &ne)
}
