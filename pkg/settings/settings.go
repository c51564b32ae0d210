// Package settings reads and validates a data source instance's settings
// (jsonData and secureJsonData), for every service, with the defaults and
// messages that say which field to fix. It is pure: no I/O.
package settings

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/logbridge/cloudlogs/pkg/lenient"
)

// Service names accepted in jsonData.service.
const (
	ServiceSLS = "sls"
	ServiceSCF = "scf"
)

// SCF API versions accepted in jsonData.apiVersion.
const (
	SCFAPIv3 = "v3"
	SCFAPIv2 = "v2"
)

// Defaults applied when a setting is absent.
const (
	DefaultTimeoutSeconds    = 30
	DefaultMaxRows           = 10000
	DefaultConcurrency       = 4
	DefaultSCFNamespace      = "default"
	DefaultSCFTimezone       = "Asia/Shanghai"
	DefaultSCFv3Endpoint     = "https://scf.tencentcloudapi.com"
	DefaultSCFv2Endpoint     = "https://scf.api.qcloud.com"
	DefaultSCFRequestsPerSec = 5
	MaxConcurrency           = 32
)

// Settings is one data source instance's validated configuration.
// Secret fields are never logged or marshalled: they carry `json:"-"`.
type Settings struct {
	Service        string
	TimeoutSeconds int
	MaxRows        int
	// Concurrency bounds the page requests one query has in flight.
	Concurrency int

	// Endpoint is the base URL (scheme://host[:port]) the client dials.
	// For SLS the project is put in front of the host name (see sls package).
	Endpoint *url.URL

	SLS SLSSettings
	SCF SCFSettings
}

// SLSSettings are the Alibaba Log Service settings.
type SLSSettings struct {
	Project         string
	AccessKeyID     string
	AccessKeySecret string `json:"-"`
	SecurityToken   string `json:"-"`
}

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
	// RequestsPerSecond paces this process's calls to GetFunctionLogs.
	RequestsPerSecond float64
}

// Timeout is the time one query may take end to end.
func (s Settings) Timeout() time.Duration {
	return time.Duration(s.TimeoutSeconds) * time.Second
}

type rawJSONData struct {
	Service        string          `json:"service"`
	Endpoint       string          `json:"endpoint"`
	Project        string          `json:"project"`
	AccessKeyID    string          `json:"accessKeyId"`
	APIVersion     string          `json:"apiVersion"`
	Region         string          `json:"region"`
	Namespace      string          `json:"namespace"`
	SecretID       string          `json:"secretId"`
	Timezone       string          `json:"timezone"`
	TimeoutSeconds *lenient.Number `json:"timeoutSeconds"`
	MaxRows        *lenient.Number `json:"maxRows"`
	Concurrency    *lenient.Number `json:"concurrency"`
	RequestsPerSec *lenient.Number `json:"requestsPerSecond"`
}

// LoadSettings parses and validates an instance's settings. Errors say which
// field is wrong and how to fix it; they never contain secret values.
func LoadSettings(is backend.DataSourceInstanceSettings) (Settings, error) {
	var raw rawJSONData
	if len(is.JSONData) > 0 {
		if err := json.Unmarshal(is.JSONData, &raw); err != nil {
			return Settings{}, fmt.Errorf("settings: jsonData could not be read: %v", err)
		}
	}
	secure := is.DecryptedSecureJSONData
	if secure == nil {
		secure = map[string]string{}
	}

	s := Settings{Service: strings.ToLower(strings.TrimSpace(raw.Service))}
	var errs []error
	var err error
	if s.TimeoutSeconds, err = intSetting("timeoutSeconds", raw.TimeoutSeconds, DefaultTimeoutSeconds, 1, 3600); err != nil {
		errs = append(errs, err)
	}
	if s.MaxRows, err = intSetting("maxRows", raw.MaxRows, DefaultMaxRows, 1, 1_000_000); err != nil {
		errs = append(errs, err)
	}
	if s.Concurrency, err = intSetting("concurrency", raw.Concurrency, DefaultConcurrency, 1, MaxConcurrency); err != nil {
		errs = append(errs, err)
	}

	switch s.Service {
	case "":
		errs = append(errs, errors.New(`settings: service is missing; set jsonData.service to "sls" (Alibaba Log Service) or "scf" (Tencent SCF)`))
	case ServiceSLS:
		errs = append(errs, s.loadSLS(raw, secure)...)
	case ServiceSCF:
		errs = append(errs, s.loadSCF(raw, secure)...)
	default:
		errs = append(errs, fmt.Errorf(`settings: unknown service %q; set jsonData.service to "sls" or "scf"`, raw.Service))
	}
	if len(errs) > 0 {
		return Settings{}, errors.Join(errs...)
	}
	return s, nil
}

