package plugin

import (
	"context"
	"errors"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/logbridge/cloudlogs/pkg/scf"
)

// scfErrorResponse turns a client error into the query's error: vendor and
// network failures are downstream, keep SCF's code and message, and get a
// status that says what kind of failure it was.
func scfErrorResponse(q backend.DataQuery, err error) backend.DataResponse {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		// runOne words the timeout; keep the cause reachable for it.
		return backend.DataResponse{Error: backend.DownstreamError(err), ErrorSource: backend.ErrorSourceDownstream, Status: backend.StatusTimeout}
	}
	return backend.DataResponse{
		Error:       backend.DownstreamError(fmt.Errorf("query %s: %w", q.RefID, err)),
		ErrorSource: backend.ErrorSourceDownstream,
		Status:      scfStatus(err),
	}
}

func scfStatus(err error) backend.Status {
	var api *scf.APIError
	switch {
	case scf.IsNetwork(err):
		return backend.StatusBadGateway
	case errors.As(err, &api) && api.IsAuth():
		return backend.StatusUnauthorized
	case errors.As(err, &api) && api.Code == "RequestLimitExceeded":
		return backend.StatusTooManyRequests
	case errors.As(err, &api) && api.HTTPStatus >= 500:
		return backend.StatusBadGateway
	}
	return backend.StatusBadRequest
}
