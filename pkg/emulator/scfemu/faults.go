package scfemu

import (
	"encoding/json"
	"net/http"

	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
)

// badGatewayPage is what the API's front proxy sends for a 502: not JSON.
const badGatewayPage = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"

// serverErrorStatus alternates 500 and 502, so clients meet both shapes.
func (s *Server) serverErrorStatus() int {
	if s.requests.Add(1)%2 == 0 {
		return http.StatusBadGateway
	}
	return http.StatusInternalServerError
}

// injectV3 answers a drawn fault in API 3.0's shape.
func (s *Server) injectV3(w http.ResponseWriter, fault knobs.Fault) {
	switch fault {
	case knobs.FaultServerError:
		status := s.serverErrorStatus()
		if status == http.StatusBadGateway {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(status)
			_, _ = w.Write([]byte(badGatewayPage))
			return
		}
		body, _ := json.Marshal(v3ErrorEnvelope(errInternal(), "", newRequestID()))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write(body)
	case knobs.FaultThrottle:
		writeV3Error(w, errRequestLimitExceeded(), "")
	case knobs.FaultBusy:
		writeV3Error(w, errInternal(), "")
	case knobs.FaultTruncate:
		body, _ := json.Marshal(v3ErrorEnvelope(errInternal(), "", newRequestID()))
		knobs.WriteTruncated(w, "application/json", body)
	case knobs.FaultReset:
		knobs.ResetConnection(w)
	default:
		writeV3Error(w, errInternal(), "")
	}
}

// injectV2 answers a drawn fault in the legacy shape.
func (s *Server) injectV2(w http.ResponseWriter, fault knobs.Fault) {
	switch fault {
	case knobs.FaultServerError:
		status := s.serverErrorStatus()
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		if status == http.StatusBadGateway {
			_, _ = w.Write([]byte(badGatewayPage))
		} else {
			_, _ = w.Write([]byte("<html><body><h1>500 Internal Server Error</h1></body></html>\r\n"))
		}
	case knobs.FaultThrottle:
		writeV2Error(w, errRequestLimitExceeded())
	case knobs.FaultBusy:
		writeV2Error(w, errInternal())
	case knobs.FaultTruncate:
		body, _ := json.Marshal(v2ErrorBody(errInternal()))
		knobs.WriteTruncated(w, "application/json", body)
	case knobs.FaultReset:
		knobs.ResetConnection(w)
	default:
		writeV2Error(w, errInternal())
	}
}
