package scf

import "time"

// Window is one API 3.0 time window: [Start, End) in whole seconds. It is
// sent as StartTime = Start and EndTime = End - 1s, because SCF's times are
// whole seconds and its EndTime is inclusive.
type Window struct {
	Start, End time.Time
}

// Last is the inclusive EndTime sent for the window.
func (w Window) Last() time.Time { return w.End.Add(-time.Second) }

// Span is the window's length.
func (w Window) Span() time.Duration { return w.End.Sub(w.Start) }

// PlanWindows splits [from, to) into windows of at most maxSpan, newest
// first when newestFirst. SCF start times are whole seconds, so an
// invocation at second s is in range when from <= s < to: the bounds are
// rounded up to whole seconds.
func PlanWindows(from, to time.Time, maxSpan time.Duration, newestFirst bool) []Window {
	start, end := ceilSecond(from), ceilSecond(to)
	if !start.Before(end) || maxSpan < time.Second {
		return nil
	}
	var out []Window
	if newestFirst {
		for e := end; e.After(start); {
			s := e.Add(-maxSpan)
			if s.Before(start) {
				s = start
			}
			out = append(out, Window{Start: s, End: e})
			e = s
		}
		return out
	}
	for s := start; s.Before(end); {
		e := s.Add(maxSpan)
		if e.After(end) {
			e = end
		}
		out = append(out, Window{Start: s, End: e})
		s = e
	}
	return out
}

// Halves splits a window in two at a whole second, in the order asked.
func (w Window) Halves(newestFirst bool) []Window {
	mid := w.Start.Add((w.Span() / 2).Truncate(time.Second))
	older, newer := Window{w.Start, mid}, Window{mid, w.End}
	if newestFirst {
		return []Window{newer, older}
	}
	return []Window{older, newer}
}

// Contains reports whether t is in [Start, End).
func (w Window) Contains(t time.Time) bool { return !t.Before(w.Start) && t.Before(w.End) }

func ceilSecond(t time.Time) time.Time {
	r := t.Truncate(time.Second)
	if r.Before(t) {
		r = r.Add(time.Second)
	}
	return r
}
