// Package livetail follows new log lines of a logs query for Grafana Live:
// the cursor that decides which lines of a poll are new (cursor.go), the
// channel path a query is tailed on (key.go), what each service's logs
// query type needs to be polled (spec.go) and the poll loop (tail.go).
// It knows no vendor client: a poll is a function the plugin gives it.
package livetail

import (
	"slices"
	"time"
)

// Row is what the cursor needs of a log line: its time and its id, which
// is stable across queries (the logs frame's id field).
type Row struct {
	Time time.Time
	ID   string
}

// Cursor remembers how far a tail has read and which lines it has sent.
//
// Lines reach a vendor's index up to an ingestion delay after their time,
// so a poll at now reads only up to the horizon now − delay, where every
// line should already be visible; lines are then sent in time order. To
// also catch a line later than the delay promises, each poll reads again
// the delay before the cursor's time, and the ids sent since then are
// remembered so that nothing is sent twice.
type Cursor struct {
	// Time is how far the tail has read: every line up to it was seen
	// (the horizon of the last poll, or the last line of a full answer).
	Time time.Time
	// floor is when the tail started: older lines are not tailed.
	floor time.Time
	delay time.Duration
	// catchUp is set after an answer that held as many lines as the limit:
	// the next poll starts at Time without reading the delay again, so a
	// burst is read through in successive polls.
	catchUp bool
	sent    map[string]time.Time
	// PastHorizon sends the lines past the horizon that a poll answers
	// too, rather than holding them for a later poll: for SCF, whose
	// queries select runs by their start, so a run's later lines come only
	// with the run.
	PastHorizon bool
}

// NewCursor starts a tail at start: lines from start on are sent.
func NewCursor(start time.Time, delay time.Duration) *Cursor {
	return &Cursor{Time: start, floor: start, delay: delay, sent: map[string]time.Time{}}
}

// Window is the range the next poll reads: from the cursor's time, less the
// delay unless catching up, to the horizon now − delay.
func (c *Cursor) Window(now time.Time) (from, to time.Time) {
	from = c.Time
	if !c.catchUp {
		from = from.Add(-c.delay)
	}
	to = now.Add(-c.delay)
	if to.Before(c.Time) {
		to = c.Time
	}
	return from, to
}

// Advance takes the rows one poll answered for a window ending at horizon
// (full: the answer held as many lines as the poll's limit) and returns
// the indexes of the rows to send, in time order: those not sent yet, from
// the tail's start up to the horizon. skipped is true when a full answer
// made no progress (more lines at one time than the limit): the cursor
// then moves on to the horizon and those lines are not all sent.
func (c *Cursor) Advance(rows []Row, horizon time.Time, full bool) (send []int, skipped bool) {
	from, _ := c.Window(horizon)
	last := c.Time
	for i, r := range rows {
		if r.Time.After(horizon) {
			// Past the horizon: an answer rounded up to the vendor's
			// resolution, or a run's later lines. The answer is not short
			// of lines before the horizon; the line comes again once
			// settled, unless it comes only with its run.
			full = false
			if !c.PastHorizon {
				continue
			}
		} else if r.Time.After(last) {
			last = r.Time
		}
		if r.Time.Before(c.floor) || r.Time.Before(from) {
			// Before the window: a vendor rounds the window's start down
			// to its resolution (SLS: whole seconds), and the ids of
			// these lines, read by earlier polls, are forgotten.
			continue
		}
		if _, ok := c.sent[r.ID]; ok {
			continue
		}
		c.sent[r.ID] = r.Time
		send = append(send, i)
	}
	slices.SortStableFunc(send, func(a, b int) int { return rows[a].Time.Compare(rows[b].Time) })
	switch {
	case !full:
		c.Time, c.catchUp = horizon, false
	case c.catchUp && !last.After(c.Time):
		c.Time, c.catchUp, skipped = horizon, false, true
	default:
		c.Time, c.catchUp = last, true
	}
	c.trim()
	return send, skipped
}

// trim forgets the ids of lines older than the cursor's time less the
// delay: no later window starts before it (catching up starts later still).
func (c *Cursor) trim() {
	from := c.Time.Add(-c.delay)
	for id, t := range c.sent {
		if t.Before(from) {
			delete(c.sent, id)
		}
	}
}

// Remembered is how many ids the cursor holds (for tests and logs).
func (c *Cursor) Remembered() int { return len(c.sent) }
