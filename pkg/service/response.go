package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// Meta is what Grafana shows about how an answer was made: the executed
// query (the query inspector) and notices (the panel's warning triangle).
type Meta struct {
	Executed string
	Notices  []data.Notice
	// Partial says why the answer is partial (MarkPartial); empty when whole.
	Partial []Partial
}

// Info adds an informational notice.
func (m *Meta) Info(format string, args ...any) {
	m.Notices = append(m.Notices, data.Notice{Severity: data.NoticeSeverityInfo, Text: fmt.Sprintf(format, args...)})
}

// Warn adds a warning: the answer may be incomplete or not what was asked.
func (m *Meta) Warn(format string, args ...any) {
	m.Notices = append(m.Notices, data.Notice{Severity: data.NoticeSeverityWarning, Text: fmt.Sprintf(format, args...)})
}

// Respond is the answer made of frames: each frame keeps its own type and
// preferred visualisation and gets the executed query and the notices.
func (m Meta) Respond(frames ...*data.Frame) backend.DataResponse {
	for _, f := range frames {
		if f.Meta == nil {
			f.Meta = &data.FrameMeta{}
		}
		f.Meta.ExecutedQueryString = m.Executed
		if len(m.Notices) > 0 {
			f.Meta.Notices = append(append([]data.Notice(nil), f.Meta.Notices...), m.Notices...)
		}
		if len(m.Partial) > 0 {
			f.Meta.Custom = &FrameCustom{Partial: append([]Partial(nil), m.Partial...)}
		}
	}
	return backend.DataResponse{Frames: frames}
}

// BadQuery is the answer to a query the user must fix (a missing field, a
// bad value): a 400 on the user's side, with the message as it is.
func BadQuery(err error) backend.DataResponse {
	return backend.DataResponse{Error: backend.DownstreamError(err), ErrorSource: backend.ErrorSourceDownstream, Status: backend.StatusBadRequest}
}

// Error is the answer to a failed call to the vendor: on the user's or the
// vendor's side (not a plugin bug), with the status from Status. The error
// text is the client's: the vendor's code and message and what to do.
func Error(err error) backend.DataResponse {
	return backend.DataResponse{Error: backend.DownstreamError(err), ErrorSource: backend.ErrorSourceDownstream, Status: Status(err)}
}

// StatusError is implemented by the clients' error types: the HTTP status
// that best says what kind of failure it was (401 bad keys, 404 no such
// logstore, 429 throttled, 502 vendor or network failure...).
type StatusError interface {
	error
	Status() int
}

// Status is the one mapping of errors to statuses, for queries and for
// resource look-ups alike: a deadline is 504, a client error says its own
// status, anything else failed between Grafana and the vendor (502).
func Status(err error) backend.Status {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return backend.StatusTimeout
	}
	var se StatusError
	if errors.As(err, &se) {
		if s := se.Status(); s >= 400 && s <= 599 {
			return backend.Status(s)
		}
	}
	return backend.StatusBadGateway
}

// WriteJSON answers a resource request with a JSON body.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// WriteErrorMessage answers a resource request with {"error": msg}.
func WriteErrorMessage(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(ErrorJSON(msg))
}

// WriteList answers a look-up of a list: the list (never null), or the
// look-up's error with its status.
func WriteList[T any](w http.ResponseWriter, list []T, err error) {
	if err != nil {
		WriteError(w, err)
		return
	}
	if list == nil {
		list = []T{}
	}
	WriteJSON(w, http.StatusOK, list)
}

// WriteError answers a failed resource look-up with the error's status.
func WriteError(w http.ResponseWriter, err error) {
	WriteErrorMessage(w, int(Status(err)), err.Error())
}

// ErrorJSON is the body {"error": msg} every failed look-up answers.
func ErrorJSON(msg string) []byte {
	b, _ := json.Marshal(map[string]string{"error": msg})
	return b
}
