package settings

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/logbridge/cloudlogs/pkg/cls"
	"github.com/logbridge/cloudlogs/pkg/credentials"
)

// SCF API versions accepted in jsonData.apiVersion.
const (
	SCFAPIv3 = "v3"
	SCFAPIv2 = "v2"
)

// Where an SCF data source reads function logs (jsonData.logSource).
const (
	// LogSourceAuto reads the function's CLS topic (SCF GetFunction) and
	// queries CLS; only a function without a topic falls back to
	// GetFunctionLogs. The default on API 3.0.
	LogSourceAuto = "auto"
	// LogSourceCLS always reads CLS (a function without a topic is an error).
	LogSourceCLS = "cls"
	// LogSourceGetFunctionLogs always calls GetFunctionLogs: the legacy v2
	// API's only choice, and accounts or proxies that still serve it.
	LogSourceGetFunctionLogs = "getFunctionLogs"
)

// Tencent root domains (jsonData.rootDomain): a service's host is
// <service>.<rootDomain> unless an endpoint overrides it.
const (
	RootDomainDefault  = "tencentcloudapi.com"
	RootDomainIntl     = "intl.tencentcloudapi.com"
	RootDomainInternal = "internal.tencentcloudapi.com"
)

// Defaults of the Tencent services.
const (
	DefaultSCFNamespace      = "default"
	DefaultSCFTimezone       = "Asia/Shanghai"
	DefaultSCFv2Endpoint     = "https://scf.api.qcloud.com"
	DefaultSCFRequestsPerSec = 5
	// DefaultTopicConcurrency leaves CLS's 15 concurrent searches per topic
	// to the account's alarms and dashboards too.
	DefaultTopicConcurrency = 5
	MaxTopicConcurrency     = 15
)

// SCFSettings are the Tencent SCF settings.
type SCFSettings struct {
	APIVersion   string
	Region       string
	Namespace    string
	SecretID     string
	SecretKey    string `json:"-"`
	SessionToken string `json:"-"`
	// Location is the account's zone, in which SCF writes zone-less times.
	Location *time.Location
	// RequestsPerSecond paces this process's SCF calls with this SecretId
	// and region, shared by every data source using them (the lowest wins).
	RequestsPerSecond float64
	// LogSource is auto, cls or getFunctionLogs.
	LogSource string
	// Role, when set, is assumed with the keys above (role.go); CLS
	// shares it.
	Role *RoleSettings
}

// CLSSettings are the Tencent CLS settings: of a CLS data source, or of the
// CLS an SCF data source reads function logs from.
type CLSSettings struct {
	Endpoint     *url.URL
	Region       string
	SecretID     string
	SecretKey    string `json:"-"`
	SessionToken string `json:"-"`
	// TopicConcurrency bounds this process's concurrent searches per topic,
	// shared by every data source with the same SecretId and region.
	TopicConcurrency int
	// Role, when set, is assumed with the keys above (role.go).
	Role *RoleSettings
}

func (s *Settings) loadSCF(raw rawJSONData, secure map[string]string) []error {
	var errs []error
	s.SCF = SCFSettings{
		APIVersion:   strings.ToLower(strings.TrimSpace(raw.APIVersion)),
		Region:       strings.TrimSpace(raw.Region),
		Namespace:    strings.TrimSpace(raw.Namespace),
		SecretID:     strings.TrimSpace(raw.SecretID),
		SecretKey:    strings.TrimSpace(secure["secretKey"]),
		SessionToken: strings.TrimSpace(secure["sessionToken"]),
		LogSource:    strings.TrimSpace(raw.LogSource),
	}
	if s.SCF.APIVersion == "" {
		s.SCF.APIVersion = SCFAPIv3
	}
	if s.SCF.Namespace == "" {
		s.SCF.Namespace = DefaultSCFNamespace
	}
	rootDomain, err := loadRootDomain(raw.RootDomain)
	if err != nil {
		errs = append(errs, err)
	}
	endpoint := strings.TrimSpace(raw.Endpoint)
	switch s.SCF.APIVersion {
	case SCFAPIv3:
		if endpoint == "" {
			endpoint = "https://scf." + rootDomain
		}
		if s.SCF.LogSource == "" {
			s.SCF.LogSource = LogSourceAuto
		}
	case SCFAPIv2:
		if endpoint == "" {
			endpoint = DefaultSCFv2Endpoint
		}
		if s.SCF.LogSource == "" {
			s.SCF.LogSource = LogSourceGetFunctionLogs
		}
		if s.SCF.LogSource != LogSourceGetFunctionLogs {
			errs = append(errs, fmt.Errorf(`settings: logSource %q needs API 3.0; the legacy v2 API reads logs only with "getFunctionLogs"`, s.SCF.LogSource))
		}
	default:
		errs = append(errs, fmt.Errorf(`settings: unknown apiVersion %q; use "v3" (API 3.0) or "v2" (legacy)`, raw.APIVersion))
	}
	switch s.SCF.LogSource {
	case LogSourceAuto, LogSourceCLS, LogSourceGetFunctionLogs:
	default:
		errs = append(errs, fmt.Errorf(`settings: unknown logSource %q; use "auto", "cls" or "getFunctionLogs"`, s.SCF.LogSource))
	}
	if u, err := ParseEndpoint(endpoint); err != nil {
		errs = append(errs, err)
	} else {
		s.Endpoint = u
	}
	errs = append(errs, requireTencentKeys(s.SCF.Region, s.SCF.SecretID, s.SCF.SecretKey)...)
	var roleErrs []error
	s.SCF.Role, roleErrs = loadTencentRole(raw, rootDomain, s.SCF.SessionToken)
	errs = append(errs, roleErrs...)
	zone := strings.TrimSpace(raw.Timezone)
	if zone == "" {
		zone = DefaultSCFTimezone
	}
	if loc, err := time.LoadLocation(zone); err != nil {
		errs = append(errs, fmt.Errorf("settings: timezone %q is not an IANA zone name (e.g. Asia/Shanghai, UTC)", zone))
	} else {
		s.SCF.Location = loc
	}
	rps, err := requestsPerSecond(raw.RequestsPerSec)
	if err != nil {
		errs = append(errs, err)
	}
	s.SCF.RequestsPerSecond = rps
	if s.SCF.LogSource != LogSourceGetFunctionLogs {
		s.CLS = CLSSettings{Region: s.SCF.Region, SecretID: s.SCF.SecretID, SecretKey: s.SCF.SecretKey, SessionToken: s.SCF.SessionToken, Role: s.SCF.Role}
		errs = append(errs, s.CLS.loadEndpointAndLimits(raw.CLSEndpoint, "clsEndpoint", rootDomain, raw)...)
	}
	return errs
}

