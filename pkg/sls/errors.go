package sls

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Error is an error answer from SLS: HTTP status plus the body
// {"errorCode": "...", "errorMessage": "..."} (VENDOR-APIS.md C.4).
type Error struct {
	HTTPStatus int
	Code       string
	Message    string
	RequestID  string
}

func (e *Error) Error() string {
	msg := "SLS " + e.Code + ": " + e.Message
	if e.RequestID != "" {
		msg += " (request id " + e.RequestID + ")"
	}
	return msg
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
func decodeError(status int, header http.Header, body []byte) *Error {
	e := &Error{HTTPStatus: status, RequestID: header.Get("x-log-requestid")}
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
	text := strings.TrimSpace(string(body))
	if len(text) > 200 {
		text = text[:200] + "..."
	}
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
