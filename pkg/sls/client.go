// Package sls is a lean client for Alibaba Cloud Log Service's query APIs:
// signature v1, GetLogs (with the Incomplete loop and offset paging),
// GetHistograms, GetProjectLogs, ListLogStores, GetContextLogs and GetIndex.
// It is written on the standard library because the official Go SDK needs
// cgo, which the plugin binary must not link.
package sls

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/logbridge/cloudlogs/pkg/credentials"
	"github.com/logbridge/cloudlogs/pkg/httpbody"
	"github.com/logbridge/cloudlogs/pkg/limits"
	"github.com/logbridge/cloudlogs/pkg/redirect"
	"github.com/logbridge/cloudlogs/pkg/retry"
)

// Config describes one SLS project and how to reach it.
type Config struct {
	// Endpoint is the region endpoint (https://cn-hangzhou.log.aliyuncs.com)
	// or an address (http://127.0.0.1:8089) for proxies and the emulator.
	Endpoint        *url.URL
	Project         string
	AccessKeyID     string
	AccessKeySecret string
	SecurityToken   string
	// Credentials, when set, gives the keys for each request instead of
	// AccessKeyID/AccessKeySecret/SecurityToken (an assumed role, renewed
	// as it nears expiry, so the next page of a query uses the new keys).
	Credentials credentials.Provider
	HTTPClient  *http.Client
	// GetLogsV2 makes GetLogs use GetLogsV2 (POST, lz4-compressed answers)
	// until the endpoint answers that it does not know it (getlogsv2.go).
	GetLogsV2 bool
	// ProjectConcurrency bounds the requests in flight to the project,
	// together with every other client of the same AccessKey ID, endpoint
	// and project in this process (pkg/limits; the lowest value among them
	// wins): SLS counts a project's concurrent statements whoever sends
	// them. Zero means no bound here.
	ProjectConcurrency int
}

// Client talks to one project. It is safe for concurrent use and keeps no
// state between calls, so any replica of the plugin answers the same.
// Close it when its data source instance goes.
type Client struct {
	hc       *http.Client
	baseURL  url.URL
	host     string
	creds    credentials.Provider
	project  string
	now      func() time.Time
	retry    RetryPolicy
	progress ProgressPolicy
	// slots is the project's shared bound of requests in flight; nil
	// without ProjectConcurrency.
	slots *limits.Slots
	// logsAPI is which GetLogs API the endpoint takes (getlogsv2.go); nil
	// when GetLogsV2 is off. A pointer, so the copies With... makes share
	// what was learnt.
	logsAPI *atomic.Int32
}

// RetryPolicy bounds how often a failed idempotent GET is sent again: the
// n-th retry waits a random time up to min(Max, Initial·2ⁿ⁻¹), or the
// answer's Retry-After (up to 10 s) when that is longer (pkg/retry).
type RetryPolicy struct {
	Attempts int
	Initial  time.Duration
	Max      time.Duration
}

func (p RetryPolicy) policy() retry.Policy {
	return retry.Policy{Attempts: p.Attempts, Initial: p.Initial, Max: p.Max, MaxRetryAfter: retry.Default.MaxRetryAfter}
}

// ProgressPolicy paces the repeats of a request answered Incomplete.
type ProgressPolicy struct {
	Initial time.Duration
	Max     time.Duration
}

// DefaultRetry retries a failed read three times, waiting up to 200 ms,
// 400 ms and 800 ms (jittered).
var DefaultRetry = RetryPolicy{Attempts: 4, Initial: 200 * time.Millisecond, Max: 2 * time.Second}

// DefaultProgress repeats an Incomplete request after 100 ms, doubling to 2 s.
var DefaultProgress = ProgressPolicy{Initial: 100 * time.Millisecond, Max: 2 * time.Second}

