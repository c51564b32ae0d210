package livetail

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Spec is how one logs query type is tailed.
type Spec struct {
	QueryType string
	// Delay is the ingestion delay: how long after its time a line may
	// still become visible to a query.
	Delay time.Duration
	// Interval is the pause between polls. Every poll is one logs query
	// (a few requests when it pages), counted by the same per-key pacing
	// and per-project / per-topic slots as any query (pkg/limits).
	Interval time.Duration
	// WholeRuns: the query selects runs by their start and a run's lines
	// come with it, so a poll sends a run's lines past the horizon too.
	WholeRuns bool
	// poll is what a poll's query sets on the user's query: oldest first,
	// so an answer cut by the limit is the start of the window and the
	// rest follows in the next polls, and no log volume.
	poll map[string]any
}

// Limit is the most lines one poll asks for (capped by the data source's
// maxRows); it is also the size of the live buffer the editor keeps.
const Limit = 1000

// Specs are the query types that can be tailed.
//
// SLS makes a line searchable about 3 seconds after it is written. CLS
// gives no figure; 5 seconds covers what its index takes in practice, and
// SCF's logs go through CLS (or GetFunctionLogs, which reads the same
// store), so it gets the same; an SCF run's lines are sent with the run
// (WholeRuns), since its queries select runs by their start. Polls every 2 seconds stay far inside SLS's
// and CLS's query quotas and SCF's pacing for one tail.
var Specs = []Spec{
	{QueryType: "slsLogs", Delay: 3 * time.Second, Interval: 2 * time.Second,
		poll: map[string]any{"reverse": false, "offset": 0, "logVolume": false}},
	{QueryType: "clsLogs", Delay: 5 * time.Second, Interval: 2 * time.Second,
		poll: map[string]any{"sort": "asc", "logVolume": false}},
	{QueryType: "scfLogs", Delay: 5 * time.Second, Interval: 2 * time.Second, WholeRuns: true,
		poll: map[string]any{"orderBy": "startTime", "order": "asc", "offset": 0, "logVolume": false}},
}

// Query is a query to tail: its type, its spec and the query JSON of
// every poll.
type Query struct {
	Spec
	// Poll is the user's query with the spec's poll fields and the limit.
	Poll json.RawMessage
	// Limit is the limit a poll asks for.
	Limit int
}

// ParseQuery reads the query a client subscribes with on path (the
// channel's key must be the query's) for a data source whose rows are
// capped at maxRows. The query's own fields are checked by its service.
func ParseQuery(path string, raw json.RawMessage, maxRows int) (Query, error) {
	if err := CheckPath(path, raw); err != nil {
		return Query{}, err
	}
	var obj map[string]any
	if err := json.Unmarshal(raw, &obj); err != nil {
		return Query{}, fmt.Errorf("live tail: the query is not a JSON object: %w", err)
	}
	qt, _ := obj["queryType"].(string)
	i := slices.IndexFunc(Specs, func(s Spec) bool { return s.QueryType == qt })
	if i < 0 {
		return Query{}, fmt.Errorf("live tail follows logs queries (%s); query type %q cannot be tailed", strings.Join(TailedTypes(), ", "), qt)
	}
	q := Query{Spec: Specs[i], Limit: Limit}
	if maxRows > 0 && maxRows < q.Limit {
		q.Limit = maxRows
	}
	for k, v := range q.poll {
		obj[k] = v
	}
	obj["limit"] = q.Limit
	var err error
	q.Poll, err = json.Marshal(obj)
	return q, err
}

// TailedTypes are the query types live tail follows.
func TailedTypes() []string {
	out := make([]string, len(Specs))
	for i, s := range Specs {
		out[i] = s.QueryType
	}
	return out
}
