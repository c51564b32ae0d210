package cls

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/logbridge/cloudlogs/pkg/retry"
)

// APIError is an error CLS answered ({"Response":{"Error":{"Code",
// "Message"},"RequestId"}}), code and message verbatim, or an HTTP failure
// without that envelope (Code "HTTP<status>"). Hint adds what to do.
type APIError struct {
	Code      string
	Message   string
	RequestID string
	// Action and TopicID say what was asked (TopicID is empty for look-ups
	// and several-topic calls, unless CLS named the topic that failed).
	Action     string
	TopicID    string
	Region     string
	HTTPStatus int
	// Wait is the answer's Retry-After, if it had one.
	Wait time.Duration
}

// RetryAfter is how long the server asked to wait before trying again.
func (e *APIError) RetryAfter() time.Duration { return e.Wait }

// Error is the vendor's code and message, what the user can do about it
// and the request id Tencent support asks for.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("CLS ")
	b.WriteString(e.Code)
	b.WriteString(": ")
	b.WriteString(e.Message)
	if hint := e.Hint(); hint != "" {
		b.WriteString(" — ")
		b.WriteString(hint)
	}
	if e.RequestID != "" {
		b.WriteString(" (RequestId ")
		b.WriteString(e.RequestID)
		b.WriteString(")")
	}
	return b.String()
}

// Hint turns a known code into an actionable sentence; "" when unknown.
// It covers every SearchLog code in CLS.md §2.3, the common API 3.0 codes
// (VENDOR-APIS.md B.3) and those of the look-ups.
func (e *APIError) Hint() string {
	if hint, ok := hints[e.Code]; ok {
		return strings.NewReplacer("{topic}", e.topic(), "{region}", e.region()).Replace(hint)
	}
	switch {
	case strings.HasPrefix(e.Code, "AuthFailure"):
		return "CLS rejected the credentials — check the SecretId and SecretKey (and the session token, if any) in the data source settings"
	case strings.HasPrefix(e.Code, "UnauthorizedOperation"):
		return hints["UnauthorizedOperation"]
	case strings.HasPrefix(e.Code, "InternalError"):
		return hints["InternalError"]
	case strings.HasPrefix(e.Code, "ResourceNotFound"):
		return "CLS cannot find what the query names — check the topic and the region (" + e.region() + ")"
	case strings.HasPrefix(e.Code, "HTTP") && e.HTTPStatus >= 500:
		return "CLS (or a proxy in front of it) failed — try again later"
	case strings.HasPrefix(e.Code, "HTTP"):
		return "the endpoint did not answer like CLS — check the endpoint in the data source settings"
	}
	return ""
}

func (e *APIError) topic() string {
	if e.TopicID == "" {
		return "the topic"
	}
	return "topic " + e.TopicID
}

func (e *APIError) region() string {
	if e.Region == "" {
		return "the configured region"
	}
	return "region " + e.Region
}

// syntaxHint keeps CLS's message, which names the position, and adds this.
const syntaxHint = "fix the query syntax (CQL or Lucene as chosen)"

