package service

import (
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// PartialCause says why an answer holds less than the vendor has for the
// query, so that an alert rule does not evaluate it as if it were whole.
//
// Reaching a limit the user set (the query's limit, an SQL LIMIT, the data
// source's maxRows on the rows shown) is not partial: the answer is then
// exactly what was asked for, "the first N", and says so in an info or
// warning notice. Partial is what the user did not ask for: the vendor not
// finished, the query's time running out, or a cap of the vendor's or of
// the plugin's own scan that left part of the range unread.
type PartialCause string

const (
	// PartialProgress: SLS still answered Incomplete (its progress) when
	// the query's time ran out, after repeating the request.
	PartialProgress PartialCause = "progress"
	// PartialDeadline: the query's time ran out before every page of a
	// paged read answered; the answer holds the pages before the first
	// missing one.
	PartialDeadline PartialCause = "deadline"
	// PartialCursorCap: CLS stopped listing logs (its 10,000-log cursor cap
	// inside one millisecond, or an expired cursor) before the range's end.
	PartialCursorCap PartialCause = "cursorCap"
	// PartialScanCap: the plugin's safety cap on invocations read
	// (SCF, maxRows × 10) stopped a scan the answer needed whole (metrics,
	// log volume, a sort SCF cannot do).
	PartialScanCap PartialCause = "scanCap"
)

// Partial is one reason an answer is partial, with the text the panel
// shows for it.
type Partial struct {
	Cause   PartialCause `json:"cause"`
	Message string       `json:"message"`
}

// FrameCustom is what the plugin puts in a frame's Meta.Custom: the
// machine-readable partial flag, which the plugin reads for alert rules and
// which the query inspector shows.
type FrameCustom struct {
	Partial []Partial `json:"partial,omitempty"`
}

// MarkPartial records that the answer is partial for cause and adds the
// warning the panel shows.
func (m *Meta) MarkPartial(cause PartialCause, format string, args ...any) {
	text := fmt.Sprintf(format, args...)
	m.Partial = append(m.Partial, Partial{Cause: cause, Message: text})
	m.Notices = append(m.Notices, data.Notice{Severity: data.NoticeSeverityWarning, Text: text})
}

// PartialOf is the partial flags of an answer (nil when it is whole), as
// Meta.Respond set them on its frames.
func PartialOf(r backend.DataResponse) []Partial {
	for _, f := range r.Frames {
		if f.Meta == nil {
			continue
		}
		if c, ok := f.Meta.Custom.(*FrameCustom); ok && len(c.Partial) > 0 {
			return c.Partial
		}
	}
	return nil
}
