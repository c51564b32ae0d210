package plugin

import (
	"context"
	"fmt"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/logbridge/cloudlogs/pkg/models"
	"github.com/logbridge/cloudlogs/pkg/sls"
)

// slsService answers the SLS query types, the editor's look-ups and the
// health check of one data source instance.
type slsService struct {
	settings models.Settings
	client   *sls.Client
}

func newSLSService(s models.Settings, hc *http.Client) (service, error) {
	client, err := sls.New(sls.Config{
		Endpoint:        s.Endpoint,
		Project:         s.SLS.Project,
		AccessKeyID:     s.SLS.AccessKeyID,
		AccessKeySecret: s.SLS.AccessKeySecret,
		SecurityToken:   s.SLS.SecurityToken,
		HTTPClient:      hc,
	})
	if err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	return &slsService{settings: s, client: client}, nil
}

func (s *slsService) queryHandlers() map[string]queryFunc {
	return map[string]queryFunc{
		models.QueryTypeSLSLogs:       s.withQuery(s.queryLogs),
		models.QueryTypeSLSSQL:        s.withQuery(s.querySQL),
		models.QueryTypeSLSProjectSQL: s.withQuery(s.queryProjectSQL),
		models.QueryTypeSLSHistogram:  s.withQuery(s.queryHistogram),
		models.QueryTypeSLSContext:    s.withQuery(s.queryContext),
	}
}

// slsQueryFunc answers one parsed, validated SLS query.
type slsQueryFunc func(ctx context.Context, q backend.DataQuery, m models.SLSQuery) backend.DataResponse

// withQuery parses and validates the query JSON (applying every default)
// before the handler runs; a bad query gets an error that says what to fix.
func (s *slsService) withQuery(fn slsQueryFunc) queryFunc {
	return func(ctx context.Context, _ backend.PluginContext, q backend.DataQuery) backend.DataResponse {
		m, err := models.ParseSLSQuery(q.JSON, q.QueryType, s.settings.MaxRows)
		if err != nil {
			return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, "query "+q.RefID+": "+err.Error())
		}
		r := fn(ctx, q, m)
		if r.Error != nil {
			// Say which query failed: panels and alert rules hold several.
			r.Error = fmt.Errorf("query %s: %w", q.RefID, r.Error)
		}
		for _, f := range r.Frames {
			f.RefID = q.RefID
		}
		return r
	}
}

// inferQueryType reads the query's `query`: an analytic part after a "|"
// outside quotes makes it slsSql, anything else is a log search.
func (s *slsService) inferQueryType(q backend.DataQuery) string {
	return models.InferSLSQueryType(q.JSON)
}

func (s *slsService) registerResources(mux *http.ServeMux) {
	mux.HandleFunc("GET /logstores", s.handleLogstores)
	mux.HandleFunc("GET /fields", s.handleFields)
	mux.HandleFunc("GET /values", s.handleValues)
}

func (s *slsService) dispose() {}
