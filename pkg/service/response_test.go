package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/settings"
)

type statusErr struct{ status int }

func (e statusErr) Error() string { return fmt.Sprintf("vendor said %d", e.status) }
func (e statusErr) Status() int   { return e.status }

func TestStatusIsOneMappingForEveryError(t *testing.T) {
	assert.Equal(t, backend.StatusTimeout, Status(fmt.Errorf("x: %w", context.DeadlineExceeded)))
	assert.Equal(t, backend.StatusTimeout, Status(context.Canceled))
	assert.Equal(t, backend.Status(404), Status(fmt.Errorf("page 2: %w", statusErr{404})))
	assert.Equal(t, backend.Status(429), Status(statusErr{429}))
	assert.Equal(t, backend.StatusBadGateway, Status(statusErr{200}), "a status that is not an error status")
	assert.Equal(t, backend.StatusBadGateway, Status(errors.New("anything else")))
}

func TestErrorIsDownstreamAndKeepsTheChain(t *testing.T) {
	cause := statusErr{404}
	r := Error(fmt.Errorf("page 1: %w", cause))
	assert.True(t, backend.IsDownstreamError(r.Error))
	assert.Equal(t, backend.ErrorSourceDownstream, r.ErrorSource)
	assert.Equal(t, backend.Status(404), r.Status)
	var got statusErr
	require.True(t, errors.As(r.Error, &got))
	assert.Equal(t, cause, got)
	assert.Equal(t, "page 1: vendor said 404", r.Error.Error())

	r = BadQuery(errors.New("limit must be 0 or more"))
	assert.Equal(t, backend.StatusBadRequest, r.Status)
	assert.True(t, backend.IsDownstreamError(r.Error))
}

func TestMetaGoesOnEveryFrameAndKeepsTheirOwn(t *testing.T) {
	m := Meta{Executed: "GET /x"}
	m.Warn("partial after %s", "30s")
	m.Info("showing %d", 5)
	a := data.NewFrame("a")
	a.SetMeta(&data.FrameMeta{PreferredVisualization: data.VisTypeLogs, Notices: []data.Notice{{Text: "own"}}})
	b := data.NewFrame("b")
	r := m.Respond(a, b)
	require.Len(t, r.Frames, 2)
	assert.Equal(t, data.VisType(data.VisTypeLogs), a.Meta.PreferredVisualization)
	assert.Equal(t, "GET /x", a.Meta.ExecutedQueryString)
	assert.Equal(t, []string{"own", "partial after 30s", "showing 5"}, texts(a.Meta.Notices))
	assert.Equal(t, []string{"partial after 30s", "showing 5"}, texts(b.Meta.Notices))
	assert.Equal(t, data.NoticeSeverityWarning, b.Meta.Notices[0].Severity)
	b.Meta.Notices[0].Text = "changed"
	assert.Equal(t, "partial after 30s", a.Meta.Notices[1].Text, "frames do not share notices")
	assert.Nil(t, Meta{}.Respond(data.NewFrame("c")).Frames[0].Meta.Notices)
}

func texts(ns []data.Notice) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.Text)
	}
	return out
}

func TestWriteErrorUsesTheSameStatus(t *testing.T) {
	rec := httptest.NewRecorder()
	WriteError(rec, fmt.Errorf("look-up: %w", statusErr{401}))
	assert.Equal(t, http.StatusUnauthorized, rec.Code)
	assert.JSONEq(t, `{"error":"look-up: vendor said 401"}`, rec.Body.String())
}

type svc struct{ maxRows int }

func (*svc) CheckHealth(context.Context) *backend.CheckHealthResult {
	return &backend.CheckHealthResult{Status: backend.HealthStatusOk, Message: "fine"}
}

func (*svc) echo(w http.ResponseWriter, r *http.Request) {
	_, _ = w.Write([]byte("echo " + r.URL.Query().Get("q")))
}

type model struct {
	Type  string
	Twice bool
}

func inferModel(raw json.RawMessage) string { return "a" }

func parseModel(_ *svc, raw json.RawMessage, queryType string) (model, string, error) {
	if queryType == "bad" {
		return model{}, "", errors.New("limit must be 0 or more")
	}
	m := model{Type: queryType, Twice: string(raw) == "twice"}
	if m.Twice {
		return m, "twice", nil
	}
	return m, "", nil
}

func frameHandler(name string) Handler[*svc, model] {
	return func(_ *svc, _ context.Context, _ backend.DataQuery, m model) backend.DataResponse {
		return backend.DataResponse{Frames: data.Frames{data.NewFrame(name + ":" + m.Type)}}
	}
}

func TestRouterDispatchesEachRouteOnce(t *testing.T) {
	r := NewRouter(inferModel, parseModel).
		Handle("a", "", frameHandler("plain")).
		Handle("a", "twice", frameHandler("variant")).
		Handle("b", "", frameHandler("plain"))
	assert.Equal(t, []string{"a", "b"}, r.QueryTypes(), "variants are not query types")

	resp := r.Query(context.Background(), &svc{}, backend.DataQuery{RefID: "A", QueryType: "a"})
	require.NoError(t, resp.Error)
	assert.Equal(t, "plain:a", resp.Frames[0].Name)
	assert.Equal(t, "A", resp.Frames[0].RefID, "frames carry the query's RefID")

	resp = r.Query(context.Background(), &svc{}, backend.DataQuery{RefID: "B", JSON: []byte("twice")})
	assert.Equal(t, "variant:a", resp.Frames[0].Name, "the missing type is inferred, then the variant parsed")

	resp = r.Query(context.Background(), &svc{}, backend.DataQuery{RefID: "C", QueryType: "bad"})
	assert.EqualError(t, resp.Error, "limit must be 0 or more")
	assert.Equal(t, backend.StatusBadRequest, resp.Status)

	resp = r.Query(context.Background(), &svc{}, backend.DataQuery{RefID: "D", QueryType: "b", JSON: []byte("twice")})
	assert.Equal(t, backend.ErrorSourcePlugin, resp.ErrorSource, "a route the parser names but nobody registered is a bug")

	assert.Panics(t, func() { r.Handle("a", "", frameHandler("again")) })
}

func TestRegistrationWrapsStateAndRouter(t *testing.T) {
	r := NewRouter(inferModel, parseModel).Handle("a", "", frameHandler("plain")).Resource("echo", (*svc).echo)
	reg := r.Registration("fake", "A Fake", func(settings.Settings, *http.Client) (*svc, error) { return &svc{}, nil })
	assert.Equal(t, "fake", reg.Name)
	assert.Equal(t, []string{"a"}, reg.QueryTypes)
	s, err := reg.New(settings.Settings{}, http.DefaultClient)
	require.NoError(t, err)
	assert.Equal(t, "plain:a", s.Query(context.Background(), backend.DataQuery{RefID: "A"}).Frames[0].Name)
	mux := http.NewServeMux()
	s.RegisterResources(mux)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/echo?q=hi", nil))
	assert.Equal(t, "echo hi", rec.Body.String())
	rec = httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/echo", nil))
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code, "look-ups are GET only")
	assert.Equal(t, "fine", s.CheckHealth(context.Background()).Message)

	failing := r.Registration("fake", "A Fake", func(settings.Settings, *http.Client) (*svc, error) { return nil, errors.New("no") })
	_, err = failing.New(settings.Settings{}, http.DefaultClient)
	assert.EqualError(t, err, "no")
}
