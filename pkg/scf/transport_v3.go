package scf

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
)

// errorContext is what a call was about, for the error hints.
type errorContext struct {
	Function  string
	Namespace string
}

// callV3 POSTs one API 3.0 action and decodes Response into out.
func (c *Client) callV3(ctx context.Context, action string, in, out any, ec errorContext) error {
	body, err := json.Marshal(in)
	if err != nil {
		return fmt.Errorf("SCF %s: encode request: %w", action, err)
	}
	return c.call(ctx, func(ctx context.Context) error {
		return c.doV3(ctx, action, body, out, ec)
	})
}

type v3Envelope struct {
	Response json.RawMessage `json:"Response"`
}

type v3ErrorBody struct {
	Error *struct {
		Code    string `json:"Code"`
		Message string `json:"Message"`
	} `json:"Error"`
	RequestID string `json:"RequestId"`
}

func (c *Client) doV3(ctx context.Context, action string, body []byte, out any, ec errorContext) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpointURL(""), bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("SCF %s: build request: %w", action, err)
	}
	ts := c.cfg.Now().Unix()
	host := c.cfg.Endpoint.Host
	req.Host = host
	req.Header.Set("Content-Type", v3ContentType)
	req.Header.Set("X-TC-Action", action)
	req.Header.Set("X-TC-Version", v3Version)
	req.Header.Set("X-TC-Timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("X-TC-Region", c.cfg.Region)
	if c.cfg.SessionToken != "" {
		req.Header.Set("X-TC-Token", c.cfg.SessionToken)
	}
	req.Header.Set("Authorization", SignTC3(c.cfg.SecretID, c.cfg.SecretKey, TC3Request{
		Method: http.MethodPost, Host: host, ContentType: v3ContentType, Payload: body, Service: v3Service, Timestamp: ts,
	}))
	raw, status, err := c.send(req)
	if err != nil {
		return err
	}
	var env v3Envelope
	if jerr := json.Unmarshal(raw, &env); jerr != nil || len(env.Response) == 0 {
		// A legacy-shaped error can come from gateways in front of API 3.0.
		if apiErr := decodeV2Error(raw, status); apiErr != nil {
			return c.withContext(apiErr, action, ec)
		}
		return c.badBody(action, status, raw, jerr)
	}
	var eb v3ErrorBody
	if jerr := json.Unmarshal(env.Response, &eb); jerr == nil && eb.Error != nil && eb.Error.Code != "" {
		return c.withContext(&APIError{Code: eb.Error.Code, Message: eb.Error.Message, RequestID: eb.RequestID, HTTPStatus: status}, action, ec)
	}
	if status != http.StatusOK {
		return c.withContext(&APIError{Code: "HTTP" + strconv.Itoa(status), Message: http.StatusText(status), HTTPStatus: status}, action, ec)
	}
	if err := json.Unmarshal(env.Response, out); err != nil {
		return c.badBody(action, status, raw, err)
	}
	return nil
}

// send does the round trip and reads the whole body; transport failures and
// cut-off bodies become NetworkErrors, which are retried.
func (c *Client) send(req *http.Request) ([]byte, int, error) {
	resp, err := c.http.Do(req)
	if err != nil {
		if req.Context().Err() != nil {
			return nil, 0, req.Context().Err()
		}
		return nil, 0, &NetworkError{Endpoint: c.cfg.Endpoint.Redacted(), Err: stripURL(err)}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	if err != nil {
		if req.Context().Err() != nil {
			return nil, 0, req.Context().Err()
		}
		return nil, 0, &NetworkError{Endpoint: c.cfg.Endpoint.Redacted(), Err: fmt.Errorf("answer cut off: %w", err)}
	}
	return raw, resp.StatusCode, nil
}

// badBody reports an answer that is not the JSON SCF sends. A 200 that
// does not parse is most likely cut off, so it is retried like one.
func (c *Client) badBody(action string, status int, raw []byte, err error) error {
	if status >= 500 {
		return &APIError{Code: "HTTP" + strconv.Itoa(status), Message: http.StatusText(status), HTTPStatus: status, Action: action}
	}
	snippet := string(raw)
	if len(snippet) > 200 {
		snippet = snippet[:200] + "…"
	}
	if status == http.StatusOK {
		return &NetworkError{Endpoint: c.cfg.Endpoint.Redacted(), Err: fmt.Errorf("%s answer is not complete JSON (%v)", action, err)}
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

// stripURL drops the request URL from a transport error: for v2 it carries
// the signed query (SecretId, Token).
func stripURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}
