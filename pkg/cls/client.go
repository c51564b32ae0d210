package cls

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/logbridge/cloudlogs/pkg/limits"
	"github.com/logbridge/cloudlogs/pkg/retry"
	"github.com/logbridge/cloudlogs/pkg/tc3"
)

// DefaultEndpoint is CLS's API 3.0 host; the region travels in X-TC-Region
// (CLS.md §2.9).
const DefaultEndpoint = "https://cls.tencentcloudapi.com"

// Limits CLS publishes (CLS.md §2.1, §2.3, §8).
const (
	// MaxTopics is how many topics one SearchLog may name (Topics).
	MaxTopics = 50
	// MaxLimit is the most raw logs one SearchLog call returns.
	MaxLimit = 1000
	// ContextCap is the most raw logs one Context chain returns in all.
	ContextCap = 10000
	// MaxHistogramBuckets bounds (To−From)/Interval of DescribeLogHistogram.
	MaxHistogramBuckets = 200
	// MaxQueryBytes is the longest Query CLS accepts (12 KB).
	MaxQueryBytes = 12 * 1024
	// topicSlotsLimit is CLS's concurrent searches per topic; more slots
	// here would only earn LimitExceeded.LogSearch.
	topicSlotsLimit = 15
)

const (
	apiService = "cls" // the credential scope, whatever the host (CLS.md §5)
	apiVersion = "2020-10-16"
)

// Client talks to CLS in one region with one key. It is safe for
// concurrent use. The per-topic bound on searches is shared by every
// client of the same SecretId and region in the process (pkg/limits; the
// lowest TopicConcurrency among them wins): CLS counts a topic's searches
// whoever sends them. Close it when its data source instance goes.
type Client struct {
	cfg   Config
	api   *tc3.Client
	retry retry.Policy
	// slots bounds the searches in flight per topic (CLS runs at most 15
	// per topic, shared with the account's alarms, dashboards and scheduled
	// SQL; past that it answers LimitExceeded.LogSearch). Waiting for a slot
	// is cheaper than being refused and retried.
	slots *limits.Slots
	// contextCap is ContextCap; tests lower it to exercise the split on
	// less data.
	contextCap int
}

// New builds a client; zero Config fields get the defaults documented on
// Config.
func New(cfg Config) *Client {
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = http.DefaultClient
	}
	if cfg.Endpoint == nil {
		cfg.Endpoint, _ = url.Parse(DefaultEndpoint)
	}
	if cfg.TopicConcurrency < 1 {
		cfg.TopicConcurrency = 5
	}
	cfg.TopicConcurrency = min(cfg.TopicConcurrency, topicSlotsLimit)
	if cfg.MaxAttempts < 1 {
		cfg.MaxAttempts = 4
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = 200 * time.Millisecond
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	api := tc3.New(tc3.Config{
		HTTPClient: cfg.HTTPClient, Endpoint: cfg.Endpoint, Service: apiService, Version: apiVersion, Region: cfg.Region,
		SecretID: cfg.SecretID, SecretKey: cfg.SecretKey, SessionToken: cfg.SessionToken, Credentials: cfg.Credentials, Now: cfg.Now,
	})
	policy := retry.Default
	policy.Attempts, policy.Initial, policy.Max = cfg.MaxAttempts, cfg.Backoff, max(policy.Max, cfg.Backoff)
	slots := limits.NewSlots(limits.Account{Vendor: "CLS", KeyID: cfg.SecretID, Region: cfg.Region}, cfg.TopicConcurrency)
	return &Client{cfg: cfg, api: api, retry: policy, slots: slots, contextCap: ContextCap}
}

// Close releases the client's share of its key's per-topic slots.
func (c *Client) Close() { c.slots.Close() }

// Region is the configured region.
func (c *Client) Region() string { return c.cfg.Region }

// Describe renders a call for the query inspector: the action and its JSON
// body. Bodies never hold credentials (those travel in headers).
func Describe(action string, body any) string {
	b, err := json.Marshal(body)
	if err != nil {
		return action
	}
	return action + " " + string(b)
}

// call runs one action with retries. topics are the topics the call
// searches: while an attempt is in flight it holds one of each topic's
// slots (SearchLog, DescribeLogHistogram and DescribeLogContext share CLS's
// 15 per topic); look-ups pass none.
func (c *Client) call(ctx context.Context, action string, topics []string, in, out any) error {
	payload, err := json.Marshal(in)
	if err != nil {
		return fmt.Errorf("CLS %s: encode request: %w", action, err)
	}
	return retry.Do(ctx, c.retry, retryable, func() error { return c.once(ctx, action, topics, payload, out) })
}

func (c *Client) once(ctx context.Context, action string, topics []string, payload []byte, out any) error {
	release, err := c.slots.Acquire(ctx, topics...)
	if err != nil {
		return err
	}
	reply, err := c.api.Post(ctx, action, payload)
	release()
	if err != nil {
		return c.convert(err, action, topics)
	}
	if p, ok := out.(*searchPage); ok {
		if p.decodeFast(reply) {
			return nil
		}
		out = &p.searchLogResponse
	}
	if err := reply.Decode(out); err != nil {
		err = c.convert(err, action, topics)
		if api, ok := err.(*APIError); ok {
			api.Wait = reply.RetryAfter
		}
		return err
	}
	return nil
}

// convert turns tc3's errors into this package's, naming the action and
// (for a one-topic call) the topic for the hint.
func (c *Client) convert(err error, action string, topics []string) error {
	topic := ""
	if len(topics) == 1 {
		topic = topics[0]
	}
	var te *tc3.Error
	var bad *tc3.BadReplyError
	var ne *tc3.NetworkError
	switch {
	case errors.As(err, &te):
		return &APIError{Code: te.Code, Message: te.Message, RequestID: te.RequestID, HTTPStatus: te.HTTPStatus, Action: action, TopicID: topic, Region: c.cfg.Region}
	case errors.As(err, &bad) && bad.Status == http.StatusOK && bad.NoEnvelope:
		// A 200 that is not whole JSON was most likely cut off on the way.
		return &NetworkError{Endpoint: c.cfg.Endpoint.Redacted(), Err: fmt.Errorf("%s answer is not complete JSON: %v", action, bad.Err), CutOff: true}
	case errors.As(err, &bad) && bad.Status == http.StatusOK:
		return fmt.Errorf("CLS %s: the answer does not have the documented shape: %w", action, bad.Err)
	case errors.As(err, &bad):
		return &APIError{Code: fmt.Sprintf("HTTP%d", bad.Status), Message: "unexpected answer: " + bad.Snippet(), HTTPStatus: bad.Status, Action: action, TopicID: topic, Region: c.cfg.Region}
	case errors.As(err, &ne):
		return &NetworkError{Endpoint: ne.Endpoint, Err: ne.Err, CutOff: ne.CutOff}
	}
	return err
}
