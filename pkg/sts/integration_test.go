package sts

import (
	"context"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/cls"
	"github.com/logbridge/cloudlogs/pkg/credentials"
	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
	"github.com/logbridge/cloudlogs/pkg/emulator/stsemu"
	"github.com/logbridge/cloudlogs/pkg/scf"
	"github.com/logbridge/cloudlogs/pkg/settings"
	"github.com/logbridge/cloudlogs/pkg/sls"
)

// The whole emulated cloud on loopback: STS issues keys living lifetime,
// which SLS, SCF and CLS accept until they expire.
func startCloud(t *testing.T, lifetime time.Duration) *emulator.Emulator {
	t.Helper()
	e, err := emulator.Start(emulator.Config{
		SLSLogs: 3000, SCFInvocations: 50, CLSLogs: 50, Days: 1, SCFRequestsPerSecond: -1, STSLifetime: lifetime,
	})
	require.NoError(t, err)
	t.Cleanup(e.Close)
	return e
}

func mustURL(t *testing.T, raw string) *url.URL {
	u, err := url.Parse(raw)
	require.NoError(t, err)
	return u
}

func slsRole(t *testing.T, e *emulator.Emulator) settings.SLSSettings {
	return settings.SLSSettings{
		Project: e.Config.Project, AccessKeyID: e.Config.KeyID, AccessKeySecret: e.Config.KeySecret,
		Role: &settings.RoleSettings{RoleArn: stsemu.DemoAlibabaRoleArn, SessionName: "grafana-cloudlogs", Endpoint: mustURL(t, e.STSURL), DurationSeconds: 900},
	}
}

func tencentRole(t *testing.T, e *emulator.Emulator) *settings.RoleSettings {
	return &settings.RoleSettings{RoleArn: stsemu.DemoTencentRoleArn, SessionName: "grafana-cloudlogs", Endpoint: mustURL(t, e.STSURL), DurationSeconds: 900}
}

func slsClient(t *testing.T, e *emulator.Emulator, creds credentials.Provider) *sls.Client {
	c, err := sls.New(sls.Config{Endpoint: mustURL(t, e.SLSURL), Project: e.Config.Project, Credentials: creds})
	require.NoError(t, err)
	return c.WithRetry(sls.RetryPolicy{Attempts: 1})
}

// One paged SLS query whose requests outlast the temporary keys: the
// provider renews them between pages and every page is answered.
func TestSLSQuerySpansACredentialRefresh(t *testing.T) {
	e := startCloud(t, 2*time.Second)
	e.Knobs.Set(knobs.Settings{Latency: 200 * time.Millisecond})
	var issued []string
	creds := ForSLS(slsRole(t, e), http.DefaultClient, credentials.OnNew(func(c credentials.Credentials) { issued = append(issued, c.KeyID) }))
	c := slsClient(t, e, creds)
	now := time.Now().Unix()
	start := time.Now()
	res, err := c.GetLogsPaged(context.Background(), sls.GetLogsRequest{Logstore: "nginx-access", From: now - 86400, To: now + 60}, 1500, 1)
	require.NoError(t, err)
	assert.Equal(t, 1500, len(res.Logs), "every page answered")
	assert.Greater(t, time.Since(start), 2*time.Second, "the query outlasted the first keys")
	alibaba, _ := e.STS.Issued()
	assert.GreaterOrEqual(t, alibaba, int64(2), "renewed mid-query")
	assert.Len(t, issued, int(alibaba))
}