// hints are the sentences per code; {topic} and {region} are filled in.
var hints = map[string]string{
	// SearchLog (CLS.md §2.3).
	"FailedOperation.InvalidContext":                 "the search cursor expired (after 1 hour) or the query changed while paging — run the query again",
	"FailedOperation.QueryError":                     "CLS could not run the query — check that the fields it names are in {topic}'s index, and the query syntax",
	"FailedOperation.SearchTimeout":                  "the search took too long — narrow the time range or make the search more selective",
	"FailedOperation.SyntaxError":                    syntaxHint,
	"FailedOperation.Timeout":                        "CLS timed out — try again, or narrow the time range",
	"FailedOperation.TopicIsolated":                  "{topic} is isolated, usually because the account is in arrears — settle the account in the Tencent Cloud console",
	"InternalError":                                  "CLS had an internal error — try again later",
	"InternalError.SearchError":                      "CLS failed to run the search — try again later",
	"InternalError.SearchFailed":                     "CLS failed to run the search — try again later",
	"InternalError.ServerBusy":                       "CLS is busy — try again later",
	"InvalidParameter":                               "CLS rejected a parameter (named in its message) — check the topic, the time range and the query",
	"MissingParameter":                               "a required parameter is missing — pick a topic in the query editor",
	"LimitExceeded.LogSearch":                        "more than 15 searches ran at once on {topic} (alarms and dashboards share them) — try again, or lower the data source's topic concurrency",
	"LimitExceeded.SearchResources":                  "the search needs more memory than CLS allows — narrow the time range or make the search more selective",
	"LimitExceeded.SearchResultTooLarge":             "the answer is over CLS's size limit (20 MB) — lower the line limit, narrow the time range or select fewer columns",
	"OperationDenied":                                "CLS refused the operation — check that the account is in good standing and that the key may search {topic}",
	"OperationDenied.AccountDestroy":                 "the Tencent Cloud account has been closed — use the keys of an active account",
	"OperationDenied.AccountIsolate":                 "the Tencent Cloud account is isolated for arrears — top it up in the Tencent Cloud console",
	"OperationDenied.AccountNotExists":               "the Tencent Cloud account does not exist — check the SecretId in the data source settings",
	"OperationDenied.NewSyntaxNotSupported":          "{topic} does not support CQL — switch the query's syntax to Lucene",
	"OperationDenied.OperationNotSupportInSearchLow": "{topic} is in low-frequency (cold) storage, which does not support this search — query a standard-storage topic or use a plain keyword search",
	"ResourceNotFound.TopicNotExist":                 "{topic} does not exist in {region} — pick a topic in the query editor, or check the region in the data source settings",
	// Related codes on the other actions (CLS.md §2.3, §2.7, §2.8).
	"OperationDenied.AnalysisSwitchClose": "a field the SQL uses is not enabled for analysis — turn on statistics for it in {topic}'s index",
	"FailedOperation.TagQpsLimit":         "CLS's tag service is throttling — try again shortly",
	"ResourceNotFound.LogsetNotExist":     "the logset does not exist in {region} — check the region in the data source settings",
	"OperationDenied.ACLFailed":           "the key may not read CLS — grant it QcloudCLSReadOnlyAccess (or cls:SearchLog, cls:DescribeTopics, cls:DescribeLogsets, cls:DescribeIndex) in CAM",
	// Common API 3.0 codes (VENDOR-APIS.md B.3).
	"AuthFailure.SignatureFailure":      "the request signature was rejected — check the SecretKey (and that the SecretId belongs to it)",
	"AuthFailure.SecretIdNotFound":      "the SecretId is unknown — check the SecretId in the data source settings",
	"AuthFailure.InvalidSecretId":       "the SecretId is malformed — check the SecretId in the data source settings",
	"AuthFailure.SignatureExpire":       "the request time was rejected — sync the Grafana server's clock (NTP)",
	"AuthFailure.TokenFailure":          "the session token is invalid or expired — renew the temporary credentials",
	"AuthFailure.MFAFailure":            "the key needs MFA — use a key without an MFA requirement for API access",
	"AuthFailure.UnauthorizedOperation": "the key may not call CLS — grant it QcloudCLSReadOnlyAccess in CAM",
	"UnauthorizedOperation":             "the key may not call CLS — grant it QcloudCLSReadOnlyAccess in CAM",
	"RequestLimitExceeded":              "CLS's request rate limit was hit — try again shortly, or refresh dashboards less often",
	"LimitExceeded":                     "a CLS limit was exceeded (named in its message) — narrow the query",
	"InvalidParameterValue":             "CLS rejected a parameter value (named in its message) — check the topic, the time range and the query",
	"UnknownParameter":                  "CLS did not know a parameter — check that the endpoint is a CLS API 3.0 endpoint",
	"InvalidAction":                     "the endpoint does not know this CLS action — check that the endpoint is a CLS API 3.0 endpoint",
	"NoSuchVersion":                     "the endpoint does not know CLS API version 2020-10-16 — check the endpoint",
	"UnsupportedRegion":                 "CLS is not offered in {region} — check the region in the data source settings",
	"InvalidParameterValue.Region":      "{region} is not valid for CLS — check the region in the data source settings (e.g. ap-guangzhou)",
	"ResourceUnavailable":               "the resource is unavailable — check that {topic} is enabled and try again",
	"FailedOperation":                   "CLS could not carry out the request — check the query and {topic}, and try again",
}

