// Package macros expands the time macros of SLS SQL ($__timeFilter and
// friends) and holds the rule that turns a dashboard time range into the
// Unix seconds SLS takes. Pure functions: no clock, no I/O.
package slsservice

import (
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// UnixRange converts a dashboard range to SLS's [from, to) in Unix seconds:
// from rounds down and to rounds up, so no log of the range is left out. A
// range shorter than a second is widened to one second, because SLS rejects
// from == to as an invalid interval.
func UnixRange(tr backend.TimeRange) (from, to int64) {
	from = floorUnix(tr.From)
	to = floorUnix(tr.To)
	if tr.To.Sub(time.Unix(to, 0)) > 0 {
		to++
	}
	if to <= from {
		to = from + 1
	}
	return from, to
}

// floorUnix is t in whole seconds rounded towards the past (also before 1970).
func floorUnix(t time.Time) int64 {
	s := t.Unix()
	if time.Unix(s, 0).After(t) {
		s--
	}
	return s
}
