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
	ServiceCLS = "cls"
)

// Defaults applied when a setting is absent.
const (
	DefaultTimeoutSeconds = 30
	DefaultMaxRows        = 10000
	// DefaultConcurrency and MaxConcurrency bound the requests one data
	// source instance keeps in flight, shared by all its queries. SLS runs
	// 100 concurrent search statements per project, so the default leaves
	// room for other instances, alarms and replicas on the same project,
	// and the maximum is the project's whole allowance. SCF keeps its
	// requestsPerSecond pacing and CLS its per-topic limit on top of this.
	DefaultConcurrency = 16
	MaxConcurrency     = 100
)

// Settings is one data source instance's validated configuration.
// Secret fields are never logged or marshalled: they carry `json:"-"`.
type Settings struct {
	Service        string
	TimeoutSeconds int
	MaxRows        int
	// Concurrency bounds the requests this instance has in flight, shared
	// by all its queries (the plugin's budget), and so also the page
	// requests of any one query. Each Grafana replica has its own.
	Concurrency int
	// AlertsAcceptPartial lets alert rules evaluate a partial answer (SLS
	// still Incomplete, the query's time run out, a scan cap); by default
	// such an answer fails an alert query, so the rule goes to its error
	// state instead of evaluating short data. Panels always get the data
	// and a notice naming the cause.
	AlertsAcceptPartial bool
	// DerivedFields are added to every logs frame (settings/derived.go);
	// without jsonData.derivedFields, the service's default links.
	DerivedFields []DerivedField

	// Endpoint is the base URL (scheme://host[:port]) the client dials.
	// For SLS the project is put in front of the host name (see sls package).
	Endpoint *url.URL
	// TLSSkipVerify is Grafana's standard jsonData.tlsSkipVerify: the
	// endpoint's certificate is not verified. Off unless an admin turns it
	// on for this data source; the health check warns while it is on.
	TLSSkipVerify bool

	// OnTemporarySecret, when set, is told every secret the instance
	// obtains at run time (an assumed role's temporary secret and token),
	// so that the plugin scrubs them as it scrubs secureJsonData.
	OnTemporarySecret func(values ...string) `json:"-"`

	SLS SLSSettings
	SCF SCFSettings
	// CLS is set for CLS data sources, and for SCF data sources whose log
	// source may be CLS (the same region and keys, the CLS endpoint).
	CLS CLSSettings
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
	LogSource      string          `json:"logSource"`
	CLSEndpoint    string          `json:"clsEndpoint"`
	RootDomain     string          `json:"rootDomain"`
	TopicConc      *lenient.Number `json:"topicConcurrency"`
	TLSSkipVerify  lenient.Bool    `json:"tlsSkipVerify"`
	AlertsPartial  lenient.Bool    `json:"alertsAcceptPartial"`
	DerivedFields  json.RawMessage `json:"derivedFields"`
	rawRole
}

// LoadSettings parses and validates an instance's settings. Errors say which
// field is wrong and how to fix it; they never contain secret values.
func LoadSettings(is backend.DataSourceInstanceSettings) (Settings, error) {
	var raw rawJSONData
	if len(is.JSONData) > 0 {
		if err := lenient.Decode(is.JSONData, &raw, "jsonData"); err != nil {
			return Settings{}, fmt.Errorf("settings: %v", err)
		}
	}
	secure := is.DecryptedSecureJSONData
	if secure == nil {
		secure = map[string]string{}
	}
	// A control character in any text would break the requests built from
	// it; that is the one thing to fix, so it is reported alone.
	if errs := controlCharErrors(is.JSONData, secure); len(errs) > 0 {
		return Settings{}, errors.Join(errs...)
	}

	s := Settings{
		Service:             strings.ToLower(strings.TrimSpace(raw.Service)),
		TLSSkipVerify:       bool(raw.TLSSkipVerify),
		AlertsAcceptPartial: bool(raw.AlertsPartial),
	}
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
		errs = append(errs, errors.New(`settings: service is missing; set jsonData.service to "sls" (Alibaba Log Service), "scf" (Tencent SCF) or "cls" (Tencent CLS)`))
	case ServiceSLS:
		errs = append(errs, s.loadSLS(raw, secure)...)
	case ServiceSCF:
		errs = append(errs, s.loadSCF(raw, secure)...)
	case ServiceCLS:
		errs = append(errs, s.loadCLS(raw, secure)...)
	default:
		errs = append(errs, fmt.Errorf(`settings: unknown service %q; set jsonData.service to "sls", "scf" or "cls"`, raw.Service))
	}
	if s.Service != "" {
		var derivedErrs []error
		s.DerivedFields, derivedErrs = derivedFields(raw.DerivedFields, s.Service, is.UID)
		errs = append(errs, derivedErrs...)
	}
	if len(errs) > 0 {
		return Settings{}, errors.Join(errs...)
	}
	return s, nil
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
	n, err := v.Whole(name) // NaN and ±Inf are not whole
	if err != nil || n < min || n > max {
		if min == 1 {
			return 0, fmt.Errorf("settings: %s must be a positive whole number up to %d, got %v", name, max, f)
		}
		return 0, fmt.Errorf("settings: %s must be a whole number from %d to %d, got %v", name, min, max, f)
	}
	return n, nil
}
