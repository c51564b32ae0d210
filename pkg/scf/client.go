// Package scf is a lean client for Tencent Cloud SCF's log APIs: API 3.0
// (TC3-HMAC-SHA256, JSON POST; the signed call is pkg/tc3's, shared with
// CLS) and the legacy v2 API (/v2/index.php, a POST form with the
// HmacSHA1/HmacSHA256 signature, so no credential is in a URL). It signs, paces, retries and decodes
// errors; planning which calls a query needs lives in fetch.go.
//
// Limits it works within (the vendor's published ones):
//   - API 3.0 GetFunctionLogs: StartTime..EndTime at most one day, and
//     Offset+Limit at most 10,000. Fetch splits a range into day windows
//     (newest first for desc) and halves a window holding more than 10,000.
//   - 5 requests a second per account. The pacer (Config.RequestsPerSecond)
//     is per SecretId and region in the plugin process (pkg/limits), shared
//     by every data source instance using that key: the lowest rate of
//     those instances wins. Grafana replicas in HA each pace themselves, so
//     configure the share.
//   - The v2 API has no time parameters: Fetch pages newest first and keeps
//     the records inside [From, To).
//
// Retried with jittered backoff (pkg/retry), Retry-After honoured:
// RequestLimitExceeded, InternalError*, HTTP 5xx, reset connections and
// cut-off bodies. Anything else fails at once, and a page that still fails
// after the retries fails the whole fetch.
package scf

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/logbridge/cloudlogs/pkg/credentials"
	"github.com/logbridge/cloudlogs/pkg/limits"
	"github.com/logbridge/cloudlogs/pkg/redirect"
	"github.com/logbridge/cloudlogs/pkg/retry"
)

// API versions.
const (
	APIv3 = "v3"
	APIv2 = "v2"
)

const (
	v3Version       = "2018-04-16"
	v3Service       = "scf"
	v2Path          = "/v2/index.php"
	defaultPageSize = 100
	// MaxOffsetLimit is API 3.0's published Offset + Limit bound.
	MaxOffsetLimit = 10000
	// MaxWindow is API 3.0's longest StartTime..EndTime span.
	MaxWindow = 24 * time.Hour
)

// Config configures a Client.
type Config struct {
	HTTPClient   *http.Client
	Endpoint     *url.URL
	APIVersion   string
	Region       string
	SecretID     string
	SecretKey    string
	SessionToken string
	// Credentials, when set, gives the keys for each call instead of
	// SecretID/SecretKey/SessionToken (an assumed role, renewed as it
	// nears expiry).
	Credentials credentials.Provider
	// Location is the account zone of zone-less times.
	Location *time.Location
	// RequestsPerSecond paces every call this client makes, together with
	// every other client of the same SecretId and region in this process
	// (the lowest rate among them wins). N Grafana replicas make N times
	// as many calls, so set it to the account's limit divided by N.
	RequestsPerSecond float64
	// Concurrency bounds the page requests one fetch has in flight.
	Concurrency int
	// PageSize is the Limit of one page request (default 100).
	PageSize int
	// MaxAttempts is how often a retryable call is tried (default 4).
	MaxAttempts int
	// Backoff bounds the first retry's jittered wait, doubled each time
	// (default 200ms).
	Backoff time.Duration
	Now     func() time.Time
}

// Client talks to one SCF account and region. Close it when its data
// source instance goes, so its pacing share is released.
type Client struct {
	cfg   Config
	http  *http.Client
	pacer *limits.Pacer
	retry retry.Policy
}

// New builds a client; zero Config fields get their defaults.
func New(cfg Config) *Client {
	cfg.HTTPClient = redirect.Guard(cfg.HTTPClient)
	if cfg.APIVersion == "" {
		cfg.APIVersion = APIv3
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	if cfg.Concurrency < 1 {
		cfg.Concurrency = 1
	}
	if cfg.PageSize < 1 {
		cfg.PageSize = defaultPageSize
	}
	if cfg.MaxAttempts < 1 {
		cfg.MaxAttempts = 4
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = 200 * time.Millisecond
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Credentials == nil {
		cfg.Credentials = credentials.Static{KeyID: cfg.SecretID, Secret: cfg.SecretKey, Token: cfg.SessionToken}
	}
	policy := retry.Default
	policy.Attempts, policy.Initial, policy.Max = cfg.MaxAttempts, cfg.Backoff, max(policy.Max, cfg.Backoff)
	pacer := limits.NewPacer(limits.Account{Vendor: "SCF", KeyID: cfg.SecretID, Region: cfg.Region}, cfg.RequestsPerSecond)
	return &Client{cfg: cfg, http: cfg.HTTPClient, pacer: pacer, retry: policy}
}

// Close releases the client's share of its key's pacing.
func (c *Client) Close() { c.pacer.Close() }

// APIVersion is "v3" or "v2".
func (c *Client) APIVersion() string { return c.cfg.APIVersion }

// Location is the account zone.
func (c *Client) Location() *time.Location { return c.cfg.Location }

// Region is the configured region.
func (c *Client) Region() string { return c.cfg.Region }

// call runs one API call with pacing and retries; attempt does the I/O.
// When the pacer cannot fit a retry before the deadline, the vendor's
// error that caused the retry is what the user sees.
func (c *Client) call(ctx context.Context, attempt func(ctx context.Context) error) error {
	var last error
	return retry.Do(ctx, c.retry, retryable, func() error {
		if err := c.pacer.Wait(ctx); err != nil {
			if last != nil {
				return retry.Final(last)
			}
			return err
		}
		last = attempt(ctx)
		return last
	})
}

func retryable(err error) bool {
	var api *APIError
	if errors.As(err, &api) {
		return api.Retryable()
	}
	var ne *NetworkError
	return errors.As(err, &ne) && ne.Retryable()
}

func (c *Client) endpointURL(path string) string {
	u := *c.cfg.Endpoint
	base := strings.TrimSuffix(u.Path, "/")
	if path != "" && !strings.HasSuffix(base, path) {
		base += path
	}
	if base == "" {
		base = "/"
	}
	u.Path = base
	u.RawQuery = ""
	return u.String()
}
