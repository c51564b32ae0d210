package livetail

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func logsFrame(rows ...Row) *data.Frame {
	ts := make([]time.Time, len(rows))
	ids := make([]string, len(rows))
	body := make([]string, len(rows))
	for i, r := range rows {
		ts[i], ids[i], body[i] = r.Time, r.ID, "line "+r.ID
	}
	f := data.NewFrame("logs", data.NewField("timestamp", nil, ts), data.NewField("body", nil, body), data.NewField("id", nil, ids))
	f.Fields[1].Config = &data.FieldConfig{Links: []data.DataLink{{Title: "trace", URL: "https://example.test/${__value.raw}"}}}
	f.SetMeta(&data.FrameMeta{Type: data.FrameTypeLogLines, ExecutedQueryString: "GET /logs",
		Notices: []data.Notice{{Text: "showing the first 1000 lines"}}})
	return f
}

func fastQuery() Query {
	return Query{Spec: Spec{QueryType: "slsLogs", Delay: time.Second, Interval: time.Millisecond}, Limit: 100}
}

func TestSubsetKeepsTheFrameShapeWithoutThePollsNotices(t *testing.T) {
	f := logsFrame(Row{at(1), "a"}, Row{at(2), "b"}, Row{at(3), "c"})
	s := Subset(f, []int{2, 0})
	require.Equal(t, 2, s.Rows())
	assert.Equal(t, []string{"c", "a"}, []string{s.Fields[2].At(0).(string), s.Fields[2].At(1).(string)})
	assert.Equal(t, "line c", s.Fields[1].At(0))
	assert.Equal(t, f.Fields[1].Config, s.Fields[1].Config, "links and config kept")
	assert.Equal(t, data.FrameTypeLogLines, s.Meta.Type)
	assert.Equal(t, "GET /logs", s.Meta.ExecutedQueryString)
	assert.Empty(t, s.Meta.Notices)
	assert.Len(t, f.Meta.Notices, 1, "the poll's frame is left as it was")
}

func TestRunStopsAfterFailedPollsInARow(t *testing.T) {
	calls := 0
	err := Tailer{Query: fastQuery(), Fetch: func(context.Context, time.Time, time.Time) (*data.Frame, error) {
		calls++
		return nil, errors.New("SLS said 429 ExceedQuota")
	}}.Run(context.Background(), func(*data.Frame) error { return nil })
	assert.EqualError(t, err, "live tail stopped after 5 failed polls in a row: SLS said 429 ExceedQuota")
	assert.Equal(t, MaxFailures, calls)
}

func TestRunStopsWhenGrafanaIsGoneAndWhenCancelled(t *testing.T) {
	fetch := func(_ context.Context, _, to time.Time) (*data.Frame, error) {
		return logsFrame(Row{to.Add(-time.Millisecond), to.String()}), nil
	}
	err := Tailer{Query: fastQuery(), Fetch: fetch}.Run(context.Background(), func(*data.Frame) error { return errors.New("stream closed") })
	assert.True(t, IsSendError(err))
	assert.EqualError(t, err, "live tail: sending to Grafana: stream closed")

	ctx, cancel := context.WithCancel(context.Background())
	sent := 0
	err = Tailer{Query: fastQuery(), Fetch: fetch}.Run(ctx, func(f *data.Frame) error {
		sent += f.Rows()
		if sent == 3 {
			cancel()
		}
		return nil
	})
	assert.NoError(t, err)
	assert.Equal(t, 3, sent)
}

func TestRowsOfNeedsTimeAndID(t *testing.T) {
	rows, err := RowsOf(logsFrame(Row{at(1), "a"}))
	require.NoError(t, err)
	assert.Equal(t, []Row{{at(1), "a"}}, rows)
	_, err = RowsOf(data.NewFrame("x", data.NewField("labels", nil, []json.RawMessage{})))
	assert.EqualError(t, err, `live tail: the logs frame "x" has no timestamp or id field`)
}
