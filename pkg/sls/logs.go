package sls

import (
	"strconv"
	"strings"
)

// Field is one key of a log or SQL row. SLS sends every value as a string
// (the seed's example sends __time__ as a number); null is kept apart from "".
type Field struct {
	Key   string
	Value string
	Null  bool
}

// Log is one log line or SQL result row, keys in the order SLS sent them
// (for SQL, the order of the select list).
type Log []Field

// Get returns the value of key.
func (l Log) Get(key string) (string, bool) {
	for _, f := range l {
		if f.Key == key {
			return f.Value, !f.Null
		}
	}
	return "", false
}

// Progress values of x-log-progress.
const (
	ProgressComplete   = "Complete"
	ProgressIncomplete = "Incomplete"
)

// logsBody is a decoded GetLogs/GetProjectLogs body. The seed's text says the
// body is an array of logs while its example shows an object with progress,
// count and logs; both are accepted.
type logsBody struct {
	Logs     []Log
	Progress string
	Count    int64
	HasCount bool
}

// headerInt parses an integer response header such as x-log-count.
func headerInt(v string) (int64, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	return n, err == nil
}
