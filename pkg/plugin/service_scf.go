package plugin

import (
	"context"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/logbridge/cloudlogs/pkg/models"
)

// scfService answers the SCF query types. Placeholder until the SCF client lands.
type scfService struct {
	settings models.Settings
	client   *http.Client
}

func newSCFService(s models.Settings, client *http.Client) (service, error) {
	return &scfService{settings: s, client: client}, nil
}

func (s *scfService) queryHandlers() map[string]queryFunc {
	h := map[string]queryFunc{}
	for _, qt := range models.SCFQueryTypes {
		h[qt] = notImplemented
	}
	return h
}

func (s *scfService) inferQueryType(q backend.DataQuery) string { return models.QueryTypeSCFLogs }

func (s *scfService) registerResources(mux *http.ServeMux) {}

func (s *scfService) checkHealth(ctx context.Context) *backend.CheckHealthResult {
	return &backend.CheckHealthResult{Status: backend.HealthStatusUnknown, Message: "SCF settings are valid; the connection test is not implemented yet"}
}

func (s *scfService) dispose() {}
