// Package scfservice is the Grafana side of Tencent Cloud SCF function logs:
// the query model and its defaults (query.go), one handler per query type
// (handlers.go), the parsing of invocation logs into entries and severities
// (logparse.go), the frames only SCF makes (logs, invocations, metrics), the
// editor's look-ups and the health check. I/O goes through the client in
// pkg/scf; shared frame shapes come from pkg/frames.
package scfservice

import (
	"encoding/json"
	"net/http"

	"github.com/logbridge/cloudlogs/pkg/cls"
	"github.com/logbridge/cloudlogs/pkg/derived"
	"github.com/logbridge/cloudlogs/pkg/scf"
	"github.com/logbridge/cloudlogs/pkg/service"
	"github.com/logbridge/cloudlogs/pkg/settings"
	"github.com/logbridge/cloudlogs/pkg/sts"
)

// Service answers the SCF query types, the editor's look-ups and the
// health check of one data source instance.
type Service struct {
	settings settings.Settings
	client   *scf.Client
	// cls reads function logs from CLS; nil with logSource getFunctionLogs.
	cls    *cls.Client
	topics *topicCache
}

// variantLogVolume is any SCF query with logVolume: Explore's log volume.
const variantLogVolume = "logVolume"

// router is the one dispatch table of SCF: every query type and variant,
// and the editor's look-ups.
var router = service.NewRouter(inferQueryType, parse).
	Handle(QueryTypeLogs, "", (*Service).queryLogs).
	Handle(QueryTypeInvocations, "", (*Service).queryInvocations).
	Handle(QueryTypeMetrics, "", (*Service).queryMetrics).
	Handle(QueryTypeLogs, variantLogVolume, (*Service).queryLogVolume).
	Handle(QueryTypeInvocations, variantLogVolume, (*Service).queryLogVolume).
	Handle(QueryTypeMetrics, variantLogVolume, (*Service).queryLogVolume).
	Resource("functions", (*Service).handleFunctions).
	Resource("namespaces", (*Service).handleNamespaces)

// Registration is how the plugin knows SCF (jsonData.service "scf").
var Registration = router.Registration(settings.ServiceSCF, "Tencent SCF", New).
	// A derived field's link into this data source: a logs query of the
	// same function, its text as the request id.
	WithSelfLink(derived.SelfQuery{QueryType: "scfLogs", Keep: []string{"functionName", "namespace", "qualifier"}, TextKey: "requestId"})

// New builds the service of one instance from validated settings. Its
// pacing (settings.requestsPerSecond) is shared with every instance of the
// same SecretId and region in this process, but not across processes: with
// N Grafana replicas the account sees up to N times the rate, so divide the
// account's limit by N.
func New(s settings.Settings, hc *http.Client) (*Service, error) {
	// One provider for SCF and the CLS it reads: one cache, one STS call.
	creds := sts.ForTencent(s.SCF.Region, s.SCF.SecretID, s.SCF.SecretKey, s.SCF.SessionToken, s.SCF.Role, hc, sts.Scrubbed(s.OnTemporarySecret))
	svc := &Service{settings: s, topics: &topicCache{}, client: scf.New(scf.Config{
		HTTPClient:        hc,
		Endpoint:          s.Endpoint,
		APIVersion:        s.SCF.APIVersion,
		Region:            s.SCF.Region,
		SecretID:          s.SCF.SecretID,
		SecretKey:         s.SCF.SecretKey,
		SessionToken:      s.SCF.SessionToken,
		Credentials:       creds,
		Location:          s.SCF.Location,
		RequestsPerSecond: s.SCF.RequestsPerSecond,
		Concurrency:       s.Concurrency,
	})}
	if s.CLS.Endpoint != nil {
		svc.cls = cls.New(s.CLS.ClientConfig(hc, creds))
	}
	return svc, nil
}

// Close releases the clients' shares of the key's limits (Dispose).
func (s *Service) Close() {
	s.client.Close()
	if s.cls != nil {
		s.cls.Close()
	}
}

// parse reads the query JSON (applying every default); logVolume asks any
// query type for Explore's log volume.
func parse(s *Service, raw json.RawMessage, queryType string) (Query, string, error) {
	m, err := ParseQuery(raw, queryType, s.settings)
	if err != nil || !m.LogVolume {
		return m, "", err
	}
	return m, variantLogVolume, nil
}
