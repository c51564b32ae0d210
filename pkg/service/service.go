// Package service is the contract between the plugin (pkg/plugin) and the
// Grafana side of each cloud service (pkg/slsservice, pkg/scfservice): the
// Service interface, the Registration a service adds to the plugin, the one
// table that routes a query to its handler (Router) and the one path by
// which a handler's frames or error become Grafana's answer (Meta, Error).
//
// It lives apart from pkg/plugin because the plugin imports every service;
// a service importing the plugin back would be a cycle.
package service

import (
	"context"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/logbridge/cloudlogs/pkg/derived"
	"github.com/logbridge/cloudlogs/pkg/settings"
)

// Service is one cloud service as one data source instance sees it.
type Service interface {
	// Query answers one query whose type is one of the service's (or empty):
	// it applies the defaults, validates, routes and runs the handler.
	Query(ctx context.Context, q backend.DataQuery) backend.DataResponse
	// RegisterResources adds the editor's look-ups (GET only).
	RegisterResources(mux *http.ServeMux)
	CheckHealth(ctx context.Context) *backend.CheckHealthResult
	Dispose()
}

// Registration is what the plugin needs to know of a service before any
// instance exists: its jsonData.service name, its query types (to tell a
// user who sent a query to the wrong data source) and its constructor.
// A service makes it with Router.Registration.
type Registration struct {
	// Name is the jsonData.service value, e.g. "sls".
	Name string
	// Title names the vendor's service for people, e.g. "Alibaba SLS".
	Title      string
	QueryTypes []string
	New        func(s settings.Settings, hc *http.Client) (Service, error)
	// SelfLink is how a derived field's link into this same data source is
	// written as a query of the service (pkg/derived).
	SelfLink derived.SelfQuery
}

// WithSelfLink is the registration with its SelfLink set.
func (r Registration) WithSelfLink(q derived.SelfQuery) Registration {
	r.SelfLink = q
	return r
}
