package plugin

import (
	"context"
	"net/http"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/logbridge/cloudlogs/pkg/models"
)

// slsService answers the SLS query types. Placeholder until the SLS client lands.
type slsService struct {
	settings models.Settings
	client   *http.Client
}

func newSLSService(s models.Settings, client *http.Client) (service, error) {
	return &slsService{settings: s, client: client}, nil
}

func (s *slsService) queryHandlers() map[string]queryFunc {
	h := map[string]queryFunc{}
	for _, qt := range models.SLSQueryTypes {
		h[qt] = notImplemented
	}
	return h
}

func (s *slsService) inferQueryType(q backend.DataQuery) string {
	if strings.Contains(string(q.JSON), "|") {
		return models.QueryTypeSLSSQL
	}
	return models.QueryTypeSLSLogs
}

func (s *slsService) registerResources(mux *http.ServeMux) {}

func (s *slsService) checkHealth(ctx context.Context) *backend.CheckHealthResult {
	return &backend.CheckHealthResult{Status: backend.HealthStatusUnknown, Message: "SLS settings are valid; the connection test is not implemented yet"}
}

func (s *slsService) dispose() {}

func notImplemented(ctx context.Context, pCtx backend.PluginContext, q backend.DataQuery) backend.DataResponse {
	return backend.ErrDataResponseWithSource(backend.StatusNotImplemented, backend.ErrorSourcePlugin, "query type "+q.QueryType+" is not implemented yet")
}
