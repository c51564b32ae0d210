package plugin

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"

	"github.com/logbridge/cloudlogs/pkg/sls"
)

func TestDescribeSLSErrorGivesActionableSentences(t *testing.T) {
	cases := []struct {
		code   string
		status int
		want   string
	}{
		{"LogStoreNotExist", 404, "SLS LogStoreNotExist: logstore x does not exist. — logstore x does not exist — pick an existing logstore in the query editor (request id r1)"},
		{"ProjectNotExist", 404, "check the project and the region endpoint"},
		{"SignatureNotMatch", 401, "check the AccessKey ID and secret"},
		{"Unauthorized", 401, "check the AccessKey ID and secret"},
		{"InvalidQueryString", 400, "fix the query syntax"},
		{"IndexConfigNotExist", 400, "enable the index of logstore x in the SLS console"},
		{"InvalidTimeRange", 400, "check the dashboard time range"},
		{"RequestTimeExpired", 400, "clock is more than 15 minutes off"},
		{"ReadQuotaExceed", 403, "SLS is throttling or busy"},
		{"ServerBusy", 503, "SLS is throttling or busy"},
		{"InternalServerError", 500, "SLS had a server error"},
		{"SomethingNew", 400, "SLS SomethingNew: logstore x does not exist. (request id r1)"},
	}
	for _, c := range cases {
		err := fmt.Errorf("page at offset 0: %w", &sls.Error{HTTPStatus: c.status, Code: c.code, Message: "logstore x does not exist.", RequestID: "r1"})
		msg, status := describeSLSError(err, "x")
		assert.Contains(t, msg, c.want, c.code)
		assert.Contains(t, msg, "SLS "+c.code+":", "the vendor code is kept")
		assert.Equal(t, backend.Status(c.status), status, c.code)
	}
}

func TestSLSErrorResponseIsDownstreamAndKeepsTheChain(t *testing.T) {
	cause := &sls.Error{HTTPStatus: 404, Code: "LogStoreNotExist", Message: "gone"}
	r := slsErrorResponse(cause, "x")
	assert.True(t, backend.IsDownstreamError(r.Error))
	assert.Equal(t, backend.ErrorSourceDownstream, r.ErrorSource)
	got, ok := sls.AsError(r.Error)
	assert.True(t, ok)
	assert.Equal(t, cause, got)

	r = slsErrorResponse(fmt.Errorf("x: %w", context.DeadlineExceeded), "x")
	assert.True(t, errors.Is(r.Error, context.DeadlineExceeded), "runOne recognises the timeout")
	assert.Equal(t, backend.StatusTimeout, r.Status)
}

func TestInvalidRequestIsABadRequest(t *testing.T) {
	msg, status := describeSLSError(fmt.Errorf("%w: \"A\" is not a valid SLS logstore name", sls.ErrInvalidRequest), "A")
	assert.Equal(t, backend.StatusBadRequest, status)
	assert.Contains(t, msg, "is not a valid SLS logstore name")
}
