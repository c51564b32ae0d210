package plugin

import (
	"errors"
	"net/http"
	"strings"

	"github.com/logbridge/cloudlogs/pkg/scf"
)

// handleFunctions answers GET functions?namespace=: every function of the
// namespace (all pages), for the query editor's function picker.
func (s *scfService) handleFunctions(w http.ResponseWriter, r *http.Request) {
	ns := strings.TrimSpace(r.URL.Query().Get("namespace"))
	if ns == "" {
		ns = s.settings.SCF.Namespace
	}
	fns, err := s.client.AllFunctions(r.Context(), ns)
	if err != nil {
		if s.client.APIVersion() == scf.APIv2 && scf.IsUnsupportedAction(err) {
			writeError(w, http.StatusNotImplemented, "the legacy v2 API cannot list functions here; type the function name in the query editor")
			return
		}
		writeError(w, resourceStatus(err), err.Error())
		return
	}
	if fns == nil {
		fns = []scf.Function{}
	}
	writeJSON(w, http.StatusOK, fns)
}

// handleNamespaces answers GET namespaces. The legacy v2 API has no
// namespaces: it answers the configured one.
func (s *scfService) handleNamespaces(w http.ResponseWriter, r *http.Request) {
	if s.client.APIVersion() == scf.APIv2 {
		writeJSON(w, http.StatusOK, []scf.Namespace{{Name: s.settings.SCF.Namespace, Description: ""}})
		return
	}
	nss, err := s.client.ListNamespaces(r.Context())
	if err != nil {
		writeError(w, resourceStatus(err), err.Error())
		return
	}
	if nss == nil {
		nss = []scf.Namespace{}
	}
	writeJSON(w, http.StatusOK, nss)
}

func resourceStatus(err error) int {
	var api *scf.APIError
	switch {
	case scf.IsNetwork(err):
		return http.StatusBadGateway
	case errors.As(err, &api) && api.IsAuth():
		return http.StatusUnauthorized
	case errors.As(err, &api) && strings.HasPrefix(api.Code, "ResourceNotFound"):
		return http.StatusNotFound
	case errors.As(err, &api) && api.Code == "RequestLimitExceeded":
		return http.StatusTooManyRequests
	}
	return http.StatusBadRequest
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}
