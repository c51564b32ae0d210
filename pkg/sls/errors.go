package sls

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/logbridge/cloudlogs/pkg/httpbody"
)

// Error is an error answer from SLS: HTTP status plus the body
// {"errorCode": "...", "errorMessage": "..."} (VENDOR-APIS.md C.4).
type Error struct {
	HTTPStatus int
	Code       string
	Message    string
	RequestID  string
	// Logstore is the logstore the request named ("" for project calls), so
	// the hint can name it.
	Logstore string
	// Wait is the answer's Retry-After, if it had one.
	Wait time.Duration
}

// RetryAfter is how long SLS (or a gateway in front) asked to wait.
func (e *Error) RetryAfter() time.Duration { return e.Wait }

// Error is the vendor's code and message, what the user can do about it
// (Hint) and the request id SLS support asks for.
func (e *Error) Error() string {
	msg := "SLS " + e.Code + ": " + e.Message
	if hint := e.Hint(); hint != "" {
		msg += " — " + hint
	}
	if e.RequestID != "" {
		msg += " (request id " + e.RequestID + ")"
	}
	return msg
}

// Status is the HTTP status SLS answered with, but 429 for its read quota
// errors: SLS sends them as 403, which would read as a key refused when the
// project is only being throttled.
func (e *Error) Status() int {
	if e.Code == CodeReadQuotaExceed || e.Code == CodeShardReadQuota {
		return http.StatusTooManyRequests
	}
	return e.HTTPStatus
}

// Hint is what a user can do about the error; "" when nothing specific.
func (e *Error) Hint() string {
	switch e.Code {
	case CodeLogStoreNotExist:
		if e.Logstore != "" {
			return "logstore " + e.Logstore + " does not exist — pick an existing logstore in the query editor"
		}
		return "the logstore does not exist — check the logstore named in the query"
	case CodeProjectNotExist:
		return "check the project and the region endpoint in the data source settings"
	case CodeSignatureNotMatch, CodeUnauthorized:
		return "check the AccessKey ID and secret (and the STS token, if any) in the data source settings"
	case CodeProjectForbidden, "Forbidden", "Unauthorized.Forbidden":
		return "the access key may not read this project; grant it log:GetLogs and log:ListLogStores in RAM"
	case CodeInvalidQueryString, CodeParameterInvalid, "InvalidLogStoreQuery", "InvalidOffset", "InvalidLine", "InvalidReverse":
		return "fix the query syntax (search, or search | SQL)"
	case CodeIndexConfigNotExist:
		return "enable the index of logstore " + e.Logstore + " in the SLS console; queries need one"
	case CodeInvalidTimeRange:
		return "check the dashboard time range"
	case CodeRequestTimeExpired, "RequestTimeTooSkewed", "InvalidRequestTime":
		return "the Grafana server's clock is more than 15 minutes off; synchronise it (NTP)"
	case CodeReadQuotaExceed, CodeShardReadQuota, CodeServerBusy:
		return "SLS is throttling or busy; try again later, narrow the time range or lower the data source's concurrency"
	}
	if e.HTTPStatus >= 500 {
		return "SLS had a server error; try again later"
	}
	return ""
}

// Error codes the plugin reacts to.
const (
	CodeSignatureNotMatch   = "SignatureNotMatch"
	CodeUnauthorized        = "Unauthorized"
	CodeProjectNotExist     = "ProjectNotExist"
	CodeLogStoreNotExist    = "LogStoreNotExist"
	CodeIndexConfigNotExist = "IndexConfigNotExist"
	CodeInvalidQueryString  = "InvalidQueryString"
	CodeInvalidTimeRange    = "InvalidTimeRange"
	CodeParameterInvalid    = "ParameterInvalid"
	CodeReadQuotaExceed     = "ReadQuotaExceed"
	CodeShardReadQuota      = "ShardReadQuotaExceed"
	CodeServerBusy          = "ServerBusy"
	CodeInternalServerError = "InternalServerError"
	CodeRequestTimeExpired  = "RequestTimeExpired"
	CodeProjectForbidden    = "ProjectForbidden"
)

// AsError returns the SLS error inside err, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// decodeError turns a non-2xx answer into *Error, keeping the vendor's code
// and message; a body that is not the documented shape still gives a useful
// error (a proxy's HTML page, for example).
func decodeError(status int, header http.Header, body []byte, path string) *Error {
	e := &Error{HTTPStatus: status, RequestID: header.Get("x-log-requestid"), Logstore: logstoreOf(path)}
	var b struct {
		ErrorCode    string `json:"errorCode"`
		ErrorMessage string `json:"errorMessage"`
		RequestID    string `json:"requestId"`
	}
	if json.Unmarshal(body, &b) == nil && b.ErrorCode != "" {
		e.Code, e.Message = b.ErrorCode, b.ErrorMessage
		if e.RequestID == "" {
			e.RequestID = b.RequestID
		}
		return e
	}
	e.Code = fmt.Sprintf("HTTP%d", status)
	text := httpbody.Snippet(body)
	if text == "" {
		text = http.StatusText(status)
	}
	e.Message = "unexpected answer (not an SLS error body): " + text
	return e
}

// retryable reports whether a failed read may succeed when sent again:
// server-side errors and throttling. Client errors (bad keys, missing
// logstore, bad query) never change on retry.
func (e *Error) retryable() bool {
	switch e.Code {
	case CodeServerBusy, CodeReadQuotaExceed, CodeShardReadQuota, CodeInternalServerError, "RequestTimeout":
		return true
	}
	return e.HTTPStatus >= 500 || e.HTTPStatus == http.StatusTooManyRequests
}

// logstoreOf is the logstore a request path names (/logstores/<name>...).
func logstoreOf(path string) string {
	rest, ok := strings.CutPrefix(path, "/logstores/")
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(rest, "/")
	return name
}
