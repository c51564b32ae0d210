package plugin

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/logbridge/cloudlogs/pkg/livetail"
)

var _ backend.StreamHandler = (*Datasource)(nil)

// SubscribeStream admits a viewer to a live tail: the channel must be the
// query's, the query a logs query the service accepts, and the instance
// able to answer it, which one poll of the last second proves. Grafana
// then runs one RunStream per channel, whatever the number of viewers.
func (d *Datasource) SubscribeStream(ctx context.Context, req *backend.SubscribeStreamRequest) (*backend.SubscribeStreamResponse, error) {
	q, err := d.liveQuery(req.Path, req.Data)
	if err != nil {
		return nil, err
	}
	horizon := time.Now().Add(-q.Delay)
	if _, err := d.liveFetch(q)(ctx, horizon.Add(-time.Second), horizon); err != nil {
		return nil, err
	}
	return &backend.SubscribeStreamResponse{Status: backend.SubscribeStreamStatusOK}, nil
}

// PublishStream is refused: viewers only read a tail.
func (d *Datasource) PublishStream(context.Context, *backend.PublishStreamRequest) (*backend.PublishStreamResponse, error) {
	return &backend.PublishStreamResponse{Status: backend.PublishStreamStatusPermissionDenied}, nil
}

// RunStream polls the channel's query and sends each poll's new lines
// until the last viewer leaves (Grafana cancels ctx).
func (d *Datasource) RunStream(ctx context.Context, req *backend.RunStreamRequest, sender *backend.StreamSender) error {
	q, err := d.liveQuery(req.Path, req.Data)
	if err != nil {
		return err
	}
	t := livetail.Tailer{
		Query: q,
		Fetch: d.liveFetch(q),
		OnSkip: func(at time.Time) {
			log.DefaultLogger.Warn("live tail: more lines at one time than a poll's limit; some were not sent", "path", req.Path, "at", at, "limit", q.Limit)
		},
	}
	err = t.Run(ctx, func(f *data.Frame) error {
		d.scrub.frames([]*data.Frame{f}, nil)
		return sender.SendFrame(f, data.IncludeAll)
	})
	if err != nil {
		return d.scrub.err(err)
	}
	return nil
}

func (d *Datasource) liveQuery(path string, raw []byte) (livetail.Query, error) {
	if d.settingsErr != nil {
		return livetail.Query{}, backend.DownstreamError(d.scrub.err(fmt.Errorf("data source settings are invalid: %w", d.settingsErr)))
	}
	q, err := livetail.ParseQuery(path, raw, d.settings.MaxRows)
	if err != nil {
		// The subscriber's query or path is wrong, not the plugin.
		return q, backend.DownstreamError(err)
	}
	return q, nil
}

// liveFetch runs a poll as any query runs (runOne: the timeout, panics
// caught, the service's own validation, secrets scrubbed), so the lines
// of a tail are the rows a logs query shows.
func (d *Datasource) liveFetch(q livetail.Query) livetail.Fetch {
	return func(ctx context.Context, from, to time.Time) (*data.Frame, error) {
		r := d.runOne(ctx, backend.DataQuery{
			RefID: "tail", QueryType: q.QueryType, JSON: q.Poll,
			TimeRange: backend.TimeRange{From: from, To: to},
		})
		if r.Error != nil {
			return nil, r.Error
		}
		for _, f := range r.Frames {
			if f.Meta != nil && f.Meta.Type == data.FrameTypeLogLines {
				return f, nil
			}
		}
		if len(r.Frames) == 0 {
			return nil, nil
		}
		return nil, errors.New("live tail: the query answered no logs frame")
	}
}