// New validates the configuration and builds a client.
func New(cfg Config) (*Client, error) {
	if cfg.Endpoint == nil || cfg.Endpoint.Host == "" {
		return nil, errors.New("sls: endpoint is missing")
	}
	if cfg.Project == "" {
		return nil, errors.New("sls: project is missing")
	}
	creds := cfg.Credentials
	if creds == nil {
		if cfg.AccessKeyID == "" || cfg.AccessKeySecret == "" {
			return nil, errors.New("sls: access key id and secret are required")
		}
		creds = credentials.Static{KeyID: cfg.AccessKeyID, Secret: cfg.AccessKeySecret, Token: cfg.SecurityToken}
	}
	hc := redirect.Guard(cfg.HTTPClient)
	c := &Client{
		hc: hc, creds: creds, project: cfg.Project, now: time.Now, retry: DefaultRetry, progress: DefaultProgress,
	}
	c.baseURL, c.host = route(*cfg.Endpoint, cfg.Project)
	if cfg.GetLogsV2 {
		c.logsAPI = new(atomic.Int32)
	}
	if cfg.ProjectConcurrency > 0 {
		c.slots = limits.NewSlots(limits.Account{Vendor: "SLS", KeyID: cfg.AccessKeyID, Region: cfg.Endpoint.Host}, cfg.ProjectConcurrency)
	}
	return c, nil
}

// Close releases the client's share of its project's slots.
func (c *Client) Close() {
	if c.slots != nil {
		c.slots.Close()
	}
}

// route applies the addressing rule: SLS routes on the host name
// <project>.<endpoint>. A named endpoint is dialled under that name; an IP
// address or localhost (a proxy, a private address, the emulator) is dialled
// as given while the Host header still carries <project>.<endpoint:port>.
func route(endpoint url.URL, project string) (base url.URL, host string) {
	host = project + "." + endpoint.Host
	base = url.URL{Scheme: endpoint.Scheme, Host: endpoint.Host, Path: strings.TrimSuffix(endpoint.Path, "/")}
	name := endpoint.Hostname()
	if net.ParseIP(name) == nil && !strings.EqualFold(name, "localhost") {
		base.Host = host
	}
	return base, host
}

// WithClock, WithRetry and WithProgress adjust a client (tests, benchmarks).
func (c *Client) WithClock(now func() time.Time) *Client { cp := *c; cp.now = now; return &cp }
func (c *Client) WithRetry(p RetryPolicy) *Client        { cp := *c; cp.retry = p; return &cp }
func (c *Client) WithProgress(p ProgressPolicy) *Client  { cp := *c; cp.progress = p; return &cp }

// Project is the project this client queries.
func (c *Client) Project() string { return c.project }

// Describe renders a request the way the service sees it (method, path and
// raw parameters) for Meta.ExecutedQueryString; it holds no credentials.
func Describe(method, path string, params url.Values) string {
	return method + " " + canonicalResource(path, params)
}

// decodeFunc parses a 2xx answer; an error from it (a truncated or garbled
// body) counts as a failed attempt and is retried.
type decodeFunc func(header http.Header, body []byte) error

// get sends a signed GET, retrying transient failures, and decodes the answer.
func (c *Client) get(ctx context.Context, path string, params url.Values, decode decodeFunc) error {
	return c.withRetries(ctx, func() error { return c.send(ctx, http.MethodGet, path, params, nil, decode) })
}

// withRetries runs once until it succeeds, fails for good, or has been
// tried c.retry.Attempts times, never waiting past ctx's deadline.
func (c *Client) withRetries(ctx context.Context, once func() error) error {
	return retry.Do(ctx, c.retry.policy(), isTransient, once)
}

// getDecoded sends a GET (with get's retries) and decodes its 2xx body,
// returning the answer's header too (progress and counts live there).
func getDecoded[T any](ctx context.Context, c *Client, path string, params url.Values, decode func([]byte) (T, error)) (T, http.Header, error) {
	var out T
	var header http.Header
	err := c.get(ctx, path, params, func(h http.Header, b []byte) error {
		var err error
		out, err = decode(b)
		header = h
		return err
	})
	return out, header, err
}