// Concurrent requests on a cold cache make one AssumeRole call.
func TestConcurrentRequestsShareOneAssumeRole(t *testing.T) {
	e := startCloud(t, 0)
	slsc := slsClient(t, e, ForSLS(slsRole(t, e), http.DefaultClient))
	tcCreds := ForTencent("ap-guangzhou", e.Config.KeyID, e.Config.KeySecret, "", tencentRole(t, e), http.DefaultClient)
	clsc := cls.New(cls.Config{Endpoint: mustURL(t, e.CLSURL), Region: "ap-guangzhou", Credentials: tcCreds})
	scfc := scf.New(scf.Config{Endpoint: mustURL(t, e.SCFURL), Region: "ap-guangzhou", Credentials: tcCreds})
	var wg sync.WaitGroup
	errs := make(chan error, 60)
	for range 20 {
		wg.Add(3)
		go func() { defer wg.Done(); _, err := slsc.ListAllLogStores(context.Background()); errs <- err }()
		go func() { defer wg.Done(); _, err := clsc.Logsets(context.Background()); errs <- err }()
		go func() {
			defer wg.Done()
			_, err := scfc.ListFunctions(context.Background(), "default", 0, 10)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	alibaba, tencent := e.STS.Issued()
	assert.Equal(t, int64(1), alibaba)
	assert.Equal(t, int64(1), tencent, "SCF and CLS of one data source share the provider")
}

// Keys used after they expired are refused with each vendor's error; the
// refreshing provider never sends them.
func TestExpiredTemporaryKeysAreRefused(t *testing.T) {
	e := startCloud(t, time.Second)
	ali, err := AlibabaAssumeRole(AlibabaConfig{Endpoint: mustURL(t, e.STSURL), AccessKeyID: e.Config.KeyID, AccessKeySecret: e.Config.KeySecret,
		RoleArn: stsemu.DemoAlibabaRoleArn, RoleSessionName: "expiry-test"})(context.Background())
	require.NoError(t, err)
	tc, err := TencentAssumeRole(TencentConfig{Endpoint: mustURL(t, e.STSURL), Region: "ap-guangzhou", SecretID: e.Config.KeyID, SecretKey: e.Config.KeySecret,
		RoleArn: stsemu.DemoTencentRoleArn, RoleSessionName: "expiry-test"})(context.Background())
	require.NoError(t, err)

	slsc := slsClient(t, e, credentials.Static(ali))
	clsc := cls.New(cls.Config{Endpoint: mustURL(t, e.CLSURL), Region: "ap-guangzhou", Credentials: credentials.Static(tc), MaxAttempts: 1})
	scf3 := scf.New(scf.Config{Endpoint: mustURL(t, e.SCFURL), Region: "ap-guangzhou", Credentials: credentials.Static(tc), MaxAttempts: 1})
	scf2 := scf.New(scf.Config{Endpoint: mustURL(t, e.SCFURL), APIVersion: scf.APIv2, Region: "ap-guangzhou", Credentials: credentials.Static(tc), MaxAttempts: 1})
	_, err = slsc.ListAllLogStores(context.Background())
	require.NoError(t, err, "fresh keys work")
	_, err = clsc.Logsets(context.Background())
	require.NoError(t, err)
	_, err = scf2.ListFunctions(context.Background(), "default", 0, 10)
	require.NoError(t, err)

	// The token without its keys is refused too.
	noToken := credentials.Static{KeyID: ali.KeyID, Secret: ali.Secret}
	_, err = slsClient(t, e, noToken).ListAllLogStores(context.Background())
	se, ok := sls.AsError(err)
	require.True(t, ok, "%v", err)
	assert.Equal(t, "Unauthorized", se.Code)

	time.Sleep(time.Until(ali.Expires.Add(1100 * time.Millisecond)))
	_, err = slsc.ListAllLogStores(context.Background())
	se, ok = sls.AsError(err)
	require.True(t, ok, "%v", err)
	assert.Equal(t, "Unauthorized", se.Code)
	assert.Equal(t, http.StatusUnauthorized, se.Status())
	assert.Contains(t, se.Message, "expired")

	time.Sleep(time.Until(tc.Expires.Add(1100 * time.Millisecond)))
	_, err = clsc.Logsets(context.Background())
	var ce *cls.APIError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "AuthFailure.TokenFailure", ce.Code)
	for name, c := range map[string]*scf.Client{"v3": scf3, "v2": scf2} {
		_, err = c.ListFunctions(context.Background(), "default", 0, 10)
		var ae *scf.APIError
		require.ErrorAs(t, err, &ae, name)
		assert.Equal(t, "AuthFailure.TokenFailure", ae.Code, name)
	}
}

// A refused AssumeRole reaches the query as the STS's code and the role.
func TestSTSRefusalSurfacesThroughTheClients(t *testing.T) {
	e := startCloud(t, 0)
	s := slsRole(t, e)
	s.Role.RoleArn = "acs:ram::1234567890123456:role/missing"
	_, err := slsClient(t, e, ForSLS(s, http.DefaultClient)).ListAllLogStores(context.Background())
	var stsErr *Error
	require.ErrorAs(t, err, &stsErr)
	assert.Equal(t, "EntityNotExist.Role", stsErr.Code)
	assert.Contains(t, err.Error(), "acs:ram::1234567890123456:role/missing")

	role := tencentRole(t, e)
	role.RoleArn = "qcs::cam::uin/100000000001:roleName/missing"
	clsc := cls.New(cls.Config{Endpoint: mustURL(t, e.CLSURL), Region: "ap-guangzhou",
		Credentials: ForTencent("ap-guangzhou", e.Config.KeyID, e.Config.KeySecret, "", role, http.DefaultClient)})
	_, err = clsc.Logsets(context.Background())
	require.ErrorAs(t, err, &stsErr)
	assert.Equal(t, "ResourceNotFound.RoleNotExist", stsErr.Code)
}

// overstate claims the keys live an hour whatever the STS said: a host
// whose clock runs behind the vendor's believes exactly that.
func overstate(fetch credentials.FetchFunc) credentials.FetchFunc {
	return func(ctx context.Context) (credentials.Credentials, error) {
		c, err := fetch(ctx)
		c.Expires = time.Now().Add(time.Hour)
		return c, err
	}
}

// Keys the cache still believes fresh but the vendor refuses as expired:
// the refused request fails, and the next one signs with new keys instead
// of failing until the cache's own idea of expiry.
func TestRefusedTokenIsDroppedFromTheCache(t *testing.T) {
	e := startCloud(t, time.Second)
	stsURL := mustURL(t, e.STSURL)
	slsCreds := credentials.NewRefreshing(overstate(AlibabaAssumeRole(AlibabaConfig{Endpoint: stsURL, AccessKeyID: e.Config.KeyID,
		AccessKeySecret: e.Config.KeySecret, RoleArn: stsemu.DemoAlibabaRoleArn, RoleSessionName: "skew"})))
	tcCreds := credentials.NewRefreshing(overstate(TencentAssumeRole(TencentConfig{Endpoint: stsURL, Region: "ap-guangzhou",
		SecretID: e.Config.KeyID, SecretKey: e.Config.KeySecret, RoleArn: stsemu.DemoTencentRoleArn, RoleSessionName: "skew"})))
	slsc := slsClient(t, e, slsCreds)
	clsc := cls.New(cls.Config{Endpoint: mustURL(t, e.CLSURL), Region: "ap-guangzhou", Credentials: tcCreds, MaxAttempts: 1})
	scf2 := scf.New(scf.Config{Endpoint: mustURL(t, e.SCFURL), APIVersion: scf.APIv2, Region: "ap-guangzhou", Credentials: tcCreds, MaxAttempts: 1})
	calls := map[string]func() error{
		"sls": func() error { _, err := slsc.ListAllLogStores(context.Background()); return err },
		"cls": func() error { _, err := clsc.Logsets(context.Background()); return err },
		"scf v2": func() error {
			_, err := scf2.ListFunctions(context.Background(), "default", 0, 10)
			return err
		},
	}
	for _, name := range []string{"sls", "cls", "scf v2"} {
		call := calls[name]
		require.NoError(t, call(), name)
		time.Sleep(1500 * time.Millisecond) // the STS's keys expire; the cache does not know
		require.Error(t, call(), "%s: the expired keys are refused", name)
		require.NoError(t, call(), "%s: the refusal dropped them; new keys sign the next request", name)
	}
	alibaba, tencent := e.STS.Issued()
	assert.Equal(t, int64(2), alibaba)
	assert.Equal(t, int64(3), tencent, "CLS and SCF share the provider: the keys CLS renewed serve SCF's first call")
}
