package scf

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/logbridge/cloudlogs/pkg/httpbody"
	"github.com/logbridge/cloudlogs/pkg/redirect"
	"github.com/logbridge/cloudlogs/pkg/retry"

	"github.com/logbridge/cloudlogs/pkg/tc3"
)

// errorContext is what a call was about, for the error hints.
type errorContext struct {
	Function  string
	Namespace string
}

// callV3 POSTs one API 3.0 action and decodes Response into out.
func (c *Client) callV3(ctx context.Context, action string, in, out any, ec errorContext) error {
	return c.callV3Reply(ctx, action, in, ec, func(reply *tc3.Reply) error {
		return c.decodeV3(reply, action, out, ec)
	})
}

// callV3Reply POSTs one API 3.0 action and hands each answer to decode,
// which returns its error (an *APIError gets the answer's Retry-After).
func (c *Client) callV3Reply(ctx context.Context, action string, in any, ec errorContext, decode func(*tc3.Reply) error) error {
	body, err := json.Marshal(in)
	if err != nil {
		return fmt.Errorf("SCF %s: encode request: %w", action, err)
	}
	return c.call(ctx, func(ctx context.Context) error {
		return c.doV3(ctx, action, body, decode)
	})
}

func (c *Client) doV3(ctx context.Context, action string, body []byte, decode func(*tc3.Reply) error) error {
	reply, err := c.v3().Post(ctx, action, body)
	if err != nil {
		var ne *tc3.NetworkError
		if errors.As(err, &ne) {
			return &NetworkError{Endpoint: ne.Endpoint, Err: ne.Err, CutOff: ne.CutOff}
		}
		return err
	}
	err = decode(reply)
	if api, ok := err.(*APIError); ok {
		api.Wait = reply.RetryAfter
	}
	return err
}

func (c *Client) decodeV3(reply *tc3.Reply, action string, out any, ec errorContext) error {
	resp, err := reply.Response()
	var te *tc3.Error
	var bad *tc3.BadReplyError
	switch {
	case errors.As(err, &te):
		return c.withContext(&APIError{Code: te.Code, Message: te.Message, RequestID: te.RequestID, HTTPStatus: te.HTTPStatus}, action, ec)
	case errors.As(err, &bad) && bad.NoEnvelope:
		// A legacy-shaped error can come from gateways in front of API 3.0.
		if apiErr := decodeV2Error(reply.Body, reply.Status); apiErr != nil {
			return c.withContext(apiErr, action, ec)
		}
		return c.badBody(action, reply.Status, reply.Body, bad.Err)
	case err != nil:
		return c.withContext(&APIError{Code: "HTTP" + strconv.Itoa(reply.Status), Message: http.StatusText(reply.Status), HTTPStatus: reply.Status}, action, ec)
	}
	if err := json.Unmarshal(resp, out); err != nil {
		return c.badBody(action, reply.Status, reply.Body, err)
	}
	return nil
}

// v3 is the API 3.0 caller for the current settings.
func (c *Client) v3() *tc3.Client {
	return tc3.New(tc3.Config{
		HTTPClient: c.http, Endpoint: c.cfg.Endpoint, Service: v3Service, Version: v3Version, Region: c.cfg.Region,
		Credentials: c.cfg.Credentials, Now: c.cfg.Now,
	})
}

// v2Answer is a legacy API answer as received.
type v2Answer struct {
	body   []byte
	status int
	// retryAfter is the answer's Retry-After read as a wait (0 when absent).
	retryAfter time.Duration
}

// send does the round trip and reads the whole body; transport failures and
// cut-off bodies become NetworkErrors, which are retried.
func (c *Client) send(req *http.Request) (v2Answer, error) {
	resp, err := c.http.Do(req)
	if err != nil {
		if req.Context().Err() != nil {
			return v2Answer{}, req.Context().Err()
		}
		return v2Answer{}, &NetworkError{Endpoint: c.cfg.Endpoint.Redacted(), Err: stripURL(err)}
	}
	defer resp.Body.Close()
	if err := redirect.Check("SCF", resp); err != nil {
		return v2Answer{}, err
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	if err != nil {
		if req.Context().Err() != nil {
			return v2Answer{}, req.Context().Err()
		}
		return v2Answer{}, &NetworkError{Endpoint: c.cfg.Endpoint.Redacted(), Err: fmt.Errorf("answer cut off: %w", err), CutOff: true}
	}
	return v2Answer{body: raw, status: resp.StatusCode, retryAfter: retry.ParseRetryAfter(resp.Header.Get("Retry-After"), time.Now())}, nil
}

// badBody reports an answer that is not the JSON SCF sends. A 200 that
// does not parse is most likely cut off, so it is retried like one.
func (c *Client) badBody(action string, status int, raw []byte, err error) error {
	if status >= 500 {
		return &APIError{Code: "HTTP" + strconv.Itoa(status), Message: http.StatusText(status), HTTPStatus: status, Action: action}
	}
	snippet := httpbody.Snippet(raw)
	if status == http.StatusOK {
		return &NetworkError{Endpoint: c.cfg.Endpoint.Redacted(), Err: fmt.Errorf("%s answer is not complete JSON (%v)", action, err), CutOff: true}
	}
	return &APIError{Code: "HTTP" + strconv.Itoa(status), Message: fmt.Sprintf("unexpected answer to %s: %s", action, snippet), HTTPStatus: status, Action: action}
}

func (c *Client) withContext(e *APIError, action string, ec errorContext) *APIError {
	e.Action = action
	e.Function = ec.Function
	e.Namespace = ec.Namespace
	e.Region = c.cfg.Region
	return e
}

// stripURL drops the request URL from a transport error: it repeats the
// endpoint, and says nothing more.
func stripURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}
