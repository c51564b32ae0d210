package clsservice

import (
	"context"
	"errors"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/logbridge/cloudlogs/pkg/cls"
)

// CheckHealth lists the logsets with the keys: it proves the endpoint
// answers, the keys sign and the region exists, and says which failed.
func (s *Service) CheckHealth(ctx context.Context) *backend.CheckHealthResult {
	logsets, err := s.client.Logsets(ctx)
	if err != nil {
		return &backend.CheckHealthResult{Status: backend.HealthStatusError, Message: HealthMessage(err, s.settings.CLS.Region, s.settings.CLS.Endpoint.String())}
	}
	return &backend.CheckHealthResult{Status: backend.HealthStatusOk,
		Message: fmt.Sprintf("Connected to CLS %s (%d logsets)", s.settings.CLS.Region, len(logsets))}
}

// HealthMessage says which of the usual causes a failed CLS call has:
// unreachable endpoint, bad keys, wrong region.
func HealthMessage(err error, region, endpoint string) string {
	var api *cls.APIError
	var ne *cls.NetworkError
	switch {
	case errors.As(err, &ne):
		return fmt.Sprintf("CLS is unreachable at %s: %v", endpoint, err)
	case errors.As(err, &api) && api.Status() == 401:
		return "CLS rejected the keys: " + err.Error()
	case errors.As(err, &api) && (api.Code == "UnsupportedRegion" || api.Code == "InvalidParameterValue.Region" || api.Code == "UnsupportedOperation.NotSupportRegion"):
		return fmt.Sprintf("CLS region %q is wrong: %v", region, err)
	}
	return "CLS health check failed: " + err.Error()
}