// Status says what kind of failure it was: 401 for keys and permissions,
// 403 for an account or topic CLS refuses to serve, 404 for a missing topic
// or logset, 429 for throttling, 504 for timeouts, 502 for CLS's own
// failures, and 400 for the rest (the query or a parameter must change).
func (e *APIError) Status() int {
	c := e.Code
	switch {
	case strings.HasPrefix(c, "AuthFailure") || strings.HasPrefix(c, "UnauthorizedOperation") || c == "OperationDenied.ACLFailed":
		return http.StatusUnauthorized
	case strings.HasPrefix(c, "ResourceNotFound"):
		return http.StatusNotFound
	case e.isThrottling():
		return http.StatusTooManyRequests
	case c == "FailedOperation.SearchTimeout" || c == "FailedOperation.Timeout":
		return http.StatusGatewayTimeout
	case strings.HasPrefix(c, "InternalError") || e.HTTPStatus >= 500:
		return http.StatusBadGateway
	case c == "OperationDenied" || c == "FailedOperation.TopicIsolated" || strings.HasPrefix(c, "OperationDenied.Account"):
		return http.StatusForbidden
	}
	return http.StatusBadRequest
}

func (e *APIError) isThrottling() bool {
	return e.Code == "LimitExceeded.LogSearch" || e.Code == "RequestLimitExceeded" || e.Code == "FailedOperation.TagQpsLimit"
}

// Retryable says whether the same call may succeed when repeated:
// throttling (the 15 searches per topic, the request rate) and CLS's own
// failures. Timeouts are not: the same search would most likely time out
// again while holding one of the topic's shared slots, so the user is told
// to narrow it instead.
func (e *APIError) Retryable() bool {
	return e.isThrottling() || strings.HasPrefix(e.Code, "InternalError") || e.HTTPStatus >= 500
}

// IsSyntaxError reports a query CLS could not parse.
func (e *APIError) IsSyntaxError() bool { return e.Code == "FailedOperation.SyntaxError" }

// NetworkError is a failure to reach CLS or to read its whole answer.
type NetworkError struct {
	Endpoint string
	Err      error
	// CutOff marks an answer that began but did not arrive whole.
	CutOff bool
}

// Retryable says whether sending again may help: a cut-off answer or a
// reset connection may; an unknown host or a refused request will not.
func (e *NetworkError) Retryable() bool { return e.CutOff || retry.Transport(e.Err) }

func (e *NetworkError) Error() string {
	return fmt.Sprintf("cannot reach CLS at %s: %v — check the endpoint in the data source settings and that Grafana can reach it (proxy, firewall)", e.Endpoint, e.Err)
}

func (e *NetworkError) Unwrap() error { return e.Err }

// Status is 502: the failure is between Grafana and CLS.
func (e *NetworkError) Status() int { return http.StatusBadGateway }

// ErrInvalidRequest marks requests refused before sending: the caller's
// input is wrong, not the service (status 400). Errors wrap it with the
// reason: errors.Is(err, ErrInvalidRequest).
var ErrInvalidRequest error = invalidRequest{}

type invalidRequest struct{}

func (invalidRequest) Error() string { return "invalid CLS request" }
func (invalidRequest) Status() int   { return http.StatusBadRequest }

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalidRequest}, args...)...)
}

// AsAPIError returns the CLS error inside err, if any.
func AsAPIError(err error) (*APIError, bool) {
	var e *APIError
	ok := errors.As(err, &e)
	return e, ok
}

func retryable(err error) bool {
	if e, ok := AsAPIError(err); ok {
		return e.Retryable()
	}
	var ne *NetworkError
	return errors.As(err, &ne) && ne.Retryable()
}

func isInvalidContext(err error) bool {
	e, ok := AsAPIError(err)
	return ok && e.Code == "FailedOperation.InvalidContext"
}
