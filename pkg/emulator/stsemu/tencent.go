package stsemu

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"time"

	"github.com/logbridge/cloudlogs/pkg/emulator/tc3verify"
	"github.com/logbridge/cloudlogs/pkg/emulator/tchttp"
)

// Tencent STS (STS 2018-08-13 AssumeRole, and the API 3.0 common errors
// of VENDOR-APIS.md B.3). ResourceNotFound.RoleNotExist is the CAM code for
// an unknown role; the codes for a bad session name, duration, policy and
// a wrong external id are the common InvalidParameterValue and
// UnauthorizedOperation [INFERRED].
const (
	tencentVersion         = "2018-08-13"
	tencentDefaultDuration = 7200
	tencentMaxDuration     = 43200
)

var tencentSessionName = regexp.MustCompile(`^[\w+=,.@-]{2,128}$`)

type tencentError struct{ code, message string }

type assumeRoleRequest struct {
	RoleArn         string
	RoleSessionName string
	DurationSeconds int
	ExternalID      string `json:"ExternalId"`
	Policy          string
}

func (s *Server) serveTencent(w http.ResponseWriter, r *http.Request) {
	body, err := tchttp.ReadBody(r)
	if err != nil {
		writeTencentError(w, &tencentError{"InvalidParameter", err.Error()})
		return
	}
	if e := s.verifyTencent(r, body); e != nil {
		writeTencentError(w, e)
		return
	}
	var in assumeRoleRequest
	if err := json.Unmarshal(body, &in); err != nil {
		writeTencentError(w, &tencentError{"InvalidParameter", "the body is not the JSON of AssumeRole: " + err.Error()})
		return
	}
	out, e := s.tencentAssume(in)
	if e != nil {
		writeTencentError(w, e)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"Response": out})
}

func (s *Server) verifyTencent(r *http.Request, body []byte) *tencentError {
	if r.Method != http.MethodPost {
		return &tencentError{"InvalidParameter", "the emulated STS takes POST with a JSON body"}
	}
	if a := r.Header.Get("X-TC-Action"); a != "AssumeRole" {
		return &tencentError{"InvalidAction", fmt.Sprintf("The action %q does not exist; the emulated STS serves AssumeRole.", a)}
	}
	if v := r.Header.Get("X-TC-Version"); v != tencentVersion {
		return &tencentError{"NoSuchVersion", fmt.Sprintf("The API version %q does not exist; STS's X-TC-Version is %s.", v, tencentVersion)}
	}
	_, f := tc3verify.Verify(r, body, tc3verify.Keys{Service: "sts", KeyID: s.cfg.KeyID, KeySecret: s.cfg.KeySecret, Now: s.cfg.Now()})
	if f != nil {
		switch f.Kind {
		case tc3verify.MissingTimestamp:
			return &tencentError{"MissingParameter", "The parameter X-TC-Timestamp is missing."}
		case tc3verify.BadTimestamp:
			return &tencentError{"InvalidParameter", f.Detail}
		case tc3verify.InvalidAuthorization:
			return &tencentError{"AuthFailure.InvalidAuthorization", f.Detail}
		case tc3verify.SignatureExpire:
			return &tencentError{"AuthFailure.SignatureExpire", fmt.Sprintf("Signature expired. Timestamp %d, server time %d.", f.Timestamp, f.Now)}
		case tc3verify.SecretIDNotFound:
			return &tencentError{"AuthFailure.SecretIdNotFound", "The SecretId is not found."}
		case tc3verify.TokenFailure:
			return &tencentError{"AuthFailure.TokenFailure", "The token (X-TC-Token) is invalid or expired."}
		}
		return &tencentError{"AuthFailure.SignatureFailure", "The provided credentials could not be validated. " + f.Detail}
	}
	if r.Header.Get("X-TC-Region") == "" {
		return &tencentError{"MissingParameter", "The parameter X-TC-Region is missing."}
	}
	return nil
}

func (s *Server) tencentAssume(in assumeRoleRequest) (map[string]any, *tencentError) {
	if in.RoleArn == "" {
		return nil, &tencentError{"MissingParameter", "The parameter RoleArn is missing."}
	}
	if !tencentSessionName.MatchString(in.RoleSessionName) {
		return nil, &tencentError{"InvalidParameterValue", fmt.Sprintf("RoleSessionName %q must be 2-128 characters of [\\w+=,.@-].", in.RoleSessionName)}
	}
	duration := in.DurationSeconds
	if duration == 0 {
		duration = tencentDefaultDuration
	}
	if duration < 0 || duration > tencentMaxDuration {
		return nil, &tencentError{"InvalidParameterValue", fmt.Sprintf("DurationSeconds %d is out of range (at most %d).", in.DurationSeconds, tencentMaxDuration)}
	}
	if in.Policy != "" {
		// The API takes the policy URL-encoded.
		plain, err := url.QueryUnescape(in.Policy)
		if err != nil || !json.Valid([]byte(plain)) {
			return nil, &tencentError{"InvalidParameterValue", "Policy must be a URL-encoded JSON policy."}
		}
	}
	role, ok := s.roles[in.RoleArn]
	if !ok {
		return nil, &tencentError{"ResourceNotFound.RoleNotExist", "The role does not exist: " + in.RoleArn}
	}
	if role.ExternalID != "" && in.ExternalID != role.ExternalID {
		return nil, &tencentError{"UnauthorizedOperation", "The ExternalId does not match the role's trust policy."}
	}
	k := s.cfg.Keys.Issue("AKID", "", s.expiry(duration))
	s.tencentIssued.Add(1)
	return map[string]any{
		"Credentials": map[string]string{"Token": k.Token, "TmpSecretId": k.ID, "TmpSecretKey": k.Secret},
		"ExpiredTime": k.Expires.Unix(),
		"Expiration":  k.Expires.UTC().Format(time.RFC3339),
		"RequestId":   requestID(),
	}, nil
}

func writeTencentError(w http.ResponseWriter, e *tencentError) {
	// API 3.0 answers errors with 200 and Response.Error (VENDOR-APIS.md B.3).
	writeJSON(w, http.StatusOK, map[string]any{"Response": map[string]any{
		"Error": map[string]string{"Code": e.code, "Message": e.message}, "RequestId": requestID(),
	}})
}
