// Package tc3 is what every Tencent Cloud API 3.0 client here shares: the
// TC3-HMAC-SHA256 signature (sign.go) and one JSON call (VENDOR-APIS.md
// B.3/B.4): a signed POST with the X-TC-* headers, the answer's
// {"Response":{...}} envelope opened, and {"Response":{"Error":{...}}} turned
// into *Error. Retries, pacing and the vendor's hints stay in each client
// (pkg/scf, pkg/cls), which know which codes are transient for their API.
package tc3

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/logbridge/cloudlogs/pkg/credentials"
	"github.com/logbridge/cloudlogs/pkg/httpbody"
	"github.com/logbridge/cloudlogs/pkg/redirect"
	"github.com/logbridge/cloudlogs/pkg/retry"
)

// ContentType is the content type of every call, exactly: the signature
// covers it, and the SDKs send it without a charset.
const ContentType = "application/json"

// maxBody bounds one decoded answer. CLS documents answers up to 49 MB;
// anything longer is cut and then fails to parse, as a cut-off answer does.
const maxBody = 256 << 20

// Config says where and as whom to call one API 3.0 service.
type Config struct {
	HTTPClient *http.Client
	// Endpoint is the base URL; its Host is both dialled and signed.
	Endpoint *url.URL
	// Service is the credential-scope service of the API ("scf", "cls").
	// It comes from the API, not from the host: cls.intl.tencentcloudapi.com
	// and a proxy's address still sign as "cls".
	Service      string
	Version      string // X-TC-Version
	Region       string // X-TC-Region
	SecretID     string
	SecretKey    string
	SessionToken string // X-TC-Token, for temporary credentials (not signed)
	// Credentials, when set, is asked for the keys at each call instead of
	// SecretID/SecretKey/SessionToken, so an assumed role's renewed keys
	// sign the next call.
	Credentials credentials.Provider
	Now         func() time.Time
}

// Client makes signed API 3.0 calls; it keeps no state between calls.
type Client struct{ cfg Config }

// New builds a client; a nil HTTPClient or Now gets the default.
func New(cfg Config) *Client {
	cfg.HTTPClient = redirect.Guard(cfg.HTTPClient)
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Credentials == nil {
		cfg.Credentials = credentials.Static{KeyID: cfg.SecretID, Secret: cfg.SecretKey, Token: cfg.SessionToken}
	}
	return &Client{cfg: cfg}
}

// Reply is one HTTP answer, its body already decompressed.
type Reply struct {
	Status int
	Body   []byte
	// RetryAfter is the answer's Retry-After header read as a wait (0 when
	// absent): a gateway in front of the API may ask for one.
	RetryAfter time.Duration
	// provider and used are the credentials the call was signed with, so
	// that a refused token is dropped from the provider's cache.
	provider credentials.Provider
	used     credentials.Credentials
}

// Call posts action with in as its JSON body and decodes the Response
// object into out. Errors: *Error (the API said no), *BadReplyError (not the
// envelope API 3.0 answers with), *NetworkError, or the context's error.
func (c *Client) Call(ctx context.Context, action string, in, out any) error {
	payload, err := json.Marshal(in)
	if err != nil {
		return fmt.Errorf("%s: encode request: %w", action, err)
	}
	reply, err := c.Post(ctx, action, payload)
	if err != nil {
		return err
	}
	return reply.Decode(out)
}

// Post sends one signed call with payload as its body and reads the whole
// answer. Only failures to get an answer are errors here: a transport
// failure or a cut-off body is a *NetworkError, a 3xx a *redirect.Error (no
// redirect is followed), a cancelled or expired context its own error;
// credentials that cannot be had (an assumed role refused) are the
// provider's error.
func (c *Client) Post(ctx context.Context, action string, payload []byte) (*Reply, error) {
	creds, err := c.cfg.Credentials.Retrieve(ctx)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL(), bytes.NewReader(payload))
	if err != nil {
		return nil, fmt.Errorf("%s: build request: %w", action, err)
	}
	ts := c.cfg.Now().Unix()
	host := c.cfg.Endpoint.Host
	req.Host = host
	h := req.Header
	h.Set("Content-Type", ContentType)
	h.Set("X-TC-Action", action)
	h.Set("X-TC-Version", c.cfg.Version)
	h.Set("X-TC-Timestamp", strconv.FormatInt(ts, 10))
	h.Set("X-TC-Region", c.cfg.Region)
	if creds.Token != "" {
		h.Set("X-TC-Token", creds.Token)
	}
	// Set explicitly, so Go's transport leaves the body compressed and
	// read decompresses it (CLS answers can be tens of MB).
	h.Set("Accept-Encoding", "gzip")
	h.Set("Authorization", Sign(creds.KeyID, creds.Secret, Request{
		Method: http.MethodPost, Host: host, ContentType: ContentType, Payload: payload, Service: c.cfg.Service, Timestamp: ts,
	}))
	resp, err := c.cfg.HTTPClient.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &NetworkError{Endpoint: c.cfg.Endpoint.Redacted(), Err: stripURL(err)}
	}
	defer resp.Body.Close()
	if err := redirect.Check(strings.ToUpper(c.cfg.Service), resp); err != nil {
		return nil, err
	}
	body, err := read(resp)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &NetworkError{Endpoint: c.cfg.Endpoint.Redacted(), Err: fmt.Errorf("answer cut off: %w", err), CutOff: true}
	}
	return &Reply{Status: resp.StatusCode, Body: body, RetryAfter: retry.ParseRetryAfter(resp.Header.Get("Retry-After"), time.Now()), provider: c.cfg.Credentials, used: creds}, nil
}

