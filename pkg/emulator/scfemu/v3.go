package scfemu

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"
)

const (
	apiVersion = "2018-04-16"
	service    = "scf"
	// signatureMaxSkew is API 3.0's accepted clock difference.
	signatureMaxSkew = 5 * time.Minute
)

// v3Actions are the actions served; knownActions are other SCF actions that
// answer UnsupportedOperation rather than InvalidAction.
var (
	v3Actions    = map[string]bool{"GetFunctionLogs": true, "ListFunctions": true, "ListNamespaces": true}
	knownActions = map[string]bool{
		"Invoke": true, "InvokeFunction": true, "CreateFunction": true, "DeleteFunction": true, "GetFunction": true,
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
	body, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		body = []byte(`{"Response":{"Error":{"Code":"InternalError","Message":"encoding the answer failed"}}}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
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
	rawTS := r.Header.Get("X-TC-Timestamp")
	if rawTS == "" {
		return call, errMissingParameter("X-TC-Timestamp")
	}
	ts, err := strconv.ParseInt(rawTS, 10, 64)
	if err != nil {
		return call, errInvalidParameter(fmt.Sprintf("X-TC-Timestamp %q is not Unix seconds.", rawTS))
	}

	auth, err := parseTC3Authorization(r.Header.Get("Authorization"))
	if err != nil {
		return call, errInvalidAuthorization(err.Error())
	}
	if !contains(auth.SignedHeaders, "content-type") || !contains(auth.SignedHeaders, "host") {
		return call, errInvalidAuthorization("SignedHeaders must include content-type and host.")
	}
	now := s.cfg.WallClock()
	if d := now.Sub(time.Unix(ts, 0)); d > signatureMaxSkew || d < -signatureMaxSkew {
		return call, errSignatureExpire(ts, now.Unix())
	}
	if auth.SecretID != s.cfg.KeyID {
		return call, errSecretIDNotFound()
	}
	if auth.Service != service {
		return call, errSignatureFailure(fmt.Sprintf("Credential scope service is %q; it must be %q.", auth.Service, service))
	}
	if auth.Date != TC3Date(ts) {
		return call, errSignatureFailure(fmt.Sprintf("Credential scope date %s is not the UTC date of X-TC-Timestamp (%s).", auth.Date, TC3Date(ts)))
	}
	headers := map[string]string{}
	for _, name := range auth.SignedHeaders {
		if name == "host" {
			headers[name] = r.Host
		} else {
			headers[name] = r.Header.Get(name)
		}
	}
	want := TC3Signature(TC3Input{
		Method: r.Method, Query: r.URL.RawQuery, Headers: headers, Payload: body,
		Timestamp: ts, Service: service, SecretKey: s.cfg.KeySecret, SignedNames: auth.SignedHeaders,
	})
	if auth.Signature != want {
		return call, errSignatureFailure("")
	}
	if token := r.Header.Get("X-TC-Token"); token != "" && token != s.cfg.Token {
		return call, errTokenFailure()
	}
	call.secretID = auth.SecretID

	call.region = r.Header.Get("X-TC-Region")
	if call.region == "" {
		return call, errMissingParameter("X-TC-Region")
	}
	if !regions[call.region] {
		return call, errUnsupportedRegion(call.region)
	}

	if r.Method == http.MethodGet {
		call.params, err = queryToJSON(r.URL.RawQuery)
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

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// queryToJSON turns a GET query into the JSON the POST form would carry:
// "Filter.RetCode=x" -> {"Filter":{"RetCode":"x"}}, "Filters.0.Name=x" ->
// {"Filters":[{"Name":"x"}]}. Values stay strings; numeric fields accept them.
func queryToJSON(raw string) ([]byte, error) {
	values, err := url.ParseQuery(raw)
	if err != nil {
		return nil, fmt.Errorf("the query string cannot be parsed: %v", err)
	}
	root := map[string]any{}
	for key, vs := range values {
		if err := setPath(root, strings.Split(key, "."), vs[0]); err != nil {
			return nil, fmt.Errorf("query parameter %q: %v", key, err)
		}
	}
	return json.Marshal(listify(root))
}

func setPath(node map[string]any, path []string, value string) error {
	if len(path) == 1 {
		// Keys come in any order: a structure set first is as much a clash
		// as a value set first.
		if _, isStruct := node[path[0]].(map[string]any); isStruct {
			return errors.New("is both a value and a structure")
		}
		node[path[0]] = value
		return nil
	}
	child, ok := node[path[0]].(map[string]any)
	if !ok {
		if _, taken := node[path[0]]; taken {
			return errors.New("is both a value and a structure")
		}
		child = map[string]any{}
		node[path[0]] = child
	}
	return setPath(child, path[1:], value)
}

// listify turns non-empty maps keyed 0..n-1 into arrays.
func listify(v any) any {
	m, ok := v.(map[string]any)
	if !ok || len(m) == 0 {
		return v
	}
	for k, child := range m {
		m[k] = listify(child)
	}
	list := make([]any, len(m))
	for k, child := range m {
		i, err := strconv.Atoi(k)
		if err != nil || i < 0 || i >= len(m) {
			return m
		}
		list[i] = child
	}
	return list
}

// decodeParams decodes an action's JSON parameters, rejecting unknown names
// as API 3.0 does (UnknownParameter).
func decodeParams(params []byte, into any) *apiError {
	dec := json.NewDecoder(bytes.NewReader(params))
	dec.DisallowUnknownFields()
	if err := dec.Decode(into); err != nil {
		var typeErr *json.UnmarshalTypeError
		switch {
		case errors.As(err, &typeErr):
			return errInvalidParameter(fmt.Sprintf("%s has the wrong type: want %s.", typeErr.Field, typeErr.Type))
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			name := strings.TrimPrefix(err.Error(), "json: unknown field ")
			return newError("UnknownParameter", fmt.Sprintf("未知参数错误。参数 %s 未定义。", name), fmt.Sprintf("The parameter %s is not defined for this action.", name))
		default:
			return errInvalidParameter(fmt.Sprintf("the body is not a JSON object: %v.", err))
		}
	}
	return nil
}

// flexInt is an integer parameter that also accepts a numeric string, since
// GET requests carry every value as a string.
type flexInt struct {
	Value int64
}

func (f *flexInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "null" {
		return nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return &json.UnmarshalTypeError{Value: string(b), Type: reflectTypeInt}
	}
	f.Value = v
	return nil
}

var reflectTypeInt = reflect.TypeOf(int64(0))
