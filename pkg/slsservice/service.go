// Package slsservice is the Grafana side of Alibaba Cloud Log Service: the
// query model and its defaults (query.go), the query text split once into
// search and SQL (querytext.go, sqltext.go), the time macros, one handler per
// query type (handlers.go, logvolume.go), the frames only SLS makes, the
// editor's look-ups and the health check. I/O goes through the client in
// pkg/sls; shared frame shapes come from pkg/frames.
package slsservice

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/logbridge/cloudlogs/pkg/derived"
	"github.com/logbridge/cloudlogs/pkg/service"
	"github.com/logbridge/cloudlogs/pkg/settings"
	"github.com/logbridge/cloudlogs/pkg/sls"
	"github.com/logbridge/cloudlogs/pkg/sts"
)

// Service answers the SLS query types, the editor's look-ups and the health
// check of one data source instance.
type Service struct {
	settings settings.Settings
	client   *sls.Client
}

// router is the one dispatch table of SLS: every query type and variant,
// and the editor's look-ups.
var router = service.NewRouter(inferQueryType, parse).
	Handle(QueryTypeLogs, "", (*Service).queryLogs).
	Handle(QueryTypeLogs, variantAnalytics, (*Service).querySQLAsLogs).
	Handle(QueryTypeSQL, "", (*Service).querySQL).
	Handle(QueryTypeProjectSQL, "", (*Service).queryProjectSQL).
	Handle(QueryTypeHistogram, "", (*Service).queryHistogram).
	Handle(QueryTypeHistogram, variantLogVolume, (*Service).queryLogVolume).
	Handle(QueryTypeContext, "", (*Service).queryContext).
	Resource("logstores", (*Service).handleLogstores).
	Resource("fields", (*Service).handleFields).
	Resource("values", (*Service).handleValues)

// Registration is how the plugin knows SLS (jsonData.service "sls").
var Registration = router.Registration(settings.ServiceSLS, "Alibaba SLS", New).
	// A derived field's link into this data source: a logs query of the
	// same logstore, its text as the search.
	WithSelfLink(derived.SelfQuery{QueryType: "slsLogs", Keep: []string{"logstore"}, TextKey: "query"})

// New builds the service of one instance from validated settings.
func New(s settings.Settings, hc *http.Client) (*Service, error) {
	client, err := sls.New(sls.Config{
		Endpoint:        s.Endpoint,
		Project:         s.SLS.Project,
		AccessKeyID:     s.SLS.AccessKeyID,
		AccessKeySecret: s.SLS.AccessKeySecret,
		SecurityToken:   s.SLS.SecurityToken,
		Credentials:     sts.ForSLS(s.SLS, hc, sts.Scrubbed(s.OnTemporarySecret)),
		HTTPClient:      hc,
		// GetLogsV2 moves lz4-compressed pages; the client falls back to
		// GetLogs on its own where the endpoint does not know it.
		GetLogsV2: true,
		// The instance's concurrency, shared with every instance on the same
		// key, endpoint and project: SLS's 100 statements are per project.
		ProjectConcurrency: s.Concurrency,
	})
	if err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	return &Service{settings: s, client: client}, nil
}

// Close releases the client's share of the project's limits (Dispose).
func (s *Service) Close() { s.client.Close() }

// parse reads and validates the query JSON (applying every default); a bad
// query gets an error that says what to fix.
func parse(s *Service, raw json.RawMessage, queryType string) (Query, string, error) {
	m, err := ParseQuery(raw, queryType, s.settings.MaxRows)
	switch {
	case err != nil:
		return Query{}, "", err
	case m.QueryType == QueryTypeLogs && m.Text.HasAnalytics():
		return m, variantAnalytics, nil
	case m.QueryType == QueryTypeHistogram && m.LogVolume:
		return m, variantLogVolume, nil
	}
	return m, "", nil
}
