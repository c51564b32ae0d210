package sls

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/logbridge/cloudlogs/pkg/lenient"
)

// HistogramsRequest is GET /logstores/<logstore>?type=histogram&from&to&topic&query.
type HistogramsRequest struct {
	Logstore string
	From, To int64
	Topic    string
	Query    string
}

// Bucket is one histogram bucket: the count of logs in [From, To).
type Bucket struct {
	From, To int64
	Count    int64
	Complete bool
}

// HistogramsResult is the answer of GetHistograms.
type HistogramsResult struct {
	Buckets  []Bucket
	Complete bool
	Count    int64
	Request  string
	Calls    int
}

// GetHistograms counts matching logs over time, repeating while Incomplete.
func (c *Client) GetHistograms(ctx context.Context, r HistogramsRequest) (*HistogramsResult, error) {
	var res *HistogramsResult
	calls := 0
	err := c.untilComplete(ctx, func() (bool, error) {
		one, err := c.getHistogramsOnce(ctx, r)
		calls++
		if err != nil {
			return false, err
		}
		res = one
		return res.Complete, nil
	})
	if err != nil {
		return nil, err
	}
	res.Calls = calls
	return res, nil
}

// getHistogramsOnce is one GetHistograms call (with get's retries of
// transient failures, but no Incomplete repeats): paging asks it once and
// falls back to the empty-page rule rather than wait for it.
func (c *Client) getHistogramsOnce(ctx context.Context, r HistogramsRequest) (*HistogramsResult, error) {
	if err := checkLogstore(r.Logstore); err != nil {
		return nil, err
	}
	if r.To <= r.From {
		return nil, fmt.Errorf("%w: GetHistograms time range [%d, %d) is empty", ErrInvalidRequest, r.From, r.To)
	}
	params := url.Values{
		"type": {"histogram"}, "from": {itoa(r.From)}, "to": {itoa(r.To)},
		"topic": {r.Topic}, "query": {r.Query},
	}
	path := logsPath(r.Logstore)
	res := &HistogramsResult{Request: Describe(http.MethodGet, path, params), Calls: 1}
	buckets, header, err := getDecoded(ctx, c, path, params, decodeBuckets)
	if err != nil {
		return nil, err
	}
	res.Buckets = buckets
	res.Complete = progressOf(header, "") == ProgressComplete
	for _, b := range buckets {
		if !b.Complete {
			res.Complete = false
		}
		res.Count += b.Count
	}
	if n, ok := headerInt(header.Get("x-log-count")); ok {
		res.Count = n
	}
	return res, nil
}

func decodeBuckets(body []byte) ([]Bucket, error) {
	var raw []struct {
		From     lenient.Number `json:"from"`
		To       lenient.Number `json:"to"`
		Count    lenient.Number `json:"count"`
		Progress string         `json:"progress"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, fmt.Errorf("reading histograms: %w", err)
	}
	out := make([]Bucket, len(raw))
	for i, b := range raw {
		out[i] = Bucket{From: int64(b.From), To: int64(b.To), Count: int64(b.Count),
			Complete: !strings.EqualFold(b.Progress, ProgressIncomplete)}
	}
	return out, nil
}
