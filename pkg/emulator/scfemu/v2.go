package scfemu

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// v2ReplayWindow is the legacy API's accepted clock difference ("Timestamp
// 与腾讯服务器相差不能超过 2 小时"); a Nonce may not repeat within it.
const v2ReplayWindow = 2 * time.Hour

// v2Request holds the legacy parameters as sent (raw keys, for the
// signature) and by dotted key (filter_retCode == filter.retCode).
type v2Request struct {
	raw    map[string]string
	dotted map[string]string
}

func (p v2Request) get(key string) string { return p.dotted[key] }

// v2Params reads the parameters of a GET query or a POST form body.
func v2Params(r *http.Request, body []byte) (v2Request, error) {
	values, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return v2Request{}, fmt.Errorf("the query string cannot be parsed: %v", err)
	}
	if r.Method == http.MethodPost {
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return v2Request{}, fmt.Errorf("the form body cannot be parsed: %v", err)
		}
		for k, v := range form {
			values[k] = append(values[k], v...)
		}
	}
	p := v2Request{raw: map[string]string{}, dotted: map[string]string{}}
	for k, v := range values {
		p.raw[k] = v[0]
		p.dotted[strings.ReplaceAll(k, "_", ".")] = v[0]
	}
	return p, nil
}

type v2ErrorJSON struct {
	Code     int    `json:"code"`
	Message  string `json:"message"`
	CodeDesc string `json:"codeDesc"`
}

func v2ErrorBody(e *apiError) v2ErrorJSON {
	return v2ErrorJSON{Code: e.V2Code, Message: e.v2Message(), CodeDesc: e.V2Desc}
}

// writeV2Error answers HTTP 200 with a non-zero code, as the legacy API does.
func writeV2Error(w http.ResponseWriter, e *apiError) {
	writeJSON(w, http.StatusOK, v2ErrorBody(e))
}

func (s *Server) serveV2(w http.ResponseWriter, r *http.Request, p v2Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		writeV2Error(w, errInvalidParameter(fmt.Sprintf("method %s is not supported; use GET or a POST form.", r.Method)))
		return
	}
	secretID, apiErr := s.authenticateV2(r, p)
	if apiErr != nil {
		writeV2Error(w, apiErr)
		return
	}
	var result any
	switch p.get("Action") {
	case "GetFunctionLogs":
		if !s.limiter.allow(secretID) {
			writeV2Error(w, errRequestLimitExceeded())
			return
		}
		result, apiErr = s.v2GetFunctionLogs(p)
	case "ListFunctions":
		result, apiErr = s.v2ListFunctions(p)
	}
	if apiErr != nil {
		writeV2Error(w, apiErr)
		return
	}
	writeJSON(w, http.StatusOK, result)
}

// authenticateV2 checks, in order: Action, the common parameters, SecretId,
// Signature, Token, replay (Timestamp window and Nonce), Region.
func (s *Server) authenticateV2(r *http.Request, p v2Request) (string, *apiError) {
	action := p.get("Action")
	if action != "GetFunctionLogs" && action != "ListFunctions" {
		// GetFunction is API 3.0 only: to the legacy API it is an unknown action.
		if (knownActions[action] || v3Actions[action]) && action != "GetFunction" {
			return "", errUnsupportedOperation(action)
		}
		return "", errInvalidAction(action)
	}
	for _, name := range []string{"SecretId", "Signature", "Nonce", "Timestamp"} {
		if p.get(name) == "" {
			return "", errMissingParameter(name).legacy(4000, "MissingParameter")
		}
	}
	secret, wantToken, temporary := s.cfg.KeySecret, s.cfg.Token, false
	if p.get("SecretId") != s.cfg.KeyID {
		tk, ok := s.cfg.TempKeys.Lookup(p.get("SecretId"))
		if !ok {
			return "", errSecretIDNotFound()
		}
		if tk.Expired(s.cfg.WallClock()) {
			return "", errTokenFailure()
		}
		secret, wantToken, temporary = tk.Secret, tk.Token, true
	}
	method := p.get("SignatureMethod")
	got := p.get("Signature")
	matches := func(sortOnOriginal bool) bool {
		source := v2SourceString(r.Method, r.Host, r.URL.Path, p.raw, sortOnOriginal)
		return V2Signature(secret, method, source) == got
	}
	if !matches(false) && !matches(true) {
		return "", errSignatureFailure("签名原文为 " + r.Method + r.Host + r.URL.Path + "?<按参数名排序的参数>，参数值不做 URL 编码。")
	}
	if token := p.get("Token"); (temporary || token != "") && token != wantToken {
		return "", errTokenFailure()
	}
	ts, err := strconv.ParseInt(p.get("Timestamp"), 10, 64)
	if err != nil {
		return "", errInvalidParameter(fmt.Sprintf("Timestamp %q is not Unix seconds.", p.get("Timestamp"))).legacy(4000, "InvalidParameter")
	}
	now := s.cfg.WallClock()
	if d := now.Sub(time.Unix(ts, 0)); d > v2ReplayWindow || d < -v2ReplayWindow {
		return "", errReplay(fmt.Sprintf("Timestamp %d 与服务器时间 %d 相差超过 2 小时。", ts, now.Unix()))
	}
	if !s.nonces.use(p.get("SecretId"), p.get("Nonce"), now) {
		return "", errReplay(fmt.Sprintf("Nonce %s 已使用过，两次请求不能重复。", p.get("Nonce")))
	}
	region := p.get("Region")
	if region == "" {
		return "", errMissingParameter("Region").legacy(4000, "MissingParameter")
	}
	if !regions[region] && !legacyRegions[region] {
		return "", errUnsupportedRegion(region)
	}
	return p.get("SecretId"), nil
}

