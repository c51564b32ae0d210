package slsemu

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// apiError is an answer in SLS's error shape: the HTTP status plus the
// errorCode/errorMessage body every SDK parses.
type apiError struct {
	Status  int
	Code    string
	Message string
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

func errorf(status int, code, format string, args ...any) *apiError {
	return &apiError{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

func badRequest(code, format string, args ...any) *apiError {
	return errorf(http.StatusBadRequest, code, format, args...)
}

// requestIDs hands out SLS-looking request ids (24 upper-case hex digits):
// the process start time keeps ids of two runs apart, the counter keeps them
// unique within a run.
type requestIDs struct {
	prefix string
	n      atomic.Uint64
}

func newRequestIDs() *requestIDs {
	return &requestIDs{prefix: fmt.Sprintf("%08X", uint32(time.Now().Unix()))}
}

func (g *requestIDs) next() string {
	return g.prefix + fmt.Sprintf("%016X", g.n.Add(1))
}

func writeAPIError(w http.ResponseWriter, reqID string, e *apiError) {
	body, _ := json.Marshal(map[string]string{
		"errorCode":    e.Code,
		"errorMessage": e.Message,
		"requestId":    reqID,
	})
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("x-log-requestid", reqID)
	w.WriteHeader(e.Status)
	_, _ = w.Write(body)
}
