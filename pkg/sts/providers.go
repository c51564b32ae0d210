package sts

import (
	"net/http"

	"github.com/logbridge/cloudlogs/pkg/credentials"
	"github.com/logbridge/cloudlogs/pkg/settings"
)

// Scrubbed reports each new set of temporary keys' secret and token to
// scrub (settings.OnTemporarySecret), before any request is signed with
// them; nil scrubs nothing.
func Scrubbed(scrub func(values ...string)) credentials.Option {
	return credentials.OnNew(func(c credentials.Credentials) {
		if scrub != nil {
			scrub(c.Secret, c.Token)
		}
	})
}

// ForSLS is the credentials an SLS data source signs with: its keys, or,
// with a role configured, the role's temporary keys (fetched with those
// keys on first use and renewed before they expire). Build it once per
// data source instance so that every query shares the cache.
func ForSLS(s settings.SLSSettings, hc *http.Client, opts ...credentials.Option) credentials.Provider {
	if s.Role == nil {
		return credentials.Static{KeyID: s.AccessKeyID, Secret: s.AccessKeySecret, Token: s.SecurityToken}
	}
	return credentials.NewRefreshing(AlibabaAssumeRole(AlibabaConfig{
		Endpoint: s.Role.Endpoint, AccessKeyID: s.AccessKeyID, AccessKeySecret: s.AccessKeySecret,
		RoleArn: s.Role.RoleArn, RoleSessionName: s.Role.SessionName, ExternalID: s.Role.ExternalID,
		Policy: s.Role.Policy, DurationSeconds: s.Role.DurationSeconds, HTTPClient: hc,
	}), opts...)
}

// ForTencent is the credentials a Tencent data source (SCF and the CLS it
// reads, or CLS) signs with: its keys, or a role's renewed temporary keys.
func ForTencent(region, secretID, secretKey, sessionToken string, role *settings.RoleSettings, hc *http.Client, opts ...credentials.Option) credentials.Provider {
	if role == nil {
		return credentials.Static{KeyID: secretID, Secret: secretKey, Token: sessionToken}
	}
	return credentials.NewRefreshing(TencentAssumeRole(TencentConfig{
		Endpoint: role.Endpoint, Region: region, SecretID: secretID, SecretKey: secretKey,
		RoleArn: role.RoleArn, RoleSessionName: role.SessionName, ExternalID: role.ExternalID,
		Policy: role.Policy, DurationSeconds: role.DurationSeconds, HTTPClient: hc,
	}), opts...)
}