// URL is where calls go: the endpoint without query, path "/" when empty.
func (c *Client) URL() string {
	u := *c.cfg.Endpoint
	u.Path = strings.TrimSuffix(u.Path, "/")
	if u.Path == "" {
		u.Path = "/"
	}
	u.RawPath = ""
	u.RawQuery = ""
	return u.String()
}

func read(resp *http.Response) ([]byte, error) {
	var r io.Reader = resp.Body
	if strings.EqualFold(resp.Header.Get("Content-Encoding"), "gzip") && !resp.Uncompressed {
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		r = zr
	}
	announced := resp.ContentLength
	if r != resp.Body {
		announced = -1 // the gunzipped text is longer
	}
	return httpbody.Read(io.LimitReader(r, maxBody), announced)
}

// Response opens the {"Response":{...}} envelope: the object when the call
// succeeded, *Error when the API answered an error (whatever the HTTP
// status), *BadReplyError when the body is no envelope or a non-200 status
// came without an error in it.
func (r *Reply) Response() (json.RawMessage, error) {
	var env struct {
		Response json.RawMessage `json:"Response"`
	}
	if err := json.Unmarshal(r.Body, &env); err != nil || len(env.Response) == 0 {
		return nil, &BadReplyError{Status: r.Status, Body: r.Body, Err: err, NoEnvelope: true}
	}
	var eb struct {
		Error *struct {
			Code    string `json:"Code"`
			Message string `json:"Message"`
		} `json:"Error"`
		RequestID string `json:"RequestId"`
	}
	if mayHoldError(env.Response) && json.Unmarshal(env.Response, &eb) == nil && eb.Error != nil && eb.Error.Code != "" {
		if eb.Error.Code == "AuthFailure.TokenFailure" && r.provider != nil {
			// An expired or unknown token: the next call fetches new keys.
			credentials.Refused(r.provider, r.used)
		}
		return nil, &Error{Code: eb.Error.Code, Message: eb.Error.Message, RequestID: eb.RequestID, HTTPStatus: r.Status}
	}
	if r.Status != http.StatusOK {
		return nil, &BadReplyError{Status: r.Status, Body: r.Body}
	}
	return env.Response, nil
}

// mayHoldError reports whether raw has an "Error" key (in any letter case,
// as encoding/json matches keys), so that a success answer of tens of MB
// is not parsed a second time only to find it has none.
func mayHoldError(raw []byte) bool {
	const key = `"error"`
	for i := bytes.IndexByte(raw, '"'); i >= 0 && i+len(key) <= len(raw); {
		if bytes.EqualFold(raw[i:i+len(key)], []byte(key)) {
			return true
		}
		next := bytes.IndexByte(raw[i+1:], '"')
		if next < 0 {
			return false
		}
		i += next + 1
	}
	return false
}

// Decode opens the envelope into out, with Response's errors. A success
// answer (200, no "Error" key) is decoded in one go: CLS answers run to
// tens of MB, and opening the envelope first would read them twice more.
func (r *Reply) Decode(out any) error {
	if r.Status == http.StatusOK && !mayHoldError(r.Body) && bytes.Contains(r.Body, []byte(`"Response"`)) {
		// A pointer in an interface field is decoded into (encoding/json).
		env := struct {
			Response any `json:"Response"`
		}{Response: out}
		dec := json.NewDecoder(bytes.NewReader(r.Body))
		// Nothing may follow the document: a Decoder would stop reading at
		// its end, where Unmarshal (below) refuses the extra bytes.
		if dec.Decode(&env) == nil && env.Response != nil {
			if _, err := dec.Token(); err == io.EOF {
				return nil
			}
		}
	}
	resp, err := r.Response()
	if err != nil {
		return err
	}
	if err := json.Unmarshal(resp, out); err != nil {
		return &BadReplyError{Status: r.Status, Body: r.Body, Err: err}
	}
	return nil
}

// Error is an error the API answered: {"Response":{"Error":{"Code",
// "Message"},"RequestId"}}, code and message verbatim. Clients turn it into
// their own error type, which adds the hint.
type Error struct {
	Code       string
	Message    string
	RequestID  string
	HTTPStatus int
}

func (e *Error) Error() string {
	msg := e.Code + ": " + e.Message
	if e.RequestID != "" {
		msg += " (RequestId " + e.RequestID + ")"
	}
	return msg
}

// BadReplyError is an answer that is not what API 3.0 sends: no envelope
// (a proxy's page, a cut-off body) or a non-200 status without an error.
type BadReplyError struct {
	Status int
	Body   []byte
	// Err is why the body did not parse, if it did not.
	Err error
	// NoEnvelope is true when the body holds no {"Response":{...}}.
	NoEnvelope bool
}

func (e *BadReplyError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("HTTP %d, unexpected answer (%v): %s", e.Status, e.Err, e.Snippet())
	}
	return fmt.Sprintf("HTTP %d, unexpected answer: %s", e.Status, e.Snippet())
}

func (e *BadReplyError) Unwrap() error { return e.Err }

// Snippet is the start of the body, for an error message.
func (e *BadReplyError) Snippet() string { return httpbody.Snippet(e.Body) }

// NetworkError is a failure to get a whole answer: the endpoint could not
// be reached, or the body was cut off.
type NetworkError struct {
	Endpoint string // redacted
	Err      error
	// CutOff marks an answer that began but did not arrive whole.
	CutOff bool
}

func (e *NetworkError) Error() string {
	return fmt.Sprintf("cannot reach %s: %v", e.Endpoint, e.Err)
}

func (e *NetworkError) Unwrap() error { return e.Err }

// stripURL drops the request URL from a transport error ("Post <url>: "),
// which repeats the endpoint and says nothing more.
func stripURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}