func (s *Settings) loadCLS(raw rawJSONData, secure map[string]string) []error {
	s.CLS = CLSSettings{
		Region:       strings.TrimSpace(raw.Region),
		SecretID:     strings.TrimSpace(raw.SecretID),
		SecretKey:    strings.TrimSpace(secure["secretKey"]),
		SessionToken: strings.TrimSpace(secure["sessionToken"]),
	}
	errs := requireTencentKeys(s.CLS.Region, s.CLS.SecretID, s.CLS.SecretKey)
	rootDomain, err := loadRootDomain(raw.RootDomain)
	if err != nil {
		errs = append(errs, err)
	}
	errs = append(errs, s.CLS.loadEndpointAndLimits(raw.Endpoint, "endpoint", rootDomain, raw)...)
	s.Endpoint = s.CLS.Endpoint
	var roleErrs []error
	s.CLS.Role, roleErrs = loadTencentRole(raw, rootDomain, s.CLS.SessionToken)
	return append(errs, roleErrs...)
}

// loadTencentRole reads the role an SCF or CLS data source assumes; its STS
// is sts.<rootDomain> unless stsEndpoint says otherwise.
func loadTencentRole(raw rawJSONData, rootDomain, sessionToken string) (*RoleSettings, []error) {
	role, errs := loadRole(raw.rawRole, "tencent", "https://sts."+rootDomain)
	if role != nil && sessionToken != "" {
		errs = append(errs, errors.New("settings: set either a sessionToken (temporary keys you renew yourself) or a roleArn (the plugin assumes the role and renews its keys), not both"))
	}
	return role, errs
}

// loadEndpointAndLimits sets the CLS endpoint (the override named field, or
// cls.<rootDomain>) and the per-topic concurrency.
func (c *CLSSettings) loadEndpointAndLimits(override, field, rootDomain string, raw rawJSONData) []error {
	var errs []error
	endpoint := strings.TrimSpace(override)
	if endpoint == "" {
		endpoint = "https://cls." + rootDomain
	}
	if u, err := ParseEndpoint(endpoint); err != nil {
		errs = append(errs, fmt.Errorf("%s: %w", field, err))
	} else {
		c.Endpoint = u
	}
	n, err := intSetting("topicConcurrency", raw.TopicConc, DefaultTopicConcurrency, 1, MaxTopicConcurrency)
	if err != nil {
		errs = append(errs, err)
	}
	c.TopicConcurrency = n
	return errs
}

func loadRootDomain(raw string) (string, error) {
	switch d := strings.ToLower(strings.TrimSpace(raw)); d {
	case "":
		return RootDomainDefault, nil
	case RootDomainDefault, RootDomainIntl, RootDomainInternal:
		return d, nil
	}
	return RootDomainDefault, fmt.Errorf("settings: rootDomain %q is not known; use %q, %q or %q (or set an endpoint)", raw, RootDomainDefault, RootDomainIntl, RootDomainInternal)
}

func requireTencentKeys(region, secretID, secretKey string) []error {
	var errs []error
	if region == "" {
		errs = append(errs, errors.New("settings: region is missing; set jsonData.region, e.g. ap-guangzhou"))
	}
	if secretID == "" {
		errs = append(errs, errors.New("settings: secretId is missing; set jsonData.secretId"))
	}
	if secretKey == "" {
		errs = append(errs, errors.New("settings: secretKey is missing; set it in secureJsonData.secretKey"))
	}
	return errs
}

// ClientConfig is the CLS client configuration of these settings (a CLS data
// source's, or the CLS an SCF data source reads); creds, when not nil,
// signs instead of the keys (an assumed role).
func (c CLSSettings) ClientConfig(hc *http.Client, creds credentials.Provider) cls.Config {
	return cls.Config{
		Credentials:      creds,
		HTTPClient:       hc,
		Endpoint:         c.Endpoint,
		Region:           c.Region,
		SecretID:         c.SecretID,
		SecretKey:        c.SecretKey,
		SessionToken:     c.SessionToken,
		TopicConcurrency: c.TopicConcurrency,
	}
}
