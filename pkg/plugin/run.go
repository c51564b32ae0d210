package plugin

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
)

// queryFunc answers one query. It returns either frames or an error; errors
// that carry an ErrorSource (backend.DownstreamError) keep it.
type queryFunc func(ctx context.Context, pCtx backend.PluginContext, q backend.DataQuery) backend.DataResponse

// maxParallelQueries bounds how many queries of one request run at once; each
// query bounds its own page requests separately (settings.Concurrency).
const maxParallelQueries = 4

// runEach turns a per-query function into a handler that answers each query
// of a request on its own: with the instance's timeout, with panics turned
// into that query's error, and with secrets scrubbed from every message.
func (d *Datasource) runEach(fn queryFunc) backend.QueryDataHandler {
	return backend.QueryDataHandlerFunc(func(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
		resp := backend.NewQueryDataResponse()
		var mu sync.Mutex
		var wg sync.WaitGroup
		slots := make(chan struct{}, maxParallelQueries)
		for _, q := range req.Queries {
			wg.Add(1)
			slots <- struct{}{}
			go func(q backend.DataQuery) {
				defer wg.Done()
				defer func() { <-slots }()
				r := d.runOne(ctx, req.PluginContext, q, fn)
				mu.Lock()
				resp.Responses[q.RefID] = r
				mu.Unlock()
			}(q)
		}
		wg.Wait()
		return resp, nil
	})
}

func (d *Datasource) runOne(ctx context.Context, pCtx backend.PluginContext, q backend.DataQuery, fn queryFunc) (r backend.DataResponse) {
	ctx, cancel := context.WithTimeout(ctx, d.settings.Timeout())
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			log.DefaultLogger.Error("query panicked", "refId", q.RefID, "queryType", q.QueryType, "panic", d.scrub.text(fmt.Sprint(p)), "stack", string(debug.Stack()))
			r = backend.ErrDataResponseWithSource(backend.StatusInternal, backend.ErrorSourcePlugin,
				fmt.Sprintf("query %s failed with an internal error; please report it with the query JSON", q.RefID))
		}
	}()
	r = fn(ctx, pCtx, q)
	if r.Error != nil {
		if errors.Is(r.Error, context.DeadlineExceeded) && ctx.Err() != nil {
			r.Error = fmt.Errorf("query timed out after %s; narrow the time range, lower the limit or raise the data source's timeout: %w", d.settings.Timeout(), r.Error)
			if r.ErrorSource == "" {
				r.ErrorSource = backend.ErrorSourceDownstream
			}
		}
		if r.ErrorSource == "" {
			if backend.IsDownstreamError(r.Error) {
				r.ErrorSource = backend.ErrorSourceDownstream
			} else {
				r.ErrorSource = backend.ErrorSourcePlugin
			}
		}
		if r.Status == 0 {
			r.Status = backend.StatusBadRequest
			if r.ErrorSource == backend.ErrorSourcePlugin {
				r.Status = backend.StatusInternal
			}
		}
		r.Error = d.scrub.err(r.Error)
	}
	d.scrub.frames(r.Frames)
	return r
}
