// Package plugin is the Grafana-facing glue: one Datasource per configured
// data source instance, routing queries by type to the service (SLS or SCF)
// the instance talks to, plus health checks and editor look-ups.
package plugin

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"
	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
	"github.com/grafana/grafana-plugin-sdk-go/backend/resource/httpadapter"

	"github.com/logbridge/cloudlogs/pkg/models"
)

// PluginID is the id in plugin.json; provisioning files depend on it.
const PluginID = "logbridge-cloudlogs-datasource"

// service is what one cloud service contributes to a data source instance.
// Each query handler answers every query it is given, one DataResponse each.
type service interface {
	queryHandlers() map[string]queryFunc
	// inferQueryType picks the query type of a query that has none.
	inferQueryType(q backend.DataQuery) string
	registerResources(mux *http.ServeMux)
	checkHealth(ctx context.Context) *backend.CheckHealthResult
	dispose()
}

// Datasource is one configured data source instance.
type Datasource struct {
	settings models.Settings
	// settingsErr is kept rather than failing instance creation so the health
	// check and every query can show the user what to fix.
	settingsErr error
	service     service
	queries     *datasource.QueryTypeMux
	resources   backend.CallResourceHandler
	scrub       *scrubber
}

var (
	_ backend.QueryDataHandler      = (*Datasource)(nil)
	_ backend.CheckHealthHandler    = (*Datasource)(nil)
	_ backend.CallResourceHandler   = (*Datasource)(nil)
	_ instancemgmt.InstanceDisposer = (*Datasource)(nil)
)

// NewDatasource is the instance factory Grafana calls per data source.
func NewDatasource(ctx context.Context, is backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	settings, err := models.LoadSettings(is)
	ds := &Datasource{settings: settings, settingsErr: err, scrub: newScrubber(secretValues(is))}
	if err == nil {
		ds.service, err = newService(ctx, settings, is)
		if err != nil {
			ds.settingsErr = err
		}
	}
	ds.queries = ds.buildQueryMux()
	resources := http.NewServeMux()
	if ds.service != nil {
		ds.service.registerResources(resources)
	}
	ds.resources = httpadapter.New(ds.scrubResources(resources))
	return ds, nil
}

func newService(ctx context.Context, s models.Settings, is backend.DataSourceInstanceSettings) (service, error) {
	opts, err := is.HTTPClientOptions(ctx)
	if err != nil {
		return nil, fmt.Errorf("settings: HTTP client options: %w", err)
	}
	opts.Timeouts.Timeout = s.Timeout()
	client, err := httpclient.New(opts)
	if err != nil {
		return nil, fmt.Errorf("settings: HTTP client: %w", err)
	}
	switch s.Service {
	case models.ServiceSLS:
		return newSLSService(s, client)
	case models.ServiceSCF:
		return newSCFService(s, client)
	}
	return nil, fmt.Errorf("settings: unknown service %q", s.Service)
}

// Dispose releases the instance when its settings change or it is deleted.
func (d *Datasource) Dispose() {
	if d.service != nil {
		d.service.dispose()
	}
}

func (d *Datasource) buildQueryMux() *datasource.QueryTypeMux {
	mux := datasource.NewQueryTypeMux()
	if d.service != nil {
		for qt, fn := range d.service.queryHandlers() {
			mux.Handle(qt, d.runEach(fn))
		}
	}
	mux.HandleFunc("", d.fallback)
	return mux
}

// QueryData answers every query of the request; a bad query fails alone.
func (d *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	if d.settingsErr != nil {
		resp := backend.NewQueryDataResponse()
		for _, q := range req.Queries {
			resp.Responses[q.RefID] = backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream,
				d.scrub.text("data source settings are invalid: "+d.settingsErr.Error()))
		}
		return resp, nil
	}
	return d.queries.QueryData(ctx, req)
}

// fallback receives queries with no query type (inferred here) and with a
// query type this service does not know (answered with an error each).
func (d *Datasource) fallback(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	resp := backend.NewQueryDataResponse()
	handlers := d.service.queryHandlers()
	byType := map[string][]backend.DataQuery{}
	for _, q := range req.Queries {
		if q.QueryType == "" {
			q.QueryType = d.service.inferQueryType(q)
		}
		if _, ok := handlers[q.QueryType]; !ok {
			resp.Responses[q.RefID] = backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, unknownQueryTypeMessage(d.settings.Service, q.QueryType))
			continue
		}
		byType[q.QueryType] = append(byType[q.QueryType], q)
	}
	// One call per inferred type, so these queries run in parallel too.
	for qt, queries := range byType {
		group := *req
		group.Queries = queries
		r, err := d.runEach(handlers[qt]).QueryData(ctx, &group)
		if err != nil {
			return nil, err
		}
		for refID, dr := range r.Responses {
			resp.Responses[refID] = dr
		}
	}
	return resp, nil
}

func unknownQueryTypeMessage(service, queryType string) string {
	own, other, otherName := models.SCFQueryTypes, models.SLSQueryTypes, "an Alibaba SLS"
	if service == models.ServiceSLS {
		own, other, otherName = models.SLSQueryTypes, models.SCFQueryTypes, "a Tencent SCF"
	}
	for _, t := range other {
		if t == queryType {
			return fmt.Sprintf("query type %q needs %s data source; this data source is configured for %s", queryType, otherName, strings.ToUpper(service))
		}
	}
	return fmt.Sprintf("unknown query type %q; this %s data source supports %s", queryType, strings.ToUpper(service), strings.Join(own, ", "))
}

// CheckHealth reports bad settings first, then asks the service.
func (d *Datasource) CheckHealth(ctx context.Context, req *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	if d.settingsErr != nil {
		return &backend.CheckHealthResult{Status: backend.HealthStatusError, Message: d.scrub.text(d.settingsErr.Error())}, nil
	}
	res := d.service.checkHealth(ctx)
	res.Message = d.scrub.text(res.Message)
	res.JSONDetails = []byte(d.scrub.text(string(res.JSONDetails)))
	return res, nil
}

// CallResource serves the editor's look-ups (functions, logstores, fields...).
func (d *Datasource) CallResource(ctx context.Context, req *backend.CallResourceRequest, sender backend.CallResourceResponseSender) error {
	if d.settingsErr != nil {
		return sender.Send(&backend.CallResourceResponse{
			Status:  http.StatusBadRequest,
			Headers: map[string][]string{"Content-Type": {"application/json"}},
			Body:    errorJSON(d.scrub.text("data source settings are invalid: " + d.settingsErr.Error())),
		})
	}
	return d.resources.CallResource(ctx, req, sender)
}
