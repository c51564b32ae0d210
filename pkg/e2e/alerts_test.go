package e2e

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
	"github.com/logbridge/cloudlogs/pkg/emulator/slsemu"
)

// queryFromAlert sends one query as Grafana's alerting engine does: with
// the FromAlert header on the QueryDataRequest.
func (p *pluginProcess) queryFromAlert(t *testing.T, s backend.DataSourceInstanceSettings, q backend.DataQuery) backend.DataResponse {
	t.Helper()
	req := &backend.QueryDataRequest{PluginContext: pluginContext(s), Queries: []backend.DataQuery{q},
		Headers: map[string]string{backend.FromAlertHeaderName: "true"}}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	protoResp, err := p.data.QueryData(ctx, backend.ToProto().QueryDataRequest(req))
	require.NoError(t, err, "QueryData over gRPC")
	resp, err := backend.FromProto().QueryDataResponse(protoResp)
	require.NoError(t, err)
	return resp.Responses[q.RefID]
}

// partialCauses reads the machine-readable partial flag of a frame as
// Grafana receives it (Meta.Custom, through JSON).
func partialCauses(t *testing.T, f *data.Frame) []string {
	t.Helper()
	if f.Meta == nil || f.Meta.Custom == nil {
		return nil
	}
	b, err := json.Marshal(f.Meta.Custom)
	require.NoError(t, err)
	var custom struct {
		Partial []struct {
			Cause   string `json:"cause"`
			Message string `json:"message"`
		} `json:"partial"`
	}
	require.NoError(t, json.Unmarshal(b, &custom))
	var out []string
	for _, p := range custom.Partial {
		out = append(out, p.Cause)
		assert.NotEmpty(t, p.Message)
	}
	return out
}

// An alert rule's query whose answer is partial (SLS still Incomplete when
// the query's time ran out) fails with the cause, so the rule goes to its
// error state; with alertsAcceptPartial it gets the data and the notice; a
// panel (no header) always gets the data and the notice.
func TestAlertQueryWithPartialResultFailsUnlessAccepted(t *testing.T) {
	e, whole, tr := startSLSE2E(t)
	p := plugin(t)
	q := dataQuery("A", "slsSql", tr, map[string]any{"logstore": "app-log", "query": "* | select count(*) as c"})
	// Once whole first: the emulator's first SQL call loads the logstore,
	// which on a loaded machine could alone outlast the query's second.
	frameOf(t, p.query(t, whole, tr, q), "A")
	e.Knobs.Set(knobs.Settings{IncompleteRounds: 1_000_000})

	strict := slsSettings(e, map[string]any{"timeoutSeconds": 1})
	r := p.queryFromAlert(t, strict, q)
	require.Error(t, r.Error, "a partial answer fails an alert query")
	assert.Empty(t, r.Frames)
	assert.Equal(t, backend.StatusTimeout, r.Status)
	assert.Contains(t, r.Error.Error(), "query A: the alert rule's query got a partial result: SLS still answered Incomplete")
	assert.Contains(t, r.Error.Error(), `turn on "Alerts accept partial results" in the data source settings`)

	lenient := slsSettings(e, map[string]any{"timeoutSeconds": 1, "alertsAcceptPartial": true})
	r = p.queryFromAlert(t, lenient, q)
	require.NoError(t, r.Error, "the data source accepts partial answers for alerts")
	require.Len(t, r.Frames, 1)
	assert.Equal(t, []string{"progress"}, partialCauses(t, r.Frames[0]))
	require.Len(t, r.Frames[0].Meta.Notices, 1)
	assert.Contains(t, r.Frames[0].Meta.Notices[0].Text, "SLS still answered Incomplete")

	panel := p.query(t, strict, tr, q).Responses["A"]
	require.NoError(t, panel.Error, "a panel gets the partial data")
	require.Len(t, panel.Frames, 1)
	assert.Equal(t, []string{"progress"}, partialCauses(t, panel.Frames[0]))
	assert.Contains(t, panel.Frames[0].Meta.Notices[0].Text, "SLS still answered Incomplete")

	// A whole answer reaches the alert rule as usual.
	e.Knobs.Set(knobs.Settings{})
	r = p.queryFromAlert(t, strict, q)
	require.NoError(t, r.Error)
	require.Len(t, r.Frames, 1)
	assert.Nil(t, partialCauses(t, r.Frames[0]))
	v, ok := r.Frames[0].Fields[0].ConcreteAt(0)
	require.True(t, ok)
	assert.Greater(t, v.(int64), int64(0))
}

// A panel whose pages answer too slowly for the query's time gets the lines
// that came back, with a notice that names the deadline, not Incomplete; an
// alert rule gets the same cause in its error.
func TestSlowPagesPartialNamesTheDeadlineOverGRPC(t *testing.T) {
	e := startEmulator(t, emulator.Config{SLSLogs: 10, SCFInvocations: 10, Days: 1, Now: func() time.Time { return slsE2ENow }})
	logs := make([]slsemu.Log, 1000)
	start := slsE2ENow.Add(-time.Hour).Unix()
	for i := range logs {
		logs[i] = slsemu.Log{Time: start + int64(i*3), Source: "10.0.0.1", Contents: map[string]string{"n": strconv.Itoa(i)}}
	}
	require.NoError(t, e.SLS.AppendLogs("slow-pages", logs))
	tr := backend.TimeRange{From: slsE2ENow.Add(-time.Hour), To: slsE2ENow}
	// One request at a time, 400 ms each: the count and the first pages
	// answer within the query's 2 s (with room for a loaded machine), the
	// rest do not.
	e.Knobs.Set(knobs.Settings{Latency: 400 * time.Millisecond})
	s := slsSettings(e, map[string]any{"timeoutSeconds": 2, "concurrency": 1})
	p := plugin(t)
	q := dataQuery("A", "slsLogs", tr, map[string]any{"logstore": "slow-pages", "limit": 1000})

	f := frameOf(t, p.query(t, s, tr, q), "A")
	assert.True(t, f.Rows() > 0 && f.Rows() < 1000, "the lines of the pages that answered: %d", f.Rows())
	assert.Equal(t, []string{"deadline"}, partialCauses(t, f))
	require.Len(t, f.Meta.Notices, 1)
	assert.Contains(t, f.Meta.Notices[0].Text, "ran out before every page of lines answered (SLS was slow, not Incomplete)")
	assert.NotContains(t, f.Meta.Notices[0].Text, "still answered Incomplete")

	r := p.queryFromAlert(t, s, q)
	require.Error(t, r.Error)
	assert.Contains(t, r.Error.Error(), "ran out before every page of lines answered")
	assert.Equal(t, backend.StatusTimeout, r.Status)
}

// Query errors over gRPC say which field, what was given and what it takes,
// and name a template variable Grafana left in the text.
func TestQueryErrorsUsersCanActOnOverGRPC(t *testing.T) {
	_, s, tr := startSLSE2E(t)
	p := plugin(t)
	resp := p.query(t, s, tr,
		dataQuery("type", "slsLogs", tr, map[string]any{"logstore": 5}),
		dataQuery("variable", "slsLogs", tr, map[string]any{"logstore": "app-log", "query": "status: $status"}),
	)
	r := resp.Responses["type"]
	require.Error(t, r.Error)
	assert.Equal(t, `query type: "logstore" must be text, got the number 5`, r.Error.Error())
	assert.Equal(t, backend.StatusBadRequest, r.Status)
	r = resp.Responses["variable"]
	require.Error(t, r.Error)
	assert.Contains(t, r.Error.Error(), `query variable: "query" holds the template variable $status, which Grafana did not replace`)
}