// send makes one signed request: a GET, or with a body a POST of JSON
// (GetLogsV2, whose answer may come compressed).
func (c *Client) send(ctx context.Context, method, path string, params url.Values, payload []byte, decode decodeFunc) error {
	creds, err := c.creds.Retrieve(ctx)
	if err != nil {
		return err
	}
	u := c.baseURL
	u.Path = c.baseURL.Path + path // raw; URL.String escapes it
	u.RawQuery = params.Encode()
	var rd io.Reader
	if payload != nil {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return fmt.Errorf("sls: building request: %w", err)
	}
	req.Host = c.host
	h := req.Header
	h.Set("Date", c.now().UTC().Format(http.TimeFormat))
	h.Set("Accept", "application/json")
	h.Set("User-Agent", "cloudlogs-grafana-datasource")
	h.Set("x-log-apiversion", "0.6.0")
	h.Set("x-log-bodyrawsize", "0")
	h.Set("x-log-signaturemethod", "hmac-sha1")
	if payload != nil {
		setJSONBody(h, payload)
	}
	if creds.Token != "" {
		h.Set("x-acs-security-token", creds.Token)
	}
	h.Set("Authorization", authorization(creds.KeyID, creds.Secret, method, path, params, h))

	if c.slots != nil {
		release, err := c.slots.Acquire(ctx, c.project)
		if err != nil {
			return err
		}
		defer release()
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return &NetworkError{Host: c.host, Err: unwrapURLError(err)}
	}
	defer resp.Body.Close()
	if err := redirect.Check("SLS", resp); err != nil {
		return err
	}
	body, err := httpbody.Read(resp.Body, resp.ContentLength)
	if err != nil {
		return &TruncatedError{Err: err}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		if raw, err := decompress(resp.Header, body); err == nil {
			body = raw
		}
		if resp.StatusCode == http.StatusUnauthorized {
			// SLS answers 401 Unauthorized for an expired or unknown token:
			// the next request should not sign with it again.
			credentials.Refused(c.creds, creds)
		}
		e := decodeError(resp.StatusCode, resp.Header, body, path)
		e.Wait = retry.ParseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
		return e
	}
	if body, err = decompress(resp.Header, body); err != nil {
		return &TruncatedError{Err: err}
	}
	if err := decode(resp.Header, body); err != nil {
		return &TruncatedError{Err: err}
	}
	return nil
}

// NetworkError means SLS could not be reached (DNS, refused, reset, TLS).
type NetworkError struct {
	Host string
	Err  error
}

func (e *NetworkError) Error() string {
	return fmt.Sprintf("cannot reach SLS at %s: %v — check the endpoint in the data source settings and that Grafana can reach it (proxy, firewall)", e.Host, e.Err)
}

// Status is 502: the failure is between Grafana and SLS.
func (e *NetworkError) Status() int   { return http.StatusBadGateway }
func (e *NetworkError) Unwrap() error { return e.Err }

// TruncatedError means a 2xx answer whose body could not be read or parsed.
type TruncatedError struct{ Err error }

func (e *TruncatedError) Error() string {
	return fmt.Sprintf("SLS answer was cut off or malformed: %v — the answer was cut off several times; try again", e.Err)
}

// Status is 502: SLS's answer did not arrive whole.
func (e *TruncatedError) Status() int   { return http.StatusBadGateway }
func (e *TruncatedError) Unwrap() error { return e.Err }

func isTransient(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var ne *NetworkError
	var te *TruncatedError
	if errors.As(err, &te) {
		return true
	}
	if errors.As(err, &ne) {
		return retry.Transport(ne.Err)
	}
	if e, ok := AsError(err); ok {
		return e.retryable()
	}
	return false
}

// unwrapURLError drops *url.Error's "Get <url>:" prefix, which repeats the
// whole request URL (long, and of no use to a Grafana user).
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
