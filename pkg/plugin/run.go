package plugin

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"sync"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/grpcanswer"
	"github.com/logbridge/cloudlogs/pkg/service"
)

// maxParallelQueries bounds how many queries of one request run at once; the
// vendor requests of all queries of the instance, from this request and
// every other, share the instance's budget (settings.Concurrency, budget.go).
const maxParallelQueries = 4

// runAll answers each query of a request on its own and in parallel.
func (d *Datasource) runAll(ctx context.Context, req *backend.QueryDataRequest) *backend.QueryDataResponse {
	resp := backend.NewQueryDataResponse()
	ctx = withFromAlert(ctx, req)
	var mu sync.Mutex
	var wg sync.WaitGroup
	slots := make(chan struct{}, maxParallelQueries)
	for _, q := range req.Queries {
		wg.Add(1)
		slots <- struct{}{}
		go func(q backend.DataQuery) {
			defer wg.Done()
			defer func() { <-slots }()
			r := d.runOne(ctx, q)
			grpcanswer.DeferFrames(req.Format, q.RefID, r.Frames)
			mu.Lock()
			resp.Responses[q.RefID] = r
			mu.Unlock()
		}(q)
	}
	wg.Wait()
	return resp
}

// runOne is the one path every query's answer takes: a query type the
// service does not know is refused, the query runs with the instance's
// timeout, a panic becomes that query's error, and every error gets the
// query's RefID, an error source and a status, with secrets scrubbed;
// logs frames get the data source's derived fields.
func (d *Datasource) runOne(ctx context.Context, q backend.DataQuery) (r backend.DataResponse) {
	ctx, cancel := context.WithTimeout(ctx, d.settings.Timeout())
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			log.DefaultLogger.Error("query panicked", "refId", q.RefID, "queryType", q.QueryType, "panic", d.scrub.text(fmt.Sprint(p)), "stack", string(debug.Stack()))
			r = backend.ErrDataResponseWithSource(backend.StatusInternal, backend.ErrorSourcePlugin,
				fmt.Sprintf("query %s failed with an internal error; please report it with the query JSON", q.RefID))
		}
	}()
	work := newLineWork(d, q.JSON)
	if q.QueryType != "" && !slices.Contains(d.registration.QueryTypes, q.QueryType) {
		r = service.BadQuery(unknownQueryType(d.registration, q.QueryType))
	} else {
		r = d.service.Query(frames.WithLineWork(ctx, work), q)
	}
	d.refusePartial(ctx, &r)
	// Before scrubbing, so a value taken from a line is scrubbed as the line
	// is; frames whose pages the line work read have their fields already.
	d.derived.Apply(slices.DeleteFunc(slices.Clone(r.Frames), work.finished), q.JSON)
	if r.Error != nil {
		d.describeError(ctx, q, &r)
	}
	d.scrub.frames(r.Frames, work.valuesScrubbed)
	return r
}

// describeError completes a failed answer: the timeout said in words, the
// source and status filled in, the RefID in front (panels and alert rules
// hold several queries) and secrets scrubbed.
func (d *Datasource) describeError(ctx context.Context, q backend.DataQuery, r *backend.DataResponse) {
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
	// %w keeps the error's source and cause reachable (errors.Is/As).
	r.Error = fmt.Errorf("query %s: %w", q.RefID, r.Error)
	r.Error = d.scrub.err(r.Error)
}
