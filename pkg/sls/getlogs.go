package sls

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/logbridge/cloudlogs/pkg/retry"
)

// MaxLinesPerCall is GetLogs' cap on lines per call (the `line` parameter).
const MaxLinesPerCall = 100

// GetLogsRequest is one classic GetLogs call,
// GET /logstores/<logstore>?type=log&from&to&topic&query&line&offset&reverse.
type GetLogsRequest struct {
	Logstore string
	// From and To are Unix seconds, left-closed and right-open: [From, To).
	From, To int64
	Topic    string
	Query    string
	// Line (0..100), Offset and Reverse apply to searches; SLS ignores them
	// when the query has an SQL part.
	Line    int
	Offset  int64
	Reverse bool
}

func (r GetLogsRequest) validate() error {
	if err := checkLogstore(r.Logstore); err != nil {
		return err
	}
	if r.To <= r.From {
		return fmt.Errorf("%w: GetLogs time range [%d, %d) is empty", ErrInvalidRequest, r.From, r.To)
	}
	if r.Line < 0 || r.Line > MaxLinesPerCall {
		return fmt.Errorf("%w: GetLogs line must be 0..%d, got %d", ErrInvalidRequest, MaxLinesPerCall, r.Line)
	}
	return nil
}

func (r GetLogsRequest) params() url.Values {
	return url.Values{
		"type":    {"log"},
		"from":    {itoa(r.From)},
		"to":      {itoa(r.To)},
		"topic":   {r.Topic},
		"query":   {r.Query},
		"line":    {strconv.Itoa(r.Line)},
		"offset":  {itoa(r.Offset)},
		"reverse": {strconv.FormatBool(r.Reverse)},
	}
}

// LogsResult is the answer of GetLogs or GetProjectLogs.
type LogsResult struct {
	Logs []Log
	// Complete is false when SLS still answered Incomplete when time ran out:
	// the logs are then a partial result.
	Complete bool
	// Count is x-log-count (or the body's count); informational only, it is
	// not a reliable total for paging.
	Count int64
	// HasSQL is x-log-has-sql.
	HasSQL bool
	// Request describes the call for Meta.ExecutedQueryString.
	Request string
	// Calls counts the requests made, Incomplete repeats included.
	Calls int
}

// logsPath is the raw (unescaped) path of a logstore; the URL escapes it and
// the signature signs it raw, as the server decodes it.
func logsPath(logstore string) string { return "/logstores/" + logstore }

// ErrInvalidRequest marks requests refused before sending: the caller's
// input is wrong, not the service (status 400).
var ErrInvalidRequest error = invalidRequest{}

type invalidRequest struct{}

func (invalidRequest) Error() string { return "invalid request" }
func (invalidRequest) Status() int   { return http.StatusBadRequest }

// checkLogstore applies SLS's logstore naming rule (2-63 characters:
// lower-case letters, digits, '-' and '_'), which also keeps a name from
// changing the request path.
func checkLogstore(name string) error {
	ok := len(name) >= 2 && len(name) <= 63
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			ok = false
		}
	}
	if !ok {
		return fmt.Errorf("%w: %q is not a valid SLS logstore name (2-63 characters: lower-case letters, digits, '-' and '_')", ErrInvalidRequest, name)
	}
	return nil
}

// GetLogs runs one GetLogs call, repeating it while SLS answers Incomplete.
func (c *Client) GetLogs(ctx context.Context, r GetLogsRequest) (*LogsResult, error) {
	if err := r.validate(); err != nil {
		return nil, err
	}
	if c.useV2() {
		res, err := c.getLogsV2(ctx, r)
		var unsupported errV2Unsupported
		if !errors.As(err, &unsupported) {
			return res, err
		}
	}
	return c.getLogsV1(ctx, logsPath(r.Logstore), r.params())
}

// GetProjectLogs runs an SQL query across the project, GET /logs?query=.
// The SQL names its logstore in FROM and must bound __time__/__date__.
func (c *Client) GetProjectLogs(ctx context.Context, sql string) (*LogsResult, error) {
	if strings.TrimSpace(sql) == "" {
		return nil, fmt.Errorf("%w: GetProjectLogs needs an SQL query", ErrInvalidRequest)
	}
	return c.getLogsV1(ctx, "/logs", url.Values{"query": {sql}})
}

// getLogsV1 runs a classic GET log query (GetLogs or GetProjectLogs).
func (c *Client) getLogsV1(ctx context.Context, path string, params url.Values) (*LogsResult, error) {
	return c.logsUntilComplete(ctx, Describe(http.MethodGet, path, params), func() (logsBody, http.Header, error) {
		return getDecoded(ctx, c, path, params, decodeLogsBody)
	})
}

// logsUntilComplete repeats fetch, one call of a log query, while SLS
// answers Incomplete; request describes the call for the executed query.
func (c *Client) logsUntilComplete(ctx context.Context, request string, fetch func() (logsBody, http.Header, error)) (*LogsResult, error) {
	res := &LogsResult{Request: request}
	err := c.untilComplete(ctx, func() (bool, error) {
		body, header, err := fetch()
		res.Calls++
		if err != nil {
			return false, err
		}
		res.Logs = body.Logs
		res.Complete = progressOf(header, body.Progress) == ProgressComplete
		res.Count = int64(len(body.Logs))
		if n, ok := headerInt(header.Get("x-log-count")); ok {
			res.Count = n
		} else if body.HasCount {
			res.Count = body.Count
		}
		res.HasSQL = strings.EqualFold(header.Get("x-log-has-sql"), "true")
		return res.Complete, nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// progressOf prefers the x-log-progress header over the body's "progress";
// with neither, the answer is complete (plain array bodies carry none).
func progressOf(h http.Header, bodyProgress string) string {
	p := strings.TrimSpace(h.Get("x-log-progress"))
	if p == "" {
		p = strings.TrimSpace(bodyProgress)
	}
	if strings.EqualFold(p, ProgressIncomplete) {
		return ProgressIncomplete
	}
	return ProgressComplete
}

// untilComplete repeats call while it reports an incomplete answer, as the
// GetLogs page asks ("call again with the same parameters"), backing off
// from progress.Initial to progress.Max. When the query's time is nearly
// up it stops and leaves the last (partial) answer for the caller to flag.
func (c *Client) untilComplete(ctx context.Context, call func() (complete bool, err error)) error {
	delay := c.progress.Initial
	answered := false
	for {
		complete, err := call()
		if err != nil {
			if answered && ctx.Err() != nil {
				return nil // keep the last partial answer
			}
			return err
		}
		answered = true
		if complete {
			return nil
		}
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < delay+deadlineMargin {
			return nil
		}
		if !retry.Sleep(ctx, delay) {
			return nil
		}
		delay = min(2*delay, c.progress.Max)
	}
}

// deadlineMargin is kept free before the query deadline so that a partial
// answer can still be turned into frames and sent.
const deadlineMargin = 300 * time.Millisecond
