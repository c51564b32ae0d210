package scf

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/logbridge/cloudlogs/pkg/retry"
)

// APIError is an error SCF answered, in either shape: API 3.0's
// {"Response":{"Error":{"Code","Message"},"RequestId"}} or the legacy
// {"code":4100,"codeDesc":"...","message":"..."}. The vendor's code and
// message are kept verbatim; Hint adds what the user should do.
type APIError struct {
	// Code is the API 3.0 code, or for v2 the codeDesc (or the number when
	// there is no codeDesc).
	Code string
	// LegacyCode is the v2 numeric code; 0 for API 3.0.
	LegacyCode int
	Message    string
	RequestID  string
	HTTPStatus int
	// Action, Function and Namespace say what was asked, for the hint.
	Action    string
	Function  string
	Namespace string
	Region    string
	// Wait is the answer's Retry-After, if it had one.
	Wait time.Duration
}

// RetryAfter is how long the server asked to wait before trying again.
func (e *APIError) RetryAfter() time.Duration { return e.Wait }

func (e *APIError) Error() string {
	code := e.Code
	if e.LegacyCode != 0 && code != strconv.Itoa(e.LegacyCode) {
		code = fmt.Sprintf("%s (%d)", code, e.LegacyCode)
	}
	var b strings.Builder
	b.WriteString("SCF ")
	b.WriteString(code)
	b.WriteString(": ")
	if hint := e.Hint(); hint != "" {
		b.WriteString(hint)
		if e.Message != "" {
			b.WriteString(" (SCF said: ")
			b.WriteString(e.Message)
			b.WriteString(")")
		}
	} else {
		b.WriteString(e.Message)
	}
	if e.RequestID != "" {
		b.WriteString(" [RequestId ")
		b.WriteString(e.RequestID)
		b.WriteString("]")
	}
	return b.String()
}

// Hint turns a known code into an actionable sentence; "" when unknown.
func (e *APIError) Hint() string {
	ns := e.Namespace
	if ns == "" {
		ns = "default"
	}
	c := e.Code
	switch {
	case c == "ResourceNotFound.Function" || c == "ResourceNotFound.FunctionName" || c == "InvalidParameterValue.FunctionName":
		return fmt.Sprintf("function %s not found in namespace %s — check the function name and namespace", quoteOr(e.Function, "(none given)"), ns)
	case c == "ResourceNotFound.FunctionVersion" || c == "ResourceNotFound.Version":
		return fmt.Sprintf("the qualifier of function %s was not found in namespace %s — check the version or alias in the query (or leave it empty for $LATEST)", quoteOr(e.Function, "(none given)"), ns)
	case c == "ResourceNotFound.Namespace" || c == "InvalidParameterValue.Namespace":
		return fmt.Sprintf("namespace %s not found in region %s — check the namespace in the query or the data source settings", ns, e.Region)
	case c == "UnsupportedRegion" || c == "UnsupportedOperation.NotSupportRegion" || c == "InvalidParameterValue.Region" ||
		(c == "InvalidParameterValue" && strings.Contains(strings.ToLower(e.Message), "region")):
		return fmt.Sprintf("region %s is not valid for SCF — check the region in the data source settings (e.g. ap-guangzhou)", e.Region)
	case c == "AuthFailure.SignatureFailure" || e.LegacyCode == 4100:
		return "the request signature was rejected — check the SecretKey (and that the SecretId belongs to it)"
	case c == "AuthFailure.SecretIdNotFound" || c == "AuthFailure.InvalidSecretId" || e.LegacyCode == 4104:
		return "the SecretId is unknown — check the SecretId in the data source settings"
	case c == "AuthFailure.SignatureExpire" || e.LegacyCode == 4500:
		return "the request time was rejected — sync the Grafana server's clock (NTP)"
	case c == "AuthFailure.TokenFailure":
		return "the session token is invalid or expired — renew the temporary credentials"
	case strings.HasPrefix(c, "AuthFailure") || strings.HasPrefix(c, "UnauthorizedOperation") ||
		e.LegacyCode == 4101 || e.LegacyCode == 4102 || e.LegacyCode == 4103 || e.LegacyCode == 4110:
		return "the key is not allowed to read SCF logs — grant it scf:GetFunctionLogs and scf:ListFunctions in CAM"
	case c == "RequestLimitExceeded":
		return "SCF rate limit hit — lower the data source's requestsPerSecond or narrow the query"
	case c == "LimitExceeded.Offset" || c == "InvalidParameterValue.Offset":
		return "offset + limit is over SCF's 10,000 — lower the offset or the limit"
	case strings.HasPrefix(c, "InvalidParameterValue.StartTimeOrEndTime") || c == "InvalidParameterValue.DateTime":
		return "SCF rejected the time range — use a range of at most one day per request"
	case c == "InvalidParameterValue.RetCode":
		return "SCF rejected filter.retCode — use \"\", \"not0\" or \"is0\""
	case c == "InvalidParameterValue.OrderBy" || c == "InvalidParameterValue.Orderby" || c == "InvalidParameterValue.Order":
		return "SCF rejected the sort — use orderBy startTime, functionName, duration or memUsage and order desc or asc"
	case strings.HasPrefix(c, "InternalError") || e.LegacyCode == 6000 || e.LegacyCode == 5100:
		return "SCF had an internal error — try again later"
	}
	return ""
}

// Retryable says whether the same call may succeed when repeated.
func (e *APIError) Retryable() bool {
	return e.Code == "RequestLimitExceeded" || strings.HasPrefix(e.Code, "InternalError") ||
		e.HTTPStatus >= 500 || e.LegacyCode == 6000 || e.LegacyCode == 5100
}

// Status says what kind of failure it was: 401 for keys, 429 for the rate
// limit, 404 for a missing function or namespace, 502 for SCF's own
// failures and 400 for the rest (the request was wrong).
func (e *APIError) Status() int {
	switch {
	case e.IsAuth():
		return http.StatusUnauthorized
	case e.Code == "RequestLimitExceeded":
		return http.StatusTooManyRequests
	case strings.HasPrefix(e.Code, "ResourceNotFound"):
		return http.StatusNotFound
	case e.HTTPStatus >= 500 || strings.HasPrefix(e.Code, "InternalError") || e.LegacyCode == 6000 || e.LegacyCode == 5100:
		// API 3.0 answers its internal errors with HTTP 200.
		return http.StatusBadGateway
	}
	return http.StatusBadRequest
}

// IsAuth reports bad or unauthorised credentials.
func (e *APIError) IsAuth() bool {
	return strings.HasPrefix(e.Code, "AuthFailure") || strings.HasPrefix(e.Code, "UnauthorizedOperation") ||
		(e.LegacyCode >= 4100 && e.LegacyCode <= 4110)
}

// NetworkError is a failure to reach SCF or to read its whole answer.
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
	return fmt.Sprintf("cannot reach SCF at %s: %v — check the endpoint, the network and any proxy", e.Endpoint, e.Err)
}

func (e *NetworkError) Unwrap() error { return e.Err }

// Status is 502: the failure is between Grafana and SCF.
func (e *NetworkError) Status() int { return http.StatusBadGateway }

// IsNetwork reports an unreachable endpoint or a cut-off answer (not a
// cancelled or timed-out query: those are the caller's deadline).
func IsNetwork(err error) bool {
	var ne *NetworkError
	return errors.As(err, &ne)
}

func quoteOr(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
