package scf

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/logbridge/cloudlogs/pkg/credentials"
)

// callV2 POSTs one legacy action as a form. params are the interface
// parameters (lower camelCase); the common ones are added and everything is
// signed. The legacy API takes GET or a POST form alike; POST keeps the
// SecretId, Token and Signature out of the URL, which proxies, gateways and
// their error pages log and echo.
func (c *Client) callV2(ctx context.Context, action string, params map[string]string, out any, ec errorContext) error {
	return c.call(ctx, func(ctx context.Context) error {
		return c.doV2(ctx, action, params, out, ec)
	})
}

// v2Status is the legacy envelope's status part.
type v2Status struct {
	Code     *json.RawMessage `json:"code"`
	CodeDesc string           `json:"codeDesc"`
	Message  string           `json:"message"`
}

func (c *Client) signedV2Form(action string, params map[string]string, creds credentials.Credentials) url.Values {
	all := map[string]string{
		"Action":          action,
		"Region":          c.cfg.Region,
		"Timestamp":       strconv.FormatInt(c.cfg.Now().Unix(), 10),
		"Nonce":           strconv.FormatUint(rand.Uint64N(1<<31-1)+1, 10),
		"SecretId":        creds.KeyID,
		"SignatureMethod": SignatureMethodSHA256,
	}
	if creds.Token != "" {
		all["Token"] = creds.Token
	}
	for k, v := range params {
		all[k] = v
	}
	path := c.v2RequestPath()
	// The POST source string is the GET one with "POST" in front instead
	// (VENDOR-APIS.md A.2): host + path + "?" + the sorted parameters.
	sig := SignV2(creds.Secret, http.MethodPost, c.cfg.Endpoint.Host, path, all, true)
	q := url.Values{}
	for k, v := range all {
		q.Set(k, v)
	}
	q.Set("Signature", sig)
	return q
}

func (c *Client) v2RequestPath() string {
	u, _ := url.Parse(c.endpointURL(v2Path))
	return u.Path
}

func (c *Client) doV2(ctx context.Context, action string, params map[string]string, out any, ec errorContext) error {
	creds, err := c.cfg.Credentials.Retrieve(ctx)
	if err != nil {
		return err
	}
	form := c.signedV2Form(action, params, creds).Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpointURL(v2Path), strings.NewReader(form))
	if err != nil {
		return &APIError{Code: "ClientError", Message: "cannot build the request URL from the endpoint setting", Action: action}
	}
	req.Host = c.cfg.Endpoint.Host
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	ans, err := c.send(req)
	if err != nil {
		return err
	}
	raw, status := ans.body, ans.status
	if apiErr := decodeV2Error(raw, status); apiErr != nil {
		if apiErr.Code == "AuthFailure.TokenFailure" {
			credentials.Refused(c.cfg.Credentials, creds)
		}
		apiErr.Wait = ans.retryAfter
		return c.withContext(apiErr, action, ec)
	}
	if status != http.StatusOK {
		return c.withContext(&APIError{Code: "HTTP" + strconv.Itoa(status), Message: http.StatusText(status), HTTPStatus: status, Wait: ans.retryAfter}, action, ec)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return c.badBody(action, status, raw, err)
	}
	return nil
}

// decodeV2Error returns the legacy error in raw, or nil when raw is a
// success (code 0) or not the legacy shape at all.
func decodeV2Error(raw []byte, status int) *APIError {
	var st v2Status
	if json.Unmarshal(raw, &st) != nil || st.Code == nil {
		return nil
	}
	codeText := strings.Trim(strings.TrimSpace(string(*st.Code)), `"`)
	n, numErr := strconv.Atoi(codeText)
	if numErr == nil && n == 0 {
		return nil
	}
	e := &APIError{Message: st.Message, HTTPStatus: status}
	if numErr == nil {
		e.LegacyCode = n
	}
	switch {
	case st.CodeDesc != "" && st.CodeDesc != "Success":
		e.Code = st.CodeDesc
	default:
		e.Code = codeText
	}
	// "(module code)text": when the module code is a named code, it is
	// more precise than codeDesc (e.g. InvalidParameter vs
	// InvalidParameterValue.OrderBy), so the hint uses it.
	if m := moduleCode(st.Message); m != "" {
		e.Code = m
	}
	return e
}

func moduleCode(msg string) string {
	if !strings.HasPrefix(msg, "(") {
		return ""
	}
	end := strings.IndexByte(msg, ')')
	if end < 2 {
		return ""
	}
	code := msg[1:end]
	if code[0] < 'A' || code[0] > 'Z' || strings.ContainsAny(code, " \t") {
		return ""
	}
	return code
}