func (s *Settings) loadSLS(raw rawJSONData, secure map[string]string) []error {
	var errs []error
	s.SLS = SLSSettings{
		Project:         strings.TrimSpace(raw.Project),
		AccessKeyID:     strings.TrimSpace(raw.AccessKeyID),
		AccessKeySecret: strings.TrimSpace(secure["accessKeySecret"]),
		SecurityToken:   strings.TrimSpace(secure["securityToken"]),
	}
	if strings.TrimSpace(raw.Endpoint) == "" {
		errs = append(errs, errors.New("settings: endpoint is missing; set jsonData.endpoint to your region's endpoint, e.g. cn-hangzhou.log.aliyuncs.com"))
	} else if u, err := ParseEndpoint(raw.Endpoint); err != nil {
		errs = append(errs, err)
	} else {
		s.Endpoint = u
	}
	if s.SLS.Project == "" {
		errs = append(errs, errors.New("settings: project is missing; set jsonData.project to the SLS project name"))
	} else if !validSLSProject(s.SLS.Project) {
		errs = append(errs, fmt.Errorf("settings: project %q is not a valid SLS project name (3-63 characters: lower-case letters, digits and hyphens)", s.SLS.Project))
	}
	if s.SLS.AccessKeyID == "" {
		errs = append(errs, errors.New("settings: accessKeyId is missing; set jsonData.accessKeyId"))
	}
	if s.SLS.AccessKeySecret == "" {
		errs = append(errs, errors.New("settings: accessKeySecret is missing; set it in secureJsonData.accessKeySecret"))
	}
	return errs
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
	}
	if s.SCF.APIVersion == "" {
		s.SCF.APIVersion = SCFAPIv3
	}
	if s.SCF.Namespace == "" {
		s.SCF.Namespace = DefaultSCFNamespace
	}
	endpoint := strings.TrimSpace(raw.Endpoint)
	switch s.SCF.APIVersion {
	case SCFAPIv3:
		if endpoint == "" {
			endpoint = DefaultSCFv3Endpoint
		}
	case SCFAPIv2:
		if endpoint == "" {
			endpoint = DefaultSCFv2Endpoint
		}
	default:
		errs = append(errs, fmt.Errorf(`settings: unknown apiVersion %q; use "v3" (API 3.0) or "v2" (legacy)`, raw.APIVersion))
	}
	if u, err := ParseEndpoint(endpoint); err != nil {
		errs = append(errs, err)
	} else {
		s.Endpoint = u
	}
	if s.SCF.Region == "" {
		errs = append(errs, errors.New("settings: region is missing; set jsonData.region, e.g. ap-guangzhou"))
	}
	if s.SCF.SecretID == "" {
		errs = append(errs, errors.New("settings: secretId is missing; set jsonData.secretId"))
	}
	if s.SCF.SecretKey == "" {
		errs = append(errs, errors.New("settings: secretKey is missing; set it in secureJsonData.secretKey"))
	}
	zone := strings.TrimSpace(raw.Timezone)
	if zone == "" {
		zone = DefaultSCFTimezone
	}
	if loc, err := time.LoadLocation(zone); err != nil {
		errs = append(errs, fmt.Errorf("settings: timezone %q is not an IANA zone name (e.g. Asia/Shanghai, UTC)", zone))
	} else {
		s.SCF.Location = loc
	}
	rps := float64(DefaultSCFRequestsPerSec)
	if raw.RequestsPerSec != nil {
		rps = float64(*raw.RequestsPerSec)
		if rps <= 0 || rps > 1000 {
			errs = append(errs, fmt.Errorf("settings: requestsPerSecond must be between 0 and 1000, got %v", rps))
		}
	}
	s.SCF.RequestsPerSecond = rps
	return errs
}

// ParseEndpoint turns "host", "host:port" or a full URL into a base URL.
// A missing scheme means https, as the vendors' public endpoints require.
func ParseEndpoint(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	withScheme := raw
	if !strings.Contains(raw, "://") {
		withScheme = "https://" + raw
	}
	u, err := url.Parse(withScheme)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("settings: endpoint %q is not a valid host or URL (e.g. cn-hangzhou.log.aliyuncs.com or http://127.0.0.1:8089)", raw)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("settings: endpoint %q must use http or https", raw)
	}
	if u.User != nil {
		return nil, fmt.Errorf("settings: endpoint must not contain credentials; use the key fields instead")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("settings: endpoint %q must not have a query or fragment", raw)
	}
	if port := u.Port(); port != "" {
		if _, err := net.LookupPort("tcp", port); err != nil {
			return nil, fmt.Errorf("settings: endpoint %q has an invalid port", raw)
		}
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	return u, nil
}

func intSetting(name string, v *lenient.Number, def, min, max int) (int, error) {
	if v == nil {
		return def, nil
	}
	f := float64(*v)
	n, err := v.Whole(name)
	if err != nil || n < min || n > max {
		if min == 1 {
			return 0, fmt.Errorf("settings: %s must be a positive whole number up to %d, got %v", name, max, f)
		}
		return 0, fmt.Errorf("settings: %s must be a whole number from %d to %d, got %v", name, min, max, f)
	}
	return n, nil
}

func validSLSProject(p string) bool {
	if len(p) < 3 || len(p) > 63 {
		return false
	}
	for i, r := range p {
		ok := (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || (r == '-' && i != 0 && i != len(p)-1)
		if !ok {
			return false
		}
	}
	return true
}
