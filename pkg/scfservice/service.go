package plugin

import (
	"encoding/json"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/logbridge/cloudlogs/pkg/models"
	"github.com/logbridge/cloudlogs/pkg/scf"
)

// scfService answers the SCF query types, the editor's look-ups and the
// health check of one data source instance.
type scfService struct {
	settings models.Settings
	client   *scf.Client
}

func newSCFService(s models.Settings, hc *http.Client) (service, error) {
	return &scfService{settings: s, client: newSCFClient(s, hc)}, nil
}

// newSCFClient builds the instance's client. Its rate limiter paces this
// process only (settings.requestsPerSecond): with N Grafana replicas the
// account sees up to N times the rate, so divide the account's limit by N.
func newSCFClient(s models.Settings, hc *http.Client) *scf.Client {
	return scf.New(scf.Config{
		HTTPClient:        hc,
		Endpoint:          s.Endpoint,
		APIVersion:        s.SCF.APIVersion,
		Region:            s.SCF.Region,
		SecretID:          s.SCF.SecretID,
		SecretKey:         s.SCF.SecretKey,
		SessionToken:      s.SCF.SessionToken,
		Location:          s.SCF.Location,
		RequestsPerSecond: s.SCF.RequestsPerSecond,
		Concurrency:       s.Concurrency,
	})
}

func (s *scfService) queryHandlers() map[string]queryFunc {
	return map[string]queryFunc{
		models.QueryTypeSCFLogs:        s.withQuery(s.queryLogs),
		models.QueryTypeSCFInvocations: s.withQuery(s.queryInvocations),
		models.QueryTypeSCFMetrics:     s.withQuery(s.queryMetrics),
	}
}

// inferQueryType reads queryType from the JSON (some callers only put it
// there); a query without one is a log query, which is what Explore and
// the seed's API are about.
func (s *scfService) inferQueryType(q backend.DataQuery) string {
	var m struct {
		QueryType string `json:"queryType"`
	}
	if json.Unmarshal(q.JSON, &m) == nil && m.QueryType != "" {
		return m.QueryType
	}
	return models.QueryTypeSCFLogs
}

func (s *scfService) registerResources(mux *http.ServeMux) {
	mux.HandleFunc("GET /functions", s.handleFunctions)
	mux.HandleFunc("GET /namespaces", s.handleNamespaces)
}

func (s *scfService) dispose() {}
