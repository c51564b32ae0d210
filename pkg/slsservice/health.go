package slsservice

import (
	"context"
	"errors"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/logbridge/cloudlogs/pkg/sls"
)

// CheckHealth lists one logstore of the project: it proves the endpoint is
// reachable, the keys are right and the project exists, and says which of
// the three failed.
func (s *Service) CheckHealth(ctx context.Context) *backend.CheckHealthResult {
	page, err := s.client.ListLogStores(ctx, 0, 1)
	if err != nil {
		return &backend.CheckHealthResult{Status: backend.HealthStatusError, Message: s.healthError(err)}
	}
	noun := "logstores"
	if page.Total == 1 {
		noun = "logstore"
	}
	return &backend.CheckHealthResult{
		Status:  backend.HealthStatusOk,
		Message: fmt.Sprintf("Connected to SLS project %s (%d %s)", s.settings.SLS.Project, page.Total, noun),
	}
}

func (s *Service) healthError(err error) string {
	endpoint := s.settings.Endpoint.String()
	project := s.settings.SLS.Project
	var ne *sls.NetworkError
	if e, ok := sls.AsError(err); ok {
		switch e.Code {
		case sls.CodeSignatureNotMatch, sls.CodeUnauthorized:
			return fmt.Sprintf("SLS rejected the access key (%s: %s). Check the AccessKey ID and secret (and the STS token, if any).", e.Code, e.Message)
		case sls.CodeProjectNotExist:
			return fmt.Sprintf("SLS project %s does not exist at %s (%s: %s). Check the project name and that the endpoint is the project's region.", project, endpoint, e.Code, e.Message)
		}
		return "SLS health check failed: " + e.Error()
	}
	if errors.As(err, &ne) {
		return fmt.Sprintf("Cannot reach the SLS endpoint %s: %v. Check the endpoint and that Grafana can reach it (network, proxy, firewall).", endpoint, ne.Err)
	}
	return "SLS health check failed: " + err.Error()
}
