package sls

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestErrorsGiveActionableSentences(t *testing.T) {
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
		e := &Error{HTTPStatus: c.status, Code: c.code, Message: "logstore x does not exist.", RequestID: "r1", Logstore: "x"}
		err := fmt.Errorf("page at offset 0: %w", e)
		assert.Contains(t, err.Error(), c.want, c.code)
		assert.Contains(t, err.Error(), "SLS "+c.code+":", "the vendor code is kept")
		want := c.status
		if c.code == CodeReadQuotaExceed {
			want = http.StatusTooManyRequests // sent as 403, but throttling
		}
		assert.Equal(t, want, e.Status(), c.code)
	}
}

// Found by the end-to-end fault test (pkg/e2e, throttle faults): SLS sends
// its read quota errors as 403, and the query failed as 403 Forbidden, as if
// the key were refused; it is throttling, 429.
func TestReadQuotaErrorsAreThrottlingNotForbidden(t *testing.T) {
	for _, code := range []string{CodeReadQuotaExceed, CodeShardReadQuota} {
		e := &Error{HTTPStatus: http.StatusForbidden, Code: code, Message: "read quota is exceeded"}
		assert.Equal(t, http.StatusTooManyRequests, e.Status(), code)
		assert.True(t, e.retryable(), code)
	}
	assert.Equal(t, http.StatusForbidden, (&Error{HTTPStatus: http.StatusForbidden, Code: "Unauthorized"}).Status())
}

func TestClientSideErrorsHaveStatuses(t *testing.T) {
	var se interface{ Status() int }
	err := fmt.Errorf("%w: \"A\" is not a valid SLS logstore name", ErrInvalidRequest)
	assert.True(t, errors.Is(err, ErrInvalidRequest))
	assert.True(t, errors.As(err, &se))
	assert.Equal(t, http.StatusBadRequest, se.Status())
	assert.Contains(t, err.Error(), "is not a valid SLS logstore name")

	ne := &NetworkError{Host: "h", Err: errors.New("refused")}
	assert.Equal(t, http.StatusBadGateway, ne.Status())
	assert.Contains(t, ne.Error(), "check the endpoint in the data source settings")
	te := &TruncatedError{Err: errors.New("eof")}
	assert.Equal(t, http.StatusBadGateway, te.Status())
}

func TestLogstoreOfPath(t *testing.T) {
	assert.Equal(t, "app-log", logstoreOf("/logstores/app-log"))
	assert.Equal(t, "app-log", logstoreOf("/logstores/app-log/index"))
	assert.Equal(t, "", logstoreOf("/logs"))
}
