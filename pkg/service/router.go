package service

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/logbridge/cloudlogs/pkg/settings"
)

// Route names one handler: a query type and a variant of it. The variant is
// "" for the plain query; others (such as "logVolume") are forms of the same
// query JSON that Explore asks for and that need a different answer.
type Route struct {
	QueryType string
	Variant   string
}

// Handler answers one parsed query of service S with model M. The service
// comes first so that a method expression, (*Service).queryLogs, is one.
type Handler[S, M any] func(s S, ctx context.Context, q backend.DataQuery, m M) backend.DataResponse

// Inferrer picks the query type of a query that has none, from its JSON:
// the one place a service infers it.
type Inferrer func(raw json.RawMessage) string

// Parser reads a query's JSON into the service's model, applying every
// default of its query type, and names the variant the query asks for ("" for
// the plain one).
type Parser[S, M any] func(s S, raw json.RawMessage, queryType string) (m M, variant string, err error)

// Router is a service's one dispatch table: every query type and variant is
// registered here once, and nothing else decides which handler runs.
type Router[S HealthChecker, M any] struct {
	infer     Inferrer
	parse     Parser[S, M]
	routes    map[Route]Handler[S, M]
	types     []string
	resources []resource[S]
}

// HealthChecker is what a service's own state must do besides its routes.
type HealthChecker interface {
	CheckHealth(ctx context.Context) *backend.CheckHealthResult
}

// ResourceHandler answers one editor look-up (GET) of service S.
type ResourceHandler[S any] func(s S, w http.ResponseWriter, r *http.Request)

type resource[S any] struct {
	path   string
	handle ResourceHandler[S]
}

// NewRouter starts a dispatch table that types queries with infer and reads
// them with parse.
func NewRouter[S HealthChecker, M any](infer Inferrer, parse Parser[S, M]) *Router[S, M] {
	return &Router[S, M]{infer: infer, parse: parse, routes: map[Route]Handler[S, M]{}}
}

// Handle registers the handler of a route. Registering a route twice is a
// programming error and panics at start-up, not at query time.
func (r *Router[S, M]) Handle(queryType, variant string, h Handler[S, M]) *Router[S, M] {
	rt := Route{QueryType: queryType, Variant: variant}
	if _, dup := r.routes[rt]; dup {
		panic(fmt.Sprintf("service: route %+v registered twice", rt))
	}
	r.routes[rt] = h
	if variant == "" {
		r.types = append(r.types, queryType)
	}
	return r
}

// Resource registers the editor look-up GET /<path>.
func (r *Router[S, M]) Resource(path string, h ResourceHandler[S]) *Router[S, M] {
	r.resources = append(r.resources, resource[S]{path: path, handle: h})
	return r
}

// QueryTypes lists the registered query types in registration order.
func (r *Router[S, M]) QueryTypes() []string {
	return append([]string(nil), r.types...)
}

// Query types q (inferring a missing type), parses it, runs its route's
// handler and names the frames by the query's RefID. A query that does not
// parse gets an error saying what to fix.
func (r *Router[S, M]) Query(ctx context.Context, s S, q backend.DataQuery) backend.DataResponse {
	queryType := q.QueryType
	if queryType == "" {
		queryType = r.infer(q.JSON)
	}
	m, variant, err := r.parse(s, q.JSON, queryType)
	if err != nil {
		return BadQuery(err)
	}
	rt := Route{QueryType: queryType, Variant: variant}
	h, ok := r.routes[rt]
	if !ok {
		// A parser that names a route it never registered is a bug.
		return backend.ErrDataResponseWithSource(backend.StatusInternal, backend.ErrorSourcePlugin,
			fmt.Sprintf("query type %q has no handler for variant %q", rt.QueryType, rt.Variant))
	}
	resp := h(s, ctx, q, m)
	for _, f := range resp.Frames {
		f.RefID = q.RefID
	}
	return resp
}

// Registration describes the service to the plugin: its jsonData.service
// name, a title for people, its query types and a constructor that wraps the
// state newState builds into a Service answered by this router.
func (r *Router[S, M]) Registration(name, title string, newState func(settings.Settings, *http.Client) (S, error)) Registration {
	return Registration{Name: name, Title: title, QueryTypes: r.QueryTypes(),
		New: func(s settings.Settings, hc *http.Client) (Service, error) {
			state, err := newState(s, hc)
			if err != nil {
				return nil, err
			}
			return &routed[S, M]{state: state, router: r}, nil
		}}
}

// routed is the Service the plugin sees: a service's state and its router.
type routed[S HealthChecker, M any] struct {
	state  S
	router *Router[S, M]
}

func (x *routed[S, M]) Query(ctx context.Context, q backend.DataQuery) backend.DataResponse {
	return x.router.Query(ctx, x.state, q)
}

func (x *routed[S, M]) RegisterResources(mux *http.ServeMux) {
	for _, res := range x.router.resources {
		mux.HandleFunc("GET /"+res.path, func(w http.ResponseWriter, req *http.Request) { res.handle(x.state, w, req) })
	}
}

func (x *routed[S, M]) CheckHealth(ctx context.Context) *backend.CheckHealthResult {
	return x.state.CheckHealth(ctx)
}

// Dispose releases the state's shares of its account's limits (pkg/limits)
// when it has any; HTTP clients belong to the SDK.
func (x *routed[S, M]) Dispose() {
	if c, ok := any(x.state).(interface{ Close() }); ok {
		c.Close()
	}
}

// State is the service's own state (tests adjust its client).
func (x *routed[S, M]) State() any { return x.state }
