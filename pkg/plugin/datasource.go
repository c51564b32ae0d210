// Package plugin is what every service shares on the Grafana side: the data
// source instance Grafana creates per configured data source, its settings
// errors, the routing of each query to the instance's service (registry.go),
// the rules every query runs under (run.go: in parallel, a timeout, panics
// caught, the RefID and error source added, secrets scrubbed) and the
// scrubbing itself. What a service does lives in its own package.
package plugin

import (
	"context"
	"fmt"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
	"github.com/grafana/grafana-plugin-sdk-go/backend/resource/httpadapter"

	"github.com/logbridge/cloudlogs/pkg/derived"
	"github.com/logbridge/cloudlogs/pkg/redirect"
	"github.com/logbridge/cloudlogs/pkg/service"
	"github.com/logbridge/cloudlogs/pkg/settings"
)

// PluginID is the id in plugin.json; provisioning files depend on it.
const PluginID = "logbridge-cloudlogs-datasource"

// Datasource is one configured data source instance.
type Datasource struct {
	settings settings.Settings
	// settingsErr is kept rather than failing instance creation so the health
	// check and every query can show the user what to fix.
	settingsErr  error
	registration service.Registration
	service      service.Service
	resources    backend.CallResourceHandler
	scrub        *scrubber
	// budget bounds the instance's vendor requests in flight (budget.go).
	budget *budget
	// derived are the derived fields added to every logs frame.
	derived *derived.Set
}

var (
	_ backend.QueryDataHandler      = (*Datasource)(nil)
	_ backend.CheckHealthHandler    = (*Datasource)(nil)
	_ backend.CallResourceHandler   = (*Datasource)(nil)
	_ instancemgmt.InstanceDisposer = (*Datasource)(nil)
)

// NewDatasource is the instance factory Grafana calls per data source.
func NewDatasource(ctx context.Context, is backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	s, err := settings.LoadSettings(is)
	ds := &Datasource{settings: s, settingsErr: err, scrub: newChildScrubber(logSecrets, secretValues(is))}
	if err == nil {
		// An assumed role's temporary keys are secrets too.
		s.OnTemporarySecret = ds.scrub.add
		ds.budget = newBudget(s.Concurrency)
		ds.registration, ds.service, ds.settingsErr = newService(ctx, s, is, ds.budget)
		ds.derived = derived.New(s.DerivedFields, is.UID, is.Name, ds.registration.SelfLink)
	}
	resources := http.NewServeMux()
	if ds.service != nil {
		ds.service.RegisterResources(resources)
	}
	ds.resources = httpadapter.New(ds.scrubResources(resources))
	return ds, nil
}

// newService builds the instance's service with the SDK's HTTP client, so
// Grafana's proxy, TLS and tracing settings apply to every vendor call; the
// client carries the instance's budget and a pool sized to it.
func newService(ctx context.Context, s settings.Settings, is backend.DataSourceInstanceSettings, b *budget) (service.Registration, service.Service, error) {
	reg, ok := registrationOf(s.Service)
	if !ok {
		return reg, nil, fmt.Errorf("settings: unknown service %q", s.Service)
	}
	opts, err := clientOptions(ctx, s, is, b)
	if err != nil {
		return reg, nil, err
	}
	client, err := httpclient.New(opts)
	if err != nil {
		return reg, nil, fmt.Errorf("settings: HTTP client: %w", err)
	}
	// No redirect is followed: it would carry the credentials elsewhere
	// (the clients report the 3xx as an error naming its Location).
	client.CheckRedirect = redirect.Refuse
	svc, err := reg.New(s, client)
	return reg, svc, err
}

// clientOptions are the SDK's options for the instance (proxy, TLS,
// tracing) with the query timeout, the budget and the pool sized to it.
func clientOptions(ctx context.Context, s settings.Settings, is backend.DataSourceInstanceSettings, b *budget) (httpclient.Options, error) {
	opts, err := is.HTTPClientOptions(ctx)
	if err != nil {
		return opts, fmt.Errorf("settings: HTTP client options: %w", err)
	}
	if s.TLSSkipVerify && (opts.TLS == nil || !opts.TLS.InsecureSkipVerify) {
		// The SDK reads tlsSkipVerify only as a JSON bool; settings also
		// take "true" (provisioning files), so the two never disagree.
		if opts.TLS == nil {
			opts.TLS = &httpclient.TLSOptions{}
		}
		opts.TLS.InsecureSkipVerify = true
	}
	poolOptions(&opts, b)
	opts.Timeouts.Timeout = s.Timeout()
	return opts, nil
}

// tlsSkipVerifyWarning ends the health message while the endpoint's
// certificate is not verified, so the setting is not forgotten on.
const tlsSkipVerifyWarning = "warning: TLS certificate verification is off for this data source (Skip TLS verify): anyone on the network path can impersonate the endpoint and read the signed requests and the logs; turn it off unless the endpoint is a trusted test server"

// Dispose releases the instance when its settings change or it is deleted.
func (d *Datasource) Dispose() {
	if d.service != nil {
		d.service.Dispose()
	}
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
	return d.runAll(ctx, req), nil
}

// CheckHealth reports bad settings first, then asks the service.
func (d *Datasource) CheckHealth(ctx context.Context, req *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	if d.settingsErr != nil {
		return &backend.CheckHealthResult{Status: backend.HealthStatusError, Message: d.scrub.text(d.settingsErr.Error())}, nil
	}
	ctx, cancel := context.WithTimeout(ctx, d.settings.Timeout())
	defer cancel()
	res := d.service.CheckHealth(ctx)
	if d.settings.TLSSkipVerify {
		res.Message += " — " + tlsSkipVerifyWarning
	}
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
			Body:    service.ErrorJSON(d.scrub.text("data source settings are invalid: " + d.settingsErr.Error())),
		})
	}
	return d.resources.CallResource(ctx, req, sender)
}
