package scfemu

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"strconv"

	"github.com/logbridge/cloudlogs/pkg/emulator/tc3verify"
	"github.com/logbridge/cloudlogs/pkg/emulator/tcparams"
)

const (
	apiVersion = "2018-04-16"
	service    = "scf"
)

// v3Actions are the actions served; knownActions are other SCF actions that
// answer UnsupportedOperation rather than InvalidAction.
var (
	v3Actions    = map[string]bool{"GetFunctionLogs": true, "ListFunctions": true, "ListNamespaces": true, "GetFunction": true}
	knownActions = map[string]bool{
		"Invoke": true, "InvokeFunction": true, "CreateFunction": true, "DeleteFunction": true,
		"UpdateFunctionCode": true, "UpdateFunctionConfiguration": true, "GetRequestStatus": true, "ListVersionByFunction": true,
		"ListAliases": true, "ListTriggers": true, "CreateNamespace": true, "DeleteNamespace": true, "GetAccount": true,
	}
)

type v3Envelope struct {
	Response any `json:"Response"`
}

type v3ErrorBody struct {
	Error     v3ErrorDetail `json:"Error"`
	RequestID string        `json:"RequestId"`
}

type v3ErrorDetail struct {
	Code    string `json:"Code"`
	Message string `json:"Message"`
}

func v3ErrorEnvelope(e *apiError, language, requestID string) v3Envelope {
	return v3Envelope{Response: v3ErrorBody{Error: v3ErrorDetail{Code: e.Code, Message: e.message(language)}, RequestID: requestID}}
}

// writeV3Error answers HTTP 200 with Response.Error, as API 3.0 does for
// every API error.
func writeV3Error(w http.ResponseWriter, e *apiError, language string) {
	writeJSON(w, http.StatusOK, v3ErrorEnvelope(e, language, newRequestID()))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	buf := bodyBuffers.Get().(*[]byte)
	body, err := marshalAnswer((*buf)[:0], v)
	if err != nil {
		status = http.StatusInternalServerError
		body = []byte(`{"Response":{"Error":{"Code":"InternalError","Message":"encoding the answer failed"}}}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
	if cap(body) <= maxKeptBody { // whichever wrote it, body is a buffer for the next answer
		*buf = body[:0]
		bodyBuffers.Put(buf)
	}
}

// v3Call is an authenticated API 3.0 request.
type v3Call struct {
	action   string
	region   string
	secretID string
	language string
	params   []byte // JSON object of the action's parameters
}

func (s *Server) serveV3(w http.ResponseWriter, r *http.Request, body []byte) {
	language := r.Header.Get("X-TC-Language")
	call, apiErr := s.authenticateV3(r, body)
	if apiErr != nil {
		writeV3Error(w, apiErr, language)
		return
	}
	var result any
	switch call.action {
	case "GetFunctionLogs":
		if !s.limiter.allow(call.secretID) {
			apiErr = errRequestLimitExceeded()
			break
		}
		result, apiErr = s.v3GetFunctionLogs(call.params)
	case "ListFunctions":
		result, apiErr = s.v3ListFunctions(call.params)
	case "ListNamespaces":
		result, apiErr = s.v3ListNamespaces(call.params)
	case "GetFunction":
		result, apiErr = s.v3GetFunction(call.params)
	}
	if apiErr != nil {
		writeV3Error(w, apiErr, language)
		return
	}
	writeJSON(w, http.StatusOK, v3Envelope{Response: result})
}

// authenticateV3 checks, in order: method and body type, action, version,
// timestamp, Authorization (key, scope, signature), token, region.
func (s *Server) authenticateV3(r *http.Request, body []byte) (v3Call, *apiError) {
	call := v3Call{language: r.Header.Get("X-TC-Language")}
	contentType := r.Header.Get("Content-Type")
	switch r.Method {
	case http.MethodPost:
		media, _, _ := mime.ParseMediaType(contentType)
		if media != "application/json" {
			return call, errInvalidAuthorization(fmt.Sprintf("POST needs Content-Type: application/json and a TC3-HMAC-SHA256 signature (got %q); the emulator does not serve signature v1 on API 3.0.", contentType))
		}
	case http.MethodGet:
	default:
		return call, errInvalidParameter(fmt.Sprintf("method %s is not supported; use POST (JSON body) or GET (query).", r.Method))
	}

	call.action = r.Header.Get("X-TC-Action")
	if !v3Actions[call.action] {
		if knownActions[call.action] {
			return call, errUnsupportedOperation(call.action)
		}
		return call, errInvalidAction(call.action)
	}
	if v := r.Header.Get("X-TC-Version"); v != apiVersion {
		return call, errNoSuchVersion(v)
	}
	secretID, failure := tc3verify.Verify(r, body, tc3verify.Keys{
		Service: service, KeyID: s.cfg.KeyID, KeySecret: s.cfg.KeySecret, Token: s.cfg.Token, Temporary: s.cfg.TempKeys, Now: s.cfg.WallClock(),
	})
	if failure != nil {
		return call, authError(failure)
	}
	call.secretID = secretID

	call.region = r.Header.Get("X-TC-Region")
	if call.region == "" {
		return call, errMissingParameter("X-TC-Region")
	}
	if !regions[call.region] {
		return call, errUnsupportedRegion(call.region)
	}

	if r.Method == http.MethodGet {
		var err error
		call.params, err = tcparams.FromQuery(r.URL.RawQuery)
		if err != nil {
			return call, errInvalidParameter(err.Error())
		}
	} else {
		call.params = body
		if len(bytes.TrimSpace(body)) == 0 {
			call.params = []byte("{}")
		}
	}
	return call, nil
}

// authError is a TC3 verification failure in SCF's error shape.
func authError(f *tc3verify.Failure) *apiError {
	switch f.Kind {
	case tc3verify.MissingTimestamp:
		return errMissingParameter(f.Detail)
	case tc3verify.BadTimestamp:
		return errInvalidParameter(f.Detail)
	case tc3verify.InvalidAuthorization:
		return errInvalidAuthorization(f.Detail)
	case tc3verify.SignatureExpire:
		return errSignatureExpire(f.Timestamp, f.Now)
	case tc3verify.SecretIDNotFound:
		return errSecretIDNotFound()
	case tc3verify.TokenFailure:
		return errTokenFailure()
	}
	return errSignatureFailure(f.Detail)
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// decodeParams decodes an action's JSON parameters, rejecting unknown names
// as API 3.0 does (UnknownParameter).
func decodeParams(params []byte, into any) *apiError {
	e := tcparams.Decode(params, into)
	switch {
	case e == nil:
		return nil
	case e.Code == "UnknownParameter":
		return newError("UnknownParameter", fmt.Sprintf("未知参数错误。参数 %s 未定义。", e.Name), fmt.Sprintf("The parameter %s is not defined for this action.", e.Name))
	}
	return errInvalidParameter(e.Detail)
}

// flexInt is an integer parameter that also accepts a numeric string (GET).
type flexInt = tcparams.FlexInt
