package scfservice

import (
	"net/http"
	"strings"

	"github.com/logbridge/cloudlogs/pkg/scf"
	"github.com/logbridge/cloudlogs/pkg/service"
)

// handleFunctions answers GET functions?namespace=: every function of the
// namespace (all pages), for the query editor's function picker.
func (s *Service) handleFunctions(w http.ResponseWriter, r *http.Request) {
	ns := strings.TrimSpace(r.URL.Query().Get("namespace"))
	if ns == "" {
		ns = s.settings.SCF.Namespace
	}
	fns, err := s.client.AllFunctions(r.Context(), ns)
	if err != nil && s.client.APIVersion() == scf.APIv2 && scf.IsUnsupportedAction(err) {
		service.WriteErrorMessage(w, http.StatusNotImplemented, "the legacy v2 API cannot list functions here; type the function name in the query editor")
		return
	}
	service.WriteList(w, fns, err)
}

// handleNamespaces answers GET namespaces. The legacy v2 API has no
// namespaces: it answers the configured one.
func (s *Service) handleNamespaces(w http.ResponseWriter, r *http.Request) {
	if s.client.APIVersion() == scf.APIv2 {
		service.WriteJSON(w, http.StatusOK, []scf.Namespace{{Name: s.settings.SCF.Namespace, Description: ""}})
		return
	}
	nss, err := s.client.ListNamespaces(r.Context())
	service.WriteList(w, nss, err)
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}
