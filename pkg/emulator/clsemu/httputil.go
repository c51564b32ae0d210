package clsemu

import (
	"compress/gzip"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
)

type envelope struct {
	Response any `json:"Response"`
}

type errorBody struct {
	Error     errorDetail `json:"Error"`
	RequestID string      `json:"RequestId"`
}

type errorDetail struct {
	Code    string `json:"Code"`
	Message string `json:"Message"`
}

func errorEnvelope(e *apiError, language string) envelope {
	return envelope{Response: errorBody{Error: errorDetail{Code: e.Code, Message: e.message(language)}, RequestID: newRequestID()}}
}

// writeJSON answers status with v, gzip-compressed when the client accepts
// it (CLS recommends gzip for its up-to-49 MB answers).
func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		body = []byte(`{"Response":{"Error":{"Code":"InternalError","Message":"encoding the answer failed"}}}`)
	}
	w.Header().Set("Content-Type", "application/json")
	if r != nil && acceptsGzip(r) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Vary", "Accept-Encoding")
		w.WriteHeader(status)
		gz := gzip.NewWriter(w)
		_, _ = gz.Write(body)
		_ = gz.Close()
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}

// badGatewayPage is what the API's front proxy sends for a 502: not JSON.
const badGatewayPage = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"

// inject answers a drawn fault in API 3.0's shape, as scfemu does.
func (s *Server) inject(w http.ResponseWriter, fault knobs.Fault) {
	switch fault {
	case knobs.FaultServerError:
		if s.requests.Add(1)%2 == 0 {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			_, _ = w.Write([]byte(badGatewayPage))
			return
		}
		writeJSON(w, nil, http.StatusInternalServerError, errorEnvelope(errInternal(), ""))
	case knobs.FaultThrottle:
		writeJSON(w, nil, http.StatusOK, errorEnvelope(errRequestLimitExceeded(), ""))
	case knobs.FaultTruncate:
		body, _ := json.Marshal(errorEnvelope(errInternal(), ""))
		knobs.WriteTruncated(w, "application/json", body)
	case knobs.FaultReset:
		knobs.ResetConnection(w)
	default: // busy
		writeJSON(w, nil, http.StatusOK, errorEnvelope(errInternal(), ""))
	}
}
