package plugin

import (
	"context"
	"errors"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/logbridge/cloudlogs/pkg/sls"
)

// userError is an error whose text is written for a Grafana user while the
// cause stays in the chain (errors.Is/As, the timeout check in runOne).
type userError struct {
	msg string
	err error
}

func (e *userError) Error() string { return e.msg }
func (e *userError) Unwrap() error { return e.err }

// slsHint is what a user can do about an SLS error code.
func slsHint(e *sls.Error, logstore string) string {
	switch e.Code {
	case sls.CodeLogStoreNotExist:
		if logstore != "" {
			return "logstore " + logstore + " does not exist — pick an existing logstore in the query editor"
		}
		return "the logstore does not exist — check the logstore named in the query"
	case sls.CodeProjectNotExist:
		return "check the project and the region endpoint in the data source settings"
	case sls.CodeSignatureNotMatch, sls.CodeUnauthorized:
		return "check the AccessKey ID and secret (and the STS token, if any) in the data source settings"
	case sls.CodeProjectForbidden, "Forbidden", "Unauthorized.Forbidden":
		return "the access key may not read this project; grant it log:GetLogs and log:ListLogStores in RAM"
	case sls.CodeInvalidQueryString, sls.CodeParameterInvalid, "InvalidLogStoreQuery", "InvalidOffset", "InvalidLine", "InvalidReverse":
		return "fix the query syntax (search, or search | SQL)"
	case sls.CodeIndexConfigNotExist:
		return "enable the index of logstore " + logstore + " in the SLS console; queries need one"
	case sls.CodeInvalidTimeRange:
		return "check the dashboard time range"
	case sls.CodeRequestTimeExpired, "RequestTimeTooSkewed", "InvalidRequestTime":
		return "the Grafana server's clock is more than 15 minutes off; synchronise it (NTP)"
	case sls.CodeReadQuotaExceed, sls.CodeShardReadQuota, sls.CodeServerBusy:
		return "SLS is throttling or busy; try again later, narrow the time range or lower the data source's concurrency"
	}
	if e.HTTPStatus >= 500 {
		return "SLS had a server error; try again later"
	}
	return ""
}

// describeSLSError turns a client error into a sentence a Grafana user can
// act on, keeping the vendor's code and message, plus the HTTP-like status.
func describeSLSError(err error, logstore string) (string, backend.Status) {
	if e, ok := sls.AsError(err); ok {
		msg := e.Error()
		if hint := slsHint(e, logstore); hint != "" {
			msg = "SLS " + e.Code + ": " + e.Message + " — " + hint
			if e.RequestID != "" {
				msg += " (request id " + e.RequestID + ")"
			}
		}
		return msg, backend.Status(e.HTTPStatus)
	}
	if errors.Is(err, sls.ErrInvalidRequest) {
		return err.Error(), backend.StatusBadRequest
	}
	var ne *sls.NetworkError
	if errors.As(err, &ne) && !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
		return err.Error() + " — check the endpoint in the data source settings and that Grafana can reach it (proxy, firewall)", backend.StatusBadGateway
	}
	var te *sls.TruncatedError
	if errors.As(err, &te) {
		return err.Error() + " — the answer was cut off several times; try again", backend.StatusBadGateway
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "SLS did not answer in time: " + err.Error(), backend.StatusTimeout
	}
	return err.Error(), backend.StatusBadGateway
}

// slsErrorResponse is the DataResponse of a failed SLS call: downstream
// (the vendor's or the user's side, not a plugin bug).
func slsErrorResponse(err error, logstore string) backend.DataResponse {
	msg, status := describeSLSError(err, logstore)
	if status < http.StatusBadRequest {
		status = backend.StatusBadGateway
	}
	return backend.DataResponse{
		Error:       backend.DownstreamError(&userError{msg: msg, err: err}),
		ErrorSource: backend.ErrorSourceDownstream,
		Status:      status,
	}
}
