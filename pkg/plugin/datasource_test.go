package plugin

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/scfservice"
	"github.com/logbridge/cloudlogs/pkg/settings"
	"github.com/logbridge/cloudlogs/pkg/slsservice"
)

const testSecret = "unit-test-secret-4711"

// queryFunc is one fake query type's answer.
type queryFunc func(ctx context.Context, q backend.DataQuery) backend.DataResponse

// fakeService stands in for a cloud service so the routing, timeout, panic
// and scrubbing rules of the Datasource can be tested alone.
type fakeService struct{ handlers map[string]queryFunc }

func (f *fakeService) Query(ctx context.Context, q backend.DataQuery) backend.DataResponse {
	if q.QueryType == "" {
		q.QueryType = slsservice.QueryTypeLogs // the service's own inference
	}
	return f.handlers[q.QueryType](ctx, q)
}
func (f *fakeService) RegisterResources(mux *http.ServeMux) {}
func (f *fakeService) CheckHealth(context.Context) *backend.CheckHealthResult {
	return &backend.CheckHealthResult{Status: backend.HealthStatusError, Message: "denied for " + testSecret}
}
func (f *fakeService) Dispose() {}

// newTestDatasource is an SLS instance (its real registration: name and
// query types) whose service is the fake.
func newTestDatasource(handlers map[string]queryFunc, timeout time.Duration) *Datasource {
	return &Datasource{
		settings:     settings.Settings{Service: settings.ServiceSLS, TimeoutSeconds: int(timeout / time.Second)},
		registration: slsservice.Registration,
		service:      &fakeService{handlers: handlers},
		scrub:        newScrubber([]string{testSecret}),
	}
}

func okFrame(ctx context.Context, q backend.DataQuery) backend.DataResponse {
	return backend.DataResponse{Frames: data.Frames{data.NewFrame(q.QueryType, data.NewField("v", nil, []int64{1}))}}
}

func TestQueriesFailAloneAndMissingTypeIsInferred(t *testing.T) {
	d := newTestDatasource(map[string]queryFunc{
		slsservice.QueryTypeLogs: okFrame,
		slsservice.QueryTypeSQL: func(ctx context.Context, q backend.DataQuery) backend.DataResponse {
			panic("boom " + testSecret)
		},
		slsservice.QueryTypeHistogram: func(ctx context.Context, q backend.DataQuery) backend.DataResponse {
			return backend.DataResponse{Error: backend.DownstreamError(errors.New("upstream said no to " + testSecret))}
		},
	}, time.Second)
	resp, err := d.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{
		{RefID: "A", QueryType: slsservice.QueryTypeLogs},
		{RefID: "B", QueryType: ""},
		{RefID: "C", QueryType: "nope"},
		{RefID: "D", QueryType: slsservice.QueryTypeSQL},
		{RefID: "E", QueryType: slsservice.QueryTypeHistogram},
		{RefID: "F", QueryType: scfservice.QueryTypeMetrics},
	}})
	require.NoError(t, err)
	require.Len(t, resp.Responses, 6)

	assert.NoError(t, resp.Responses["A"].Error)
	assert.Equal(t, slsservice.QueryTypeLogs, resp.Responses["A"].Frames[0].Name)
	assert.NoError(t, resp.Responses["B"].Error)
	assert.Equal(t, slsservice.QueryTypeLogs, resp.Responses["B"].Frames[0].Name, "missing query type inferred by the service")

	assert.EqualError(t, resp.Responses["C"].Error, `query C: unknown query type "nope"; this SLS data source supports slsLogs, slsSql, slsProjectSql, slsHistogram, slsContext`)
	assert.Equal(t, backend.ErrorSourceDownstream, resp.Responses["C"].ErrorSource)

	assert.Contains(t, resp.Responses["D"].Error.Error(), "internal error")
	assert.Equal(t, backend.ErrorSourcePlugin, resp.Responses["D"].ErrorSource)
	assert.Equal(t, backend.StatusInternal, resp.Responses["D"].Status)

	assert.Equal(t, "query E: upstream said no to [redacted]", resp.Responses["E"].Error.Error())
	assert.Equal(t, backend.ErrorSourceDownstream, resp.Responses["E"].ErrorSource)

	assert.EqualError(t, resp.Responses["F"].Error, `query F: query type "scfMetrics" needs a Tencent SCF data source; this data source is configured for SLS`)
	assert.Equal(t, backend.StatusBadRequest, resp.Responses["F"].Status)
}

func TestQueryTimeoutSaysWhatToDo(t *testing.T) {
	d := newTestDatasource(map[string]queryFunc{
		slsservice.QueryTypeLogs: func(ctx context.Context, q backend.DataQuery) backend.DataResponse {
			<-ctx.Done()
			return backend.DataResponse{Error: ctx.Err()}
		},
	}, time.Second)
	resp, err := d.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{{RefID: "A", QueryType: slsservice.QueryTypeLogs}}})
	require.NoError(t, err)
	r := resp.Responses["A"]
	require.Error(t, r.Error)
	assert.Contains(t, r.Error.Error(), "query timed out after 1s")
	assert.Equal(t, backend.ErrorSourceDownstream, r.ErrorSource)
}

func TestHealthAndFramesAreScrubbed(t *testing.T) {
	d := newTestDatasource(map[string]queryFunc{
		slsservice.QueryTypeLogs: func(ctx context.Context, q backend.DataQuery) backend.DataResponse {
			f := data.NewFrame("x")
			f.SetMeta(&data.FrameMeta{ExecutedQueryString: "GET /x?token=" + testSecret, Notices: []data.Notice{{Text: "echo " + testSecret}}})
			return backend.DataResponse{Frames: data.Frames{f}}
		},
	}, time.Second)
	h, err := d.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	require.NoError(t, err)
	assert.Equal(t, "denied for [redacted]", h.Message)

	resp, err := d.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{{RefID: "A", QueryType: slsservice.QueryTypeLogs}}})
	require.NoError(t, err)
	b, err := json.Marshal(resp)
	require.NoError(t, err)
	assert.NotContains(t, string(b), testSecret)
	assert.Equal(t, "GET /x?token=[redacted]", resp.Responses["A"].Frames[0].Meta.ExecutedQueryString)
}

func TestInvalidSettingsAnswerEveryQueryAndHealth(t *testing.T) {
	inst, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{
		JSONData:                []byte(`{"service":"sls","endpoint":"h"}`),
		DecryptedSecureJSONData: map[string]string{"accessKeySecret": testSecret},
	})
	require.NoError(t, err, "instance creation never fails, so the user sees the message")
	d := inst.(*Datasource)
	h, err := d.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	require.NoError(t, err)
	assert.Equal(t, backend.HealthStatusError, h.Status)
	assert.Contains(t, h.Message, "project is missing")

	resp, err := d.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{{RefID: "A"}, {RefID: "B"}}})
	require.NoError(t, err)
	for _, ref := range []string{"A", "B"} {
		require.Error(t, resp.Responses[ref].Error)
		assert.Contains(t, resp.Responses[ref].Error.Error(), "data source settings are invalid")
	}
}
