package plugin

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/logbridge/cloudlogs/pkg/service"
)

type fromAlertKey struct{}

// withFromAlert marks ctx when Grafana's alerting engine sent the request:
// it sets the FromAlert header (backend.FromAlertHeaderName) to "true".
func withFromAlert(ctx context.Context, req *backend.QueryDataRequest) context.Context {
	if req == nil {
		return ctx
	}
	v, ok := req.Headers[backend.FromAlertHeaderName]
	if !ok {
		v = req.GetHTTPHeader(backend.FromAlertHeaderName)
	}
	if fromAlert, err := strconv.ParseBool(strings.TrimSpace(v)); err != nil || !fromAlert {
		return ctx
	}
	return context.WithValue(ctx, fromAlertKey{}, true)
}

func isFromAlert(ctx context.Context) bool {
	v, _ := ctx.Value(fromAlertKey{}).(bool)
	return v
}

// refusePartial turns a partial answer to an alert rule into an error,
// unless the data source accepts partial answers for alerts: a rule that
// evaluated short data would fire or resolve on numbers that are not the
// range's. The rule goes to its error state instead, with the cause said.
// Panels and Explore always get the data with its notices.
func (d *Datasource) refusePartial(ctx context.Context, r *backend.DataResponse) {
	if r.Error != nil || d.settings.AlertsAcceptPartial || !isFromAlert(ctx) {
		return
	}
	partial := service.PartialOf(*r)
	if len(partial) == 0 {
		return
	}
	status := backend.StatusBadRequest
	causes := make([]string, 0, len(partial))
	for _, p := range partial {
		causes = append(causes, p.Message)
		if p.Cause == service.PartialProgress || p.Cause == service.PartialDeadline {
			status = backend.StatusTimeout
		}
	}
	err := errors.New("the alert rule's query got a " + strings.Join(causes, "; ") +
		`; alert rules do not evaluate partial data by default, so the query fails: fix the cause, or turn on "Alerts accept partial results" in the data source settings`)
	*r = backend.DataResponse{Error: backend.DownstreamError(err), ErrorSource: backend.ErrorSourceDownstream, Status: status}
}
