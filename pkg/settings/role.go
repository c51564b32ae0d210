package settings

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/logbridge/cloudlogs/pkg/lenient"
)

// Role assumption (jsonData.roleArn and friends): instead of signing with
// the long-lived keys, the plugin asks the vendor's STS for temporary keys
// of a role and renews them before they expire; the long-lived keys then
// only ever sign STS calls.
const (
	// DefaultRoleSessionName names the plugin's sessions in the vendors'
	// audit logs (ActionTrail, CloudAudit).
	DefaultRoleSessionName = "grafana-cloudlogs"
	// Alibaba STS: DurationSeconds from 900 up to the role's maximum
	// session (3600 unless the role raised it, 43200 at most); default
	// 3600 (Alibaba Cloud API reference, STS 2015-04-01 AssumeRole).
	DefaultAlibabaSTSEndpoint = "https://sts.aliyuncs.com"
	DefaultAlibabaRoleSeconds = 3600
	// Tencent STS: DurationSeconds default 7200, at most 43200 (Tencent
	// Cloud API, STS 2018-08-13 AssumeRole).
	DefaultTencentRoleSeconds = 7200
	MinRoleSeconds            = 900
	MaxRoleSeconds            = 43200
)

// RoleSettings say which role to assume; nil when the keys sign directly.
type RoleSettings struct {
	RoleArn     string
	SessionName string
	// ExternalID is the id the role's trust policy may require.
	ExternalID string
	// Policy, optional, narrows the role's permissions for the session.
	Policy          string
	Endpoint        *url.URL
	DurationSeconds int
}

type rawRole struct {
	RoleArn         string          `json:"roleArn"`
	RoleSessionName string          `json:"roleSessionName"`
	ExternalID      string          `json:"externalId"`
	Policy          string          `json:"policy"`
	STSEndpoint     string          `json:"stsEndpoint"`
	RoleDuration    *lenient.Number `json:"roleDurationSeconds"`
}

var (
	// acs:ram::<account id>:role/<role name> (RAM console, role details).
	alibabaRoleArn = regexp.MustCompile(`^acs:ram::\d+:role/[^/\s]+$`)
	// qcs::cam::uin/<uin>:role/<id> or :roleName/<name>, service roles
	// with one more path segment (Tencent STS AssumeRole, RoleArn).
	tencentRoleArn = regexp.MustCompile(`^qcs::cam::uin/\d+:(role|roleName)/[^\s]+$`)
	// Alibaba: 2-64 of letters, digits, '.', '@', '-', '_'.
	alibabaSession = regexp.MustCompile(`^[A-Za-z0-9.@_-]{2,64}$`)
	// Tencent: 2-128 of [\w+=,.@-].
	tencentSession = regexp.MustCompile(`^[\w+=,.@-]{2,128}$`)
)

// loadRole reads the role settings of vendor "alibaba" or "tencent";
// stsDefault is the vendor's STS endpoint for the chosen root domain.
func loadRole(r rawRole, vendor, stsDefault string) (*RoleSettings, []error) {
	arn := strings.TrimSpace(r.RoleArn)
	if arn == "" {
		return nil, nil
	}
	var errs []error
	role := &RoleSettings{
		RoleArn: arn, SessionName: strings.TrimSpace(r.RoleSessionName),
		ExternalID: strings.TrimSpace(r.ExternalID), Policy: strings.TrimSpace(r.Policy),
	}
	if role.SessionName == "" {
		role.SessionName = DefaultRoleSessionName
	}
	arnRule, sessionRule, duration := alibabaRoleArn, alibabaSession, DefaultAlibabaRoleSeconds
	arnExample, sessionText := "acs:ram::1234567890123456:role/log-reader", "2-64 letters, digits and . @ - _"
	if vendor == "tencent" {
		arnRule, sessionRule, duration = tencentRoleArn, tencentSession, DefaultTencentRoleSeconds
		arnExample, sessionText = "qcs::cam::uin/100000000001:roleName/log-reader", "2-128 letters, digits and + = , . @ - _"
	}
	if !arnRule.MatchString(arn) {
		errs = append(errs, fmt.Errorf("settings: roleArn %q is not a role ARN; copy it from the role's page in the console, e.g. %s", arn, arnExample))
	}
	if !sessionRule.MatchString(role.SessionName) {
		errs = append(errs, fmt.Errorf("settings: roleSessionName %q must be %s", role.SessionName, sessionText))
	}
	if role.Policy != "" && !json.Valid([]byte(role.Policy)) {
		errs = append(errs, errors.New("settings: policy must be a JSON policy document (or empty to keep the role's permissions)"))
	}
	n, err := intSetting("roleDurationSeconds", r.RoleDuration, duration, MinRoleSeconds, MaxRoleSeconds)
	if err != nil {
		errs = append(errs, err)
	}
	role.DurationSeconds = n
	endpoint := strings.TrimSpace(r.STSEndpoint)
	if endpoint == "" {
		endpoint = stsDefault
	}
	if u, err := ParseEndpoint(endpoint); err != nil {
		errs = append(errs, fmt.Errorf("stsEndpoint: %w", err))
	} else {
		role.Endpoint = u
	}
	return role, errs
}
