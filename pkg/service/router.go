package service

import (
	"context"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
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

// Parser reads a query's JSON into the service's model, applying every
// default and inferring a missing query type, and says which route serves it.
type Parser[S, M any] func(s S, q backend.DataQuery) (M, Route, error)

// Router is a service's one dispatch table: every query type and variant is
// registered here once, and nothing else decides which handler runs.
type Router[S, M any] struct {
	parse  Parser[S, M]
	routes map[Route]Handler[S, M]
	types  []string
}

// NewRouter starts a dispatch table that reads queries with parse.
func NewRouter[S, M any](parse Parser[S, M]) *Router[S, M] {
	return &Router[S, M]{parse: parse, routes: map[Route]Handler[S, M]{}}
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

// QueryTypes lists the registered query types in registration order.
func (r *Router[S, M]) QueryTypes() []string {
	return append([]string(nil), r.types...)
}

// Query parses q, runs its route's handler and names the frames by the
// query's RefID. A query that does not parse gets an error saying what to fix.
func (r *Router[S, M]) Query(ctx context.Context, s S, q backend.DataQuery) backend.DataResponse {
	m, rt, err := r.parse(s, q)
	if err != nil {
		return BadQuery(err)
	}
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
