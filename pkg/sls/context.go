package sls

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/logbridge/cloudlogs/pkg/lenient"
)

// MaxContextLines caps back_lines and forward_lines of GetContextLogs.
const MaxContextLines = 100

// ContextRequest asks for the lines around one log, identified by the pack
// id and pack meta SLS attaches to it (__tag__:__pack_id__, __pack_meta__).
type ContextRequest struct {
	Logstore     string
	PackID       string
	PackMeta     string
	BackLines    int
	ForwardLines int
}

// ContextResult is the answer of GetContextLogs, lines in log order.
type ContextResult struct {
	Logs         []Log
	Complete     bool
	BackLines    int
	ForwardLines int
	Request      string
}

// GetContextLogs is GET /logstores/<logstore>?type=context_log&pack_id&pack_meta&back_lines&forward_lines.
func (c *Client) GetContextLogs(ctx context.Context, r ContextRequest) (*ContextResult, error) {
	if err := checkLogstore(r.Logstore); err != nil {
		return nil, err
	}
	if r.PackID == "" || r.PackMeta == "" {
		return nil, fmt.Errorf("%w: GetContextLogs needs a pack id and pack meta", ErrInvalidRequest)
	}
	if r.BackLines < 0 || r.BackLines > MaxContextLines || r.ForwardLines < 0 || r.ForwardLines > MaxContextLines {
		return nil, fmt.Errorf("%w: GetContextLogs back and forward lines must be 0..%d", ErrInvalidRequest, MaxContextLines)
	}
	params := url.Values{
		"type": {"context_log"}, "pack_id": {r.PackID}, "pack_meta": {r.PackMeta},
		"back_lines": {strconv.Itoa(r.BackLines)}, "forward_lines": {strconv.Itoa(r.ForwardLines)},
	}
	path := logsPath(r.Logstore)
	res := &ContextResult{Request: Describe(http.MethodGet, path, params)}
	err := c.get(ctx, path, params, func(h http.Header, b []byte) error {
		var body struct {
			Progress     string          `json:"progress"`
			BackLines    lenient.Number  `json:"back_lines"`
			ForwardLines lenient.Number  `json:"forward_lines"`
			Logs         json.RawMessage `json:"logs"`
		}
		if err := json.Unmarshal(b, &body); err != nil {
			return fmt.Errorf("reading context logs: %w", err)
		}
		res.Logs = nil
		if len(body.Logs) > 0 && string(body.Logs) != "null" {
			decoded, err := decodeLogsBody(body.Logs)
			if err != nil {
				return err
			}
			res.Logs = decoded.Logs
		}
		res.Complete = progressOf(h, body.Progress) == ProgressComplete
		res.BackLines, res.ForwardLines = int(body.BackLines), int(body.ForwardLines)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}
