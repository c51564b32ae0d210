package clsemu

import (
	"fmt"
	"mime"
	"net/http"
	"sort"
	"strings"

	"github.com/logbridge/cloudlogs/pkg/emulator/tc3verify"
	"github.com/logbridge/cloudlogs/pkg/emulator/tcparams"
)

const (
	apiVersion = "2020-10-16"
	service    = "cls"
)

// actions are the served actions; each takes the request (for the latency
// knob, which limited actions apply while holding their topic slots) and
// the JSON parameters.
var actions = map[string]func(s *Server, r *http.Request, params []byte) (any, *apiError){
	"SearchLog":            (*Server).searchLog,
	"DescribeLogContext":   (*Server).describeLogContext,
	"DescribeLogHistogram": (*Server).describeLogHistogram,
	"DescribeTopics":       (*Server).describeTopics,
	"DescribeLogsets":      (*Server).describeLogsets,
	"DescribeIndex":        (*Server).describeIndex,
}

// knownActions are other CLS actions: UnsupportedOperation, not InvalidAction.
var knownActions = map[string]bool{
	"CreateTopic": true, "DeleteTopic": true, "ModifyTopic": true, "CreateLogset": true, "DeleteLogset": true,
	"ModifyLogset": true, "CreateIndex": true, "ModifyIndex": true, "DeleteIndex": true, "UploadLog": true,
	"CreateExport": true, "DescribeExports": true, "CreateAlarm": true, "DescribeAlarms": true,
	"DescribeMachineGroups": true, "DescribeConfigs": true, "GetAlarmLog": true, "DescribeDashboards": true,
	"DescribeTopicBaseStatisticsList": true, "QueryMetric": true, "QueryRangeMetric": true,
}

func servedList() string {
	names := make([]string, 0, len(actions))
	for n := range actions {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// regions are the CLS regions the emulator accepts; every region serves
// the same data.
var regions = map[string]bool{
	"ap-guangzhou": true, "ap-shanghai": true, "ap-beijing": true, "ap-chengdu": true, "ap-chongqing": true,
	"ap-nanjing": true, "ap-hongkong": true, "ap-singapore": true, "ap-bangkok": true, "ap-jakarta": true,
	"ap-seoul": true, "ap-tokyo": true, "ap-mumbai": true, "na-siliconvalley": true, "na-ashburn": true,
	"na-toronto": true, "eu-frankfurt": true, "sa-saopaulo": true, "ap-shanghai-fsi": true, "ap-shenzhen-fsi": true,
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, body []byte) {
	language := r.Header.Get("X-TC-Language")
	action, params, apiErr := s.authenticate(r, body)
	if apiErr != nil {
		s.ctl.Sleep(r)
		writeJSON(w, r, http.StatusOK, errorEnvelope(apiErr, language))
		return
	}
	s.slots.count(action)
	result, apiErr := actions[action](s, r, params)
	if apiErr != nil {
		writeJSON(w, r, http.StatusOK, errorEnvelope(apiErr, language))
		return
	}
	writeJSON(w, r, http.StatusOK, envelope{Response: result})
}

// authenticate checks, in order: method and body type, action, version,
// the TC3 signature (tc3verify), region; then reads the parameters.
func (s *Server) authenticate(r *http.Request, body []byte) (string, []byte, *apiError) {
	switch r.Method {
	case http.MethodPost:
		media, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if media != "application/json" {
			return "", nil, errInvalidAuthorization(fmt.Sprintf("POST needs Content-Type: application/json and a TC3-HMAC-SHA256 signature (got %q); the emulator does not serve signature v1.", r.Header.Get("Content-Type")))
		}
	case http.MethodGet:
	default:
		return "", nil, errInvalidParameter(fmt.Sprintf("method %s is not supported; use POST (JSON body) or GET (query).", r.Method))
	}
	action := r.Header.Get("X-TC-Action")
	if actions[action] == nil {
		if knownActions[action] {
			return "", nil, errUnsupportedOperation(action)
		}
		return "", nil, errInvalidAction(action)
	}
	if v := r.Header.Get("X-TC-Version"); v != apiVersion {
		return "", nil, errNoSuchVersion(v)
	}
	_, failure := tc3verify.Verify(r, body, tc3verify.Keys{
		Service: service, KeyID: s.cfg.KeyID, KeySecret: s.cfg.KeySecret, Token: s.cfg.Token, Temporary: s.cfg.TempKeys, Now: s.cfg.WallClock(),
	})
	if failure != nil {
		return "", nil, authError(failure)
	}
	region := r.Header.Get("X-TC-Region")
	if region == "" {
		return "", nil, errMissingParameter("X-TC-Region")
	}
	if !regions[region] {
		return "", nil, errUnsupportedRegion(region)
	}
	if r.Method == http.MethodGet {
		params, err := tcparams.FromQuery(r.URL.RawQuery)
		if err != nil {
			return "", nil, errInvalidParameter(err.Error())
		}
		return action, params, nil
	}
	return action, body, nil
}

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

// decode reads an action's parameters, rejecting undefined ones
// (UnknownParameter) as API 3.0 does.
func decode(params []byte, into any) *apiError {
	e := tcparams.Decode(params, into)
	switch {
	case e == nil:
		return nil
	case e.Code == "UnknownParameter":
		return newError("UnknownParameter", fmt.Sprintf("未知参数错误。参数 %s 未定义。", e.Name), fmt.Sprintf("The parameter %s is not defined for this action.", e.Name))
	}
	return errInvalidParameter(e.Detail)
}