func errReplay(detail string) *apiError {
	return newError("AuthFailure.RequestReplay", "重放攻击。"+detail, "Replayed request: "+detail).legacy(4500, "RequestReplay")
}

type v2FunctionLog struct {
	FunctionName   string  `json:"functionName"`
	RetMsg         string  `json:"retMsg"`
	RequestID      string  `json:"requestId"`
	StartTime      string  `json:"startTime"`
	RetCode        int64   `json:"retCode"`
	InvokeFinished int64   `json:"invokeFinished"`
	Duration       float64 `json:"duration"`
	BillDuration   int64   `json:"billDuration"`
	MemUsage       int64   `json:"memUsage"`
	Log            string  `json:"log"`
}

type v2LogsResponse struct {
	Code     int             `json:"code"`
	Message  string          `json:"message"`
	CodeDesc string          `json:"codeDesc"`
	Total    int             `json:"total"`
	Data     []v2FunctionLog `json:"data"`
}

func v2Int(p v2Request, name string) (flexInt, *apiError) {
	raw := p.get(name)
	if raw == "" {
		return flexInt{}, nil
	}
	v, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return flexInt{}, errInvalidParameter(fmt.Sprintf("%s %q is not an integer.", name, raw))
	}
	return flexInt{Value: v}, nil
}

// v2GetFunctionLogs serves the legacy action. It has no namespace and no
// time parameters: it pages over every run of the default namespace.
func (s *Server) v2GetFunctionLogs(p v2Request) (any, *apiError) {
	offset, apiErr := v2Int(p, "offset")
	if apiErr != nil {
		return nil, apiErr
	}
	limit, apiErr := v2Int(p, "limit")
	if apiErr != nil {
		return nil, apiErr
	}
	q, apiErr := s.planLogs(logsParams{
		FunctionName: p.get("functionName"), Order: p.get("order"), OrderBy: p.get("orderby"),
		RetCode: p.get("filter.retCode"), RequestID: p.get("requestId"), Offset: offset, Limit: limit,
	})
	if apiErr != nil {
		return nil, apiErr
	}
	s.store.catchUp(q.Now)
	total, page := s.store.query(q)
	out := v2LogsResponse{CodeDesc: "Success", Total: total, Data: make([]v2FunctionLog, len(page))}
	for i, inv := range page {
		out.Data[i] = v2FunctionLog{
			FunctionName: inv.FunctionName, RetMsg: inv.RetMsg, RequestID: inv.RequestID,
			StartTime: s.startTimeString(inv.Start), RetCode: inv.RetCode, InvokeFinished: inv.InvokeFinished,
			Duration: inv.Duration, BillDuration: inv.BillDuration(), MemUsage: inv.MemUsage, Log: inv.Log,
		}
	}
	return out, nil
}

type v2Function struct {
	FunctionID   string `json:"functionId"`
	FunctionName string `json:"functionName"`
	Description  string `json:"description"`
	AddTime      string `json:"addTime"`
	ModTime      string `json:"modTime"`
	Runtime      string `json:"runtime"`
}

type v2ListFunctionsResponse struct {
	Code        int          `json:"code"`
	Message     string       `json:"message"`
	CodeDesc    string       `json:"codeDesc"`
	TotalCount  int          `json:"totalCount"`
	FunctionSet []v2Function `json:"functionSet"`
}

// v2ListFunctions lists the default namespace's functions (offset, limit,
// searchKey), newest first by AddTime.
func (s *Server) v2ListFunctions(p v2Request) (any, *apiError) {
	offset, apiErr := v2Int(p, "offset")
	if apiErr != nil {
		return nil, apiErr
	}
	limit, apiErr := v2Int(p, "limit")
	if apiErr != nil {
		return nil, apiErr
	}
	o, l, apiErr := listPage(offset, limit)
	if apiErr != nil {
		return nil, apiErr
	}
	var matched []Function
	for _, f := range s.functionsIn("default") {
		if strings.Contains(f.Name, p.get("searchKey")) {
			matched = append(matched, f)
		}
	}
	if apiErr := sortFunctions(matched, "AddTime", "DESC"); apiErr != nil {
		return nil, apiErr
	}
	out := v2ListFunctionsResponse{CodeDesc: "Success", TotalCount: len(matched), FunctionSet: []v2Function{}}
	for _, f := range pageOf(matched, o, l) {
		out.FunctionSet = append(out.FunctionSet, v2Function{
			FunctionID: f.FunctionID(), FunctionName: f.Name, Description: f.Description,
			AddTime: s.startTimeString(f.AddTime), ModTime: s.startTimeString(f.ModTime), Runtime: f.Runtime,
		})
	}
	return out, nil
}
