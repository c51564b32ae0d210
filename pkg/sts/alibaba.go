package sts

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/logbridge/cloudlogs/pkg/credentials"
	"github.com/logbridge/cloudlogs/pkg/httpbody"
	"github.com/logbridge/cloudlogs/pkg/redirect"
)

// Alibaba STS facts (Alibaba Cloud API reference "AssumeRole", STS
// 2015-04-01, and the RPC "request signatures" page):
//   - RPC style: every parameter in the query, Action=AssumeRole,
//     Version=2015-04-01, Format=JSON, plus the common AccessKeyId,
//     SignatureMethod=HMAC-SHA1, SignatureVersion=1.0, SignatureNonce,
//     Timestamp (ISO 8601 UTC) and Signature.
//   - Signature = base64(HMAC-SHA1(secret + "&", "GET&%2F&" +
//     percentEncode(the sorted, percent-encoded query))), where
//     percentEncode is RFC 3986 (space %20, * %2A, ~ kept).
//   - DurationSeconds 900 up to the role's maximum session (3600 unless
//     raised, 43200 at most); default 3600.
//   - Answer {"RequestId","AssumedRoleUser":{...},"Credentials":
//     {"AccessKeyId","AccessKeySecret","SecurityToken","Expiration"}};
//     errors {"RequestId","HostId","Code","Message"} with a 4xx/5xx status.
const (
	AlibabaDefaultEndpoint = "https://sts.aliyuncs.com"
	alibabaVersion         = "2015-04-01"
	AlibabaMinDuration     = 900
	AlibabaMaxDuration     = 43200
	AlibabaDefaultDuration = 3600
)

// AlibabaConfig says which role to assume, and with which long-lived keys.
type AlibabaConfig struct {
	Endpoint        *url.URL // default AlibabaDefaultEndpoint
	AccessKeyID     string
	AccessKeySecret string
	RoleArn         string
	RoleSessionName string
	ExternalID      string // optional
	Policy          string // optional: a policy narrowing the role's
	DurationSeconds int    // 0: the STS default
	HTTPClient      *http.Client
	Now             func() time.Time
}

// AlibabaAssumeRole returns the fetch of a credentials.Refreshing provider
// that assumes cfg's role.
func AlibabaAssumeRole(cfg AlibabaConfig) credentials.FetchFunc {
	if cfg.Endpoint == nil {
		cfg.Endpoint, _ = url.Parse(AlibabaDefaultEndpoint)
	}
	// The signed query (AccessKeyId, Signature) is in the URL: like every
	// vendor client, follow no redirect (pkg/redirect).
	cfg.HTTPClient = redirect.Guard(cfg.HTTPClient)
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return func(ctx context.Context) (credentials.Credentials, error) { return alibabaAssume(ctx, cfg) }
}

