package cls

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every SearchLog error code CLS.md §2.3 lists (from TC-GO cls/errors.go),
// and the related codes named there, with the status it maps to.
var searchLogCodes = map[string]int{
	"FailedOperation.InvalidContext":                 400,
	"FailedOperation.QueryError":                     400,
	"FailedOperation.SearchTimeout":                  504,
	"FailedOperation.SyntaxError":                    400,
	"FailedOperation.Timeout":                        504,
	"FailedOperation.TopicIsolated":                  403,
	"InternalError":                                  502,
	"InternalError.SearchError":                      502,
	"InternalError.SearchFailed":                     502,
	"InternalError.ServerBusy":                       502,
	"InvalidParameter":                               400,
	"MissingParameter":                               400,
	"LimitExceeded.LogSearch":                        429,
	"LimitExceeded.SearchResources":                  400,
	"LimitExceeded.SearchResultTooLarge":             400,
	"OperationDenied":                                403,
	"OperationDenied.AccountDestroy":                 403,
	"OperationDenied.AccountIsolate":                 403,
	"OperationDenied.AccountNotExists":               403,
	"OperationDenied.NewSyntaxNotSupported":          400,
	"OperationDenied.OperationNotSupportInSearchLow": 400,
	"ResourceNotFound.TopicNotExist":                 404,
	"OperationDenied.AnalysisSwitchClose":            400,
	"FailedOperation.TagQpsLimit":                    429,
}

// The common API 3.0 codes (VENDOR-APIS.md B.3) and the look-ups' own.
var commonCodes = map[string]int{
	"AuthFailure.InvalidSecretId":       401,
	"AuthFailure.MFAFailure":            401,
	"AuthFailure.SecretIdNotFound":      401,
	"AuthFailure.SignatureExpire":       401,
	"AuthFailure.SignatureFailure":      401,
	"AuthFailure.TokenFailure":          401,
	"AuthFailure.UnauthorizedOperation": 401,
	"UnauthorizedOperation":             401,
	"UnauthorizedOperation.CamNoAuth":   401,
	"RequestLimitExceeded":              429,
	"InvalidAction":                     400,
	"InvalidParameterValue":             400,
	"UnknownParameter":                  400,
	"NoSuchVersion":                     400,
	"UnsupportedRegion":                 400,
	"ResourceUnavailable":               400,
	"FailedOperation":                   400,
	"LimitExceeded":                     400,
	"ResourceNotFound.LogsetNotExist":   404,
	"OperationDenied.ACLFailed":         401,
	"InternalError.Whatever":            502,
}

func TestEveryCodeHasAHintAndAStatus(t *testing.T) {
	for _, table := range []map[string]int{searchLogCodes, commonCodes} {
		for code, status := range table {
			e := &APIError{Code: code, Message: "m", RequestID: "r-1", Action: "SearchLog", TopicID: "tp-1", Region: "ap-guangzhou", HTTPStatus: 200}
			assert.NotEmpty(t, e.Hint(), code)
			assert.NotContains(t, e.Hint(), "{", "placeholders filled: %s", code)
			assert.Equal(t, status, e.Status(), code)
			assert.Equal(t, "CLS "+code+": m — "+e.Hint()+" (RequestId r-1)", e.Error())
		}
	}
}

func TestHintsAreActionable(t *testing.T) {
	hint := func(code string) string {
		return (&APIError{Code: code, TopicID: "tp-1", Region: "ap-shanghai"}).Hint()
	}
	assert.Contains(t, hint("OperationDenied.NewSyntaxNotSupported"), "switch the query's syntax to Lucene")
	assert.Contains(t, hint("ResourceNotFound.TopicNotExist"), "topic tp-1 does not exist in region ap-shanghai")
	assert.Contains(t, hint("LimitExceeded.SearchResultTooLarge"), "lower the line limit")
	assert.Contains(t, hint("LimitExceeded.LogSearch"), "topic tp-1")
	assert.Contains(t, hint("AuthFailure.SignatureExpire"), "clock")
	assert.Contains(t, (&APIError{Code: "ResourceNotFound.TopicNotExist"}).Hint(), "the topic does not exist in the configured region")

	syntax := &APIError{Code: "FailedOperation.SyntaxError", Message: "syntax error at position 12 near 'AND'", RequestID: "r"}
	assert.Equal(t, "CLS FailedOperation.SyntaxError: syntax error at position 12 near 'AND' — fix the query syntax (CQL or Lucene as chosen) (RequestId r)", syntax.Error())
	assert.True(t, syntax.IsSyntaxError())

	unknown := &APIError{Code: "SomethingNew", Message: "new", RequestID: "r"}
	assert.Equal(t, "CLS SomethingNew: new (RequestId r)", unknown.Error())
	assert.Equal(t, http.StatusBadRequest, unknown.Status())

	proxy := &APIError{Code: "HTTP503", Message: "unexpected answer: <html>", HTTPStatus: 503}
	assert.Equal(t, http.StatusBadGateway, proxy.Status())
	assert.True(t, proxy.Retryable())
}

func TestRetryableCodes(t *testing.T) {
	for code := range searchLogCodes {
		e := &APIError{Code: code, HTTPStatus: 200}
		want := code == "LimitExceeded.LogSearch" || code == "FailedOperation.TagQpsLimit" || code[:min(len(code), 13)] == "InternalError"
		assert.Equal(t, want, e.Retryable(), code)
	}
	assert.True(t, (&APIError{Code: "RequestLimitExceeded"}).Retryable())
}

func TestClientSideErrors(t *testing.T) {
	err := invalid("no topic chosen")
	assert.True(t, errors.Is(err, ErrInvalidRequest))
	var se interface{ Status() int }
	require.ErrorAs(t, err, &se)
	assert.Equal(t, http.StatusBadRequest, se.Status())
	assert.Equal(t, "invalid CLS request: no topic chosen", err.Error())

	ne := &NetworkError{Endpoint: "https://cls.tencentcloudapi.com", Err: errors.New("connection refused")}
	assert.Equal(t, http.StatusBadGateway, ne.Status())
	assert.Contains(t, ne.Error(), "proxy, firewall")

	wrapped := fmt.Errorf("query A: %w", &APIError{Code: "InternalError"})
	api, ok := AsAPIError(wrapped)
	require.True(t, ok)
	assert.Equal(t, "InternalError", api.Code)
}
