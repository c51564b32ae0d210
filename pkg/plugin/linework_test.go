package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/derived"
	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/slsemu"
	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/settings"
)

// An SLS logs query of several pages, whose lines hold the data source's
// secret in a message, in a field and in the field a derived field reads:
// the pages are scrubbed and read for derived fields as they arrive, and
// the answer has neither the secret nor a line or a derived value less.
func TestPagedSLSLogsAreScrubbedWithTheirDerivedFields(t *testing.T) {
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	e, err := emulator.Start(emulator.Config{SLSLogs: 10, SCFInvocations: 1, CLSLogs: -1, Days: 1, Now: func() time.Time { return now }})
	require.NoError(t, err)
	t.Cleanup(e.Close)
	secret := emulator.DemoKeySecret
	const lines = 250
	var logs []slsemu.Log
	for i := range lines {
		contents := map[string]string{"status": "200", "trace_id": fmt.Sprintf("t-%03d", i)}
		switch i % 50 {
		case 7:
			contents["content"] = "login failed for key " + secret
		case 8:
			contents["user"] = secret
			contents["trace_id"] = secret
		}
		logs = append(logs, slsemu.Log{Time: now.Add(-time.Duration(i+1) * time.Second).Unix(), Contents: contents})
	}
	require.NoError(t, e.SLS.AppendLogs("leaky-log", logs))

	b, _ := json.Marshal(map[string]any{"service": "sls", "endpoint": e.SLSURL, "project": emulator.DemoProject, "accessKeyId": emulator.DemoKeyID})
	inst, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{ID: 1, UID: "self-uid", Name: "Logs here", JSONData: b,
		DecryptedSecureJSONData: map[string]string{"accessKeySecret": secret}})
	require.NoError(t, err)
	ds := inst.(*Datasource)
	require.NoError(t, ds.settingsErr)
	resp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{{RefID: "A", QueryType: "slsLogs",
		JSON: json.RawMessage(`{"logstore":"leaky-log","limit":1000}`), TimeRange: backend.TimeRange{From: now.Add(-time.Hour), To: now}}}})
	require.NoError(t, err)
	r := resp.Responses["A"]
	require.NoError(t, r.Error)
	require.Len(t, r.Frames, 1)
	f := r.Frames[0]
	require.Equal(t, lines, f.Rows())

	answer, err := json.Marshal(resp)
	require.NoError(t, err)
	assert.NotContains(t, string(answer), secret)
	trace, _ := f.FieldByName("trace_id")
	require.NotNil(t, trace, "the default derived field")
	var redactedBodies, redactedLabels, redactedTraces int
	for i := range f.Rows() {
		body, _ := f.ConcreteAt(1, i)
		labels, _ := f.ConcreteAt(4, i)
		if strings.Contains(body.(string), redacted) {
			redactedBodies++
		}
		if strings.Contains(string(labels.(json.RawMessage)), redacted) {
			redactedLabels++
		}
		switch v := trace.At(i).(string); {
		case v == redacted:
			redactedTraces++
		default:
			assert.Regexp(t, `^t-\d{3}$`, v)
		}
	}
	assert.Equal(t, 10, redactedBodies, "5 messages and 5 key=value bodies")
	assert.Equal(t, 5, redactedLabels)
	assert.Equal(t, 5, redactedTraces)
	_, n := f.FieldByName("trace_id")
	assert.Equal(t, len(f.Fields)-1, n, "the derived field once, last")
}

// lineWork's pages: each scrubbed in place and read for derived values,
// the joined frame then marked so that runOne reads neither again, while
// the frame's other fields are still scrubbed by it.
func TestLineWorkScrubsEachPageAndMarksTheFrame(t *testing.T) {
	d := &Datasource{scrub: newScrubber([]string{testSecret}),
		derived: derived.New([]settings.DerivedField{{Name: "user", MatcherType: "label", MatcherRegex: "user"}}, "self", "S", derived.SelfQuery{})}
	w := newLineWork(d, json.RawMessage(`{}`))
	page := func(bodies ...string) frames.LogColumns {
		c := frames.LogColumns{Body: bodies}
		for _, b := range bodies {
			c.Labels = append(c.Labels, json.RawMessage(fmt.Sprintf(`{"user":%q}`, b)))
		}
		return c
	}
	p1, p2 := page("a", "key "+testSecret), page(testSecret)
	parts := []frames.PageLines{w.Page(p1), w.Page(p2)}
	assert.Equal(t, []string{"a", "key " + redacted}, p1.Body)
	assert.JSONEq(t, `{"user":"key [redacted]"}`, string(p1.Labels[1]))
	assert.Equal(t, 1, parts[1].Lines())

	f, cols := frames.NewLogsFrameLen("x", 3)
	copy(cols.Body, append(p1.Body, p2.Body...))
	copy(cols.Labels, append(p1.Labels, p2.Labels...))
	cols.ID[2] = "id-" + testSecret
	w.Join(f, parts)
	user, _ := f.FieldByName("user")
	require.NotNil(t, user)
	assert.Equal(t, []string{"a", "key " + redacted, redacted}, []string{user.At(0).(string), user.At(1).(string), user.At(2).(string)})
	assert.True(t, w.finished(f))
	assert.False(t, w.finished(data.NewFrame("other")))
	body, _ := f.FieldByName("body")
	id, _ := f.FieldByName("id")
	assert.True(t, w.valuesScrubbed(body))
	assert.True(t, w.valuesScrubbed(user))
	assert.False(t, w.valuesScrubbed(id))

	d.scrub.frames(data.Frames{f}, w.valuesScrubbed)
	assert.Equal(t, "id-"+redacted, id.At(2), "fields the pages did not hold are scrubbed after")
}