func alibabaAssume(ctx context.Context, cfg AlibabaConfig) (credentials.Credentials, error) {
	params := map[string]string{
		"Action":           "AssumeRole",
		"Version":          alibabaVersion,
		"Format":           "JSON",
		"AccessKeyId":      cfg.AccessKeyID,
		"SignatureMethod":  "HMAC-SHA1",
		"SignatureVersion": "1.0",
		"SignatureNonce":   nonce(),
		"Timestamp":        cfg.Now().UTC().Format("2006-01-02T15:04:05Z"),
		"RoleArn":          cfg.RoleArn,
		"RoleSessionName":  cfg.RoleSessionName,
	}
	if cfg.DurationSeconds > 0 {
		params["DurationSeconds"] = strconv.Itoa(cfg.DurationSeconds)
	}
	if cfg.ExternalID != "" {
		params["ExternalId"] = cfg.ExternalID
	}
	if cfg.Policy != "" {
		params["Policy"] = cfg.Policy
	}
	query := CanonicalQuery(params)
	query += "&Signature=" + PercentEncode(SignRPC(http.MethodGet, query, cfg.AccessKeySecret))

	u := *cfg.Endpoint
	if u.Path == "" {
		u.Path = "/"
	}
	u.RawQuery = query
	netErr := func(err error) error {
		return &NetworkError{Vendor: "Alibaba", Endpoint: cfg.Endpoint.Redacted(), RoleArn: cfg.RoleArn, Err: err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return credentials.Credentials{}, netErr(err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := cfg.HTTPClient.Do(req)
	if err != nil {
		// The URL holds the query (AccessKeyId, Signature): drop it.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = fmt.Errorf("%s: %w", ue.Op, ue.Err)
		}
		return credentials.Credentials{}, netErr(err)
	}
	defer resp.Body.Close()
	if err := redirect.Check("Alibaba STS", resp); err != nil {
		return credentials.Credentials{}, err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return credentials.Credentials{}, netErr(fmt.Errorf("answer cut off: %w", err))
	}
	return decodeAlibaba(resp.StatusCode, body, cfg.RoleArn)
}

type alibabaAnswer struct {
	RequestID   string `json:"RequestId"`
	Code        string `json:"Code"`
	Message     string `json:"Message"`
	Credentials *struct {
		AccessKeyID     string `json:"AccessKeyId"`
		AccessKeySecret string `json:"AccessKeySecret"`
		SecurityToken   string `json:"SecurityToken"`
		Expiration      string `json:"Expiration"`
	} `json:"Credentials"`
}

func decodeAlibaba(status int, body []byte, roleArn string) (credentials.Credentials, error) {
	var a alibabaAnswer
	jsonErr := json.Unmarshal(body, &a)
	if jsonErr == nil && a.Code != "" && (status < 200 || status > 299 || a.Credentials == nil) {
		return credentials.Credentials{}, &Error{Vendor: "Alibaba", RoleArn: roleArn, Code: a.Code, Message: a.Message, RequestID: a.RequestID, HTTPStatus: status}
	}
	if jsonErr != nil || status != http.StatusOK || a.Credentials == nil {
		return credentials.Credentials{}, &NetworkError{Vendor: "Alibaba", Endpoint: "the STS", RoleArn: roleArn,
			Err: fmt.Errorf("HTTP %d, not an AssumeRole answer: %s", status, httpbody.Snippet(body))}
	}
	exp, err := time.Parse(time.RFC3339, a.Credentials.Expiration)
	if err != nil {
		return credentials.Credentials{}, &NetworkError{Vendor: "Alibaba", Endpoint: "the STS", RoleArn: roleArn,
			Err: fmt.Errorf("Expiration %q is not an ISO 8601 time", a.Credentials.Expiration)}
	}
	return credentials.Credentials{
		KeyID: a.Credentials.AccessKeyID, Secret: a.Credentials.AccessKeySecret,
		Token: a.Credentials.SecurityToken, Expires: exp,
	}, nil
}

// PercentEncode is the RPC signature's encoding: RFC 3986 unreserved
// characters kept, everything else %XX in upper-case hex (so a space is
// %20, not +, and * is %2A).
func PercentEncode(s string) string {
	e := url.QueryEscape(s)
	e = strings.ReplaceAll(e, "+", "%20")
	e = strings.ReplaceAll(e, "*", "%2A")
	return strings.ReplaceAll(e, "%7E", "~")
}

// CanonicalQuery sorts params by name and joins them percent-encoded; it is
// both what is signed and the query sent. Signature is never included.
func CanonicalQuery(params map[string]string) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		if k != "Signature" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = PercentEncode(k) + "=" + PercentEncode(params[k])
	}
	return strings.Join(parts, "&")
}

// SignRPC signs a canonical query with the RPC signature 1.0.
func SignRPC(method, canonicalQuery, secret string) string {
	toSign := method + "&" + PercentEncode("/") + "&" + PercentEncode(canonicalQuery)
	mac := hmac.New(sha1.New, []byte(secret+"&"))
	mac.Write([]byte(toSign))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

func nonce() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
