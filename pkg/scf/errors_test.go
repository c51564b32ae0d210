package scf

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Found by the end-to-end fault test (pkg/e2e, busy faults): API 3.0 sends
// InternalError with HTTP 200, and the query failed as 400, as if the user's
// request were wrong; SCF's own failure is a 502, like its 5xx answers.
func TestInternalErrorIsSCFsFailureNotTheRequests(t *testing.T) {
	for _, e := range []*APIError{
		{Code: "InternalError", HTTPStatus: http.StatusOK},
		{Code: "InternalError.SystemError", HTTPStatus: http.StatusOK},
		{Code: "InternalError", LegacyCode: 6000},
		{Code: "HTTP503", HTTPStatus: http.StatusServiceUnavailable},
	} {
		assert.Equal(t, http.StatusBadGateway, e.Status(), "%+v", e)
		assert.True(t, e.Retryable(), "%+v", e)
	}
	assert.Equal(t, http.StatusBadRequest, (&APIError{Code: "InvalidParameterValue.RetCode", HTTPStatus: http.StatusOK}).Status())
	assert.Equal(t, http.StatusTooManyRequests, (&APIError{Code: "RequestLimitExceeded", HTTPStatus: http.StatusOK}).Status())
}
