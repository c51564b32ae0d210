package scfservice

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/logbridge/cloudlogs/pkg/scf"
)

// CheckHealth lists one function of the namespace: it proves the endpoint
// answers, the keys sign, and the region and namespace exist. The legacy
// API lists functions of its only namespace; where it cannot, one
// GetFunctionLogs row does the same job.
func (s *Service) CheckHealth(ctx context.Context) *backend.CheckHealthResult {
	ns := s.settings.SCF.Namespace
	region := s.settings.SCF.Region
	page, err := s.client.ListFunctions(ctx, ns, 0, 1)
	if err != nil && s.client.APIVersion() == scf.APIv2 && scf.IsUnsupportedAction(err) {
		_, err = s.client.GetFunctionLogs(ctx, scf.LogsRequest{Namespace: ns, Limit: 1})
		if err == nil {
			return healthOK(fmt.Sprintf("Connected to SCF %s (legacy v2 API), namespace %s", region, ns))
		}
	}
	if err != nil {
		return &backend.CheckHealthResult{Status: backend.HealthStatusError, Message: scfHealthMessage(err, region, ns)}
	}
	api := ""
	if s.client.APIVersion() == scf.APIv2 {
		api = " (legacy v2 API)"
	}
	return healthOK(fmt.Sprintf("Connected to SCF %s%s, namespace %s (%d functions)", region, api, ns, page.Total))
}

func healthOK(msg string) *backend.CheckHealthResult {
	details, _ := json.Marshal(map[string]string{"message": msg})
	return &backend.CheckHealthResult{Status: backend.HealthStatusOk, Message: msg, JSONDetails: details}
}

// scfHealthMessage says which of the usual causes it is: unreachable
// endpoint, bad keys, wrong region or namespace.
func scfHealthMessage(err error, region, ns string) string {
	var api *scf.APIError
	switch {
	case scf.IsNetwork(err):
		return "SCF is unreachable: " + err.Error()
	case errors.As(err, &api) && api.IsAuth():
		return "SCF rejected the keys: " + err.Error()
	case errors.As(err, &api) && (api.Code == "ResourceNotFound.Namespace" || api.Code == "InvalidParameterValue.Namespace"):
		return fmt.Sprintf("SCF namespace %q does not exist in region %s: %v", ns, region, err)
	case errors.As(err, &api) && (api.Code == "UnsupportedRegion" || api.Code == "InvalidParameterValue.Region" || api.Code == "UnsupportedOperation.NotSupportRegion" ||
		(api.Code == "InvalidParameterValue" && containsFold(api.Message, "region"))):
		return fmt.Sprintf("SCF region %q is wrong: %v", region, err)
	}
	return "SCF health check failed: " + err.Error()
}
