// Package slsservice is the Grafana side of Alibaba Cloud Log Service: the
// query model and its defaults (query.go), the query text split once into
// search and SQL (querytext.go, sqltext.go), the time macros, one handler per
// query type (handlers.go, logvolume.go), the frames only SLS makes, the
// editor's look-ups and the health check. I/O goes through the client in
// pkg/sls; shared frame shapes come from pkg/frames.
package slsservice

import (
	"context"
	"fmt"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/logbridge/cloudlogs/pkg/service"
	"github.com/logbridge/cloudlogs/pkg/settings"
	"github.com/logbridge/cloudlogs/pkg/sls"
)

// Service answers the SLS query types, the editor's look-ups and the health
// check of one data source instance.
type Service struct {
	settings settings.Settings
	client   *sls.Client
}

// router is the one dispatch table of SLS: every query type and variant.
var router = service.NewRouter(parse).
	Handle(QueryTypeLogs, "", (*Service).queryLogs).
	Handle(QueryTypeLogs, variantAnalytics, (*Service).querySQLAsLogs).
	Handle(QueryTypeSQL, "", (*Service).querySQL).
	Handle(QueryTypeProjectSQL, "", (*Service).queryProjectSQL).
	Handle(QueryTypeHistogram, "", (*Service).queryHistogram).
	Handle(QueryTypeHistogram, variantLogVolume, (*Service).queryLogVolume).
	Handle(QueryTypeContext, "", (*Service).queryContext)

// Registration is how the plugin knows SLS (jsonData.service "sls").
var Registration = service.Registration{
	Name:       settings.ServiceSLS,
	Title:      "Alibaba SLS",
	QueryTypes: router.QueryTypes(),
	New:        New,
}

// New builds the service of one instance from validated settings.
func New(s settings.Settings, hc *http.Client) (service.Service, error) {
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
	return &Service{settings: s, client: client}, nil
}

// parse reads and validates the query JSON (applying every default) and
// picks its route; a bad query gets an error that says what to fix.
func parse(s *Service, q backend.DataQuery) (Query, service.Route, error) {
	queryType := q.QueryType
	if queryType == "" {
		queryType = inferQueryType(q.JSON)
	}
	m, err := ParseQuery(q.JSON, queryType, s.settings.MaxRows)
	if err != nil {
		return Query{}, service.Route{}, err
	}
	route := service.Route{QueryType: m.QueryType}
	switch {
	case m.QueryType == QueryTypeLogs && m.Text.HasAnalytics():
		route.Variant = variantAnalytics
	case m.QueryType == QueryTypeHistogram && m.LogVolume:
		route.Variant = variantLogVolume
	}
	return m, route, nil
}

// Query answers one SLS query.
func (s *Service) Query(ctx context.Context, q backend.DataQuery) backend.DataResponse {
	return router.Query(ctx, s, q)
}

// RegisterResources adds the editor's look-ups.
func (s *Service) RegisterResources(mux *http.ServeMux) {
	mux.HandleFunc("GET /logstores", s.handleLogstores)
	mux.HandleFunc("GET /fields", s.handleFields)
	mux.HandleFunc("GET /values", s.handleValues)
}

// Dispose has nothing to release: the HTTP client belongs to the SDK.
func (s *Service) Dispose() {}
