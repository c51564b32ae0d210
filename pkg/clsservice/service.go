// Package clsservice is the Grafana side of Tencent Cloud Log Service (CLS):
// the query model and its defaults (query.go), one handler per query type
// (handlers.go, logvolume.go), CLS's logs frame (logsframe.go), the editor's
// look-ups and the health check. I/O goes through the client in pkg/cls; the
// query text is read by pkg/querytext; shared frame shapes come from
// pkg/frames.
package clsservice

import (
	"encoding/json"
	"net/http"

	"github.com/logbridge/cloudlogs/pkg/cls"
	"github.com/logbridge/cloudlogs/pkg/derived"
	"github.com/logbridge/cloudlogs/pkg/service"
	"github.com/logbridge/cloudlogs/pkg/settings"
	"github.com/logbridge/cloudlogs/pkg/sts"
)

// Service answers the CLS query types, the editor's look-ups and the health
// check of one data source instance.
type Service struct {
	settings settings.Settings
	client   *cls.Client
}

// router is the one dispatch table of CLS: every query type and variant,
// and the editor's look-ups.
var router = service.NewRouter(inferQueryType, parse).
	Handle(QueryTypeLogs, "", (*Service).queryLogs).
	Handle(QueryTypeSQL, "", (*Service).querySQL).
	Handle(QueryTypeHistogram, "", (*Service).queryHistogram).
	Handle(QueryTypeHistogram, variantLogVolume, (*Service).queryLogVolume).
	Handle(QueryTypeContext, "", (*Service).queryContext).
	Resource("logsets", (*Service).handleLogsets).
	Resource("topics", (*Service).handleTopics).
	Resource("fields", (*Service).handleFields).
	Resource("values", (*Service).handleValues)

// variantLogVolume is clsHistogram with logVolume: Explore's log volume.
const variantLogVolume = "logVolume"

// Registration is how the plugin knows CLS (jsonData.service "cls").
var Registration = router.Registration(settings.ServiceCLS, "Tencent CLS", New).
	// A derived field's link into this data source: a logs query of the
	// same topics in the same syntax, its text as the search.
	WithSelfLink(derived.SelfQuery{QueryType: "clsLogs", Keep: []string{"syntax", "topicId", "topicIds"}, TextKey: "query"})

// New builds the service of one instance from validated settings.
func New(s settings.Settings, hc *http.Client) (*Service, error) {
	creds := sts.ForTencent(s.CLS.Region, s.CLS.SecretID, s.CLS.SecretKey, s.CLS.SessionToken, s.CLS.Role, hc, sts.Scrubbed(s.OnTemporarySecret))
	return &Service{settings: s, client: cls.New(s.CLS.ClientConfig(hc, creds))}, nil
}

// Close releases the client's share of the key's per-topic slots (Dispose).
func (s *Service) Close() { s.client.Close() }

// parse reads and validates the query JSON (applying every default).
func parse(s *Service, raw json.RawMessage, queryType string) (Query, string, error) {
	m, err := ParseQuery(raw, queryType, s.settings.MaxRows)
	if err != nil || m.QueryType != QueryTypeHistogram || !m.LogVolume {
		return m, "", err
	}
	return m, variantLogVolume, nil
}
