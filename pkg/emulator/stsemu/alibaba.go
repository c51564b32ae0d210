package stsemu

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Alibaba STS (STS 2015-04-01 AssumeRole and the RPC signature page of the
// Alibaba Cloud API reference). Error codes are the documented ones where
// the docs list them (SignatureDoesNotMatch, InvalidAccessKeyId.NotFound,
// EntityNotExist.Role, InvalidParameter.RoleSessionName,
// InvalidParameter.DurationSeconds, InvalidParameter.PolicyGrammar,
// NoPermission); MissingRoleArn and the HTTP statuses follow the RPC APIs'
// usual pattern [INFERRED].
const (
	alibabaVersion     = "2015-04-01"
	alibabaMaxSkew     = 15 * time.Minute
	alibabaMinDuration = 900
	// alibabaMaxDuration is a role's default maximum session (3600); a
	// role may raise it to 43200, the emulated ones do not.
	alibabaMaxDuration = 3600
)

var alibabaSessionName = regexp.MustCompile(`^[A-Za-z0-9.@_-]{2,64}$`)

type alibabaError struct {
	status        int
	code, message string
}

func (s *Server) serveAlibaba(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.writeAlibabaError(w, &alibabaError{http.StatusBadRequest, "InvalidParameter", "the request parameters could not be read"})
		return
	}
	params := map[string]string{}
	for k, v := range r.Form {
		params[k] = v[0]
	}
	if e := s.verifyRPC(r.Method, params); e != nil {
		s.writeAlibabaError(w, e)
		return
	}
	if e := s.alibabaAssume(w, params); e != nil {
		s.writeAlibabaError(w, e)
	}
}

// verifyRPC checks the common parameters and the signature 1.0.
func (s *Server) verifyRPC(method string, p map[string]string) *alibabaError {
	if p["Action"] != "AssumeRole" {
		return &alibabaError{http.StatusNotFound, "InvalidAction.NotFound", fmt.Sprintf("Specified api is not found, please check your url and method (Action %q).", p["Action"])}
	}
	if p["Version"] != alibabaVersion {
		return &alibabaError{http.StatusBadRequest, "InvalidVersion", fmt.Sprintf("Specified parameter Version is not valid (%q; STS is %s).", p["Version"], alibabaVersion)}
	}
	for _, name := range []string{"AccessKeyId", "Signature", "SignatureNonce", "Timestamp"} {
		if p[name] == "" {
			return &alibabaError{http.StatusBadRequest, "Missing" + name, fmt.Sprintf("%s is mandatory for this action.", name)}
		}
	}
	if p["SignatureMethod"] != "HMAC-SHA1" || p["SignatureVersion"] != "1.0" {
		return &alibabaError{http.StatusBadRequest, "InvalidParameter", "SignatureMethod must be HMAC-SHA1 and SignatureVersion 1.0."}
	}
	at, err := time.Parse("2006-01-02T15:04:05Z", p["Timestamp"])
	if err != nil {
		return &alibabaError{http.StatusBadRequest, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted (yyyy-MM-ddTHH:mm:ssZ, UTC)."}
	}
	now := s.cfg.Now()
	if d := now.Sub(at); d > alibabaMaxSkew || d < -alibabaMaxSkew {
		return &alibabaError{http.StatusBadRequest, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired."}
	}
	if p["AccessKeyId"] != s.cfg.KeyID {
		return &alibabaError{http.StatusNotFound, "InvalidAccessKeyId.NotFound", "Specified access key is not found."}
	}
	if want := rpcSignature(method, p, s.cfg.KeySecret); !hmac.Equal([]byte(want), []byte(p["Signature"])) {
		return &alibabaError{http.StatusBadRequest, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation."}
	}
	if !s.useNonce(p["SignatureNonce"], now) {
		return &alibabaError{http.StatusBadRequest, "SignatureNonceUsed", "Specified signature nonce was used already."}
	}
	return nil
}

func (s *Server) alibabaAssume(w http.ResponseWriter, p map[string]string) *alibabaError {
	arn := p["RoleArn"]
	if arn == "" {
		return &alibabaError{http.StatusBadRequest, "MissingRoleArn", "RoleArn is mandatory for this action."}
	}
	if !alibabaSessionName.MatchString(p["RoleSessionName"]) {
		return &alibabaError{http.StatusBadRequest, "InvalidParameter.RoleSessionName", "The parameter RoleSessionName is wrongly formed."}
	}
	duration := 3600
	if v := p["DurationSeconds"]; v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < alibabaMinDuration || n > alibabaMaxDuration {
			return &alibabaError{http.StatusBadRequest, "InvalidParameter.DurationSeconds", fmt.Sprintf("The Min/Max value of DurationSeconds is 15min/1hr (got %q).", v)}
		}
		duration = n
	}
	if pol := p["Policy"]; pol != "" && !json.Valid([]byte(pol)) {
		return &alibabaError{http.StatusBadRequest, "InvalidParameter.PolicyGrammar", "The parameter Policy has not passed grammar check."}
	}
	role, ok := s.roles[arn]
	if !ok || !strings.HasPrefix(arn, "acs:ram::") {
		return &alibabaError{http.StatusNotFound, "EntityNotExist.Role", "The specified Role not exists: " + arn}
	}
	if role.ExternalID != "" && p["ExternalId"] != role.ExternalID {
		return &alibabaError{http.StatusForbidden, "NoPermission", "No permission perform sts:AssumeRole on this Role (the ExternalId does not match the trust policy)."}
	}
	k := s.cfg.Keys.Issue("STS.", "CAIS", s.expiry(duration))
	s.alibabaIssued.Add(1)
	session := p["RoleSessionName"]
	writeJSON(w, http.StatusOK, map[string]any{
		"RequestId": requestID(),
		"AssumedRoleUser": map[string]string{
			"Arn":           strings.Replace(arn, ":role/", ":assumed-role/", 1) + "/" + session,
			"AssumedRoleId": "300000000000000000:" + session,
		},
		"Credentials": map[string]string{
			"AccessKeyId": k.ID, "AccessKeySecret": k.Secret, "SecurityToken": k.Token,
			"Expiration": k.Expires.UTC().Format("2006-01-02T15:04:05Z"),
		},
	})
	return nil
}

func (s *Server) writeAlibabaError(w http.ResponseWriter, e *alibabaError) {
	writeJSON(w, e.status, map[string]string{
		"RequestId": requestID(), "HostId": "sts.aliyuncs.com", "Code": e.code, "Message": e.message,
	})
}

// useNonce refuses a SignatureNonce seen in the skew window (replay).
func (s *Server) useNonce(nonce string, now time.Time) bool {
	s.nonceMu.Lock()
	defer s.nonceMu.Unlock()
	for n, at := range s.nonces {
		if now.Sub(at) > alibabaMaxSkew {
			delete(s.nonces, n)
		}
	}
	if _, seen := s.nonces[nonce]; seen {
		return false
	}
	s.nonces[nonce] = now
	return true
}

// rpcSignature recomputes signature 1.0 over the received parameters:
// sorted by name, each name and value encoded as RFC 3986 (space %20,
// '*' %2A, '~' kept), joined with '&', then METHOD&%2F&<that, encoded
// again>, HMAC-SHA1 keyed with secret + "&", base64.
func rpcSignature(method string, p map[string]string, secret string) string {
	names := make([]string, 0, len(p))
	for k := range p {
		if k != "Signature" {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	pairs := make([]string, len(names))
	for i, k := range names {
		pairs[i] = rfc3986(k) + "=" + rfc3986(p[k])
	}
	mac := hmac.New(sha1.New, []byte(secret+"&"))
	mac.Write([]byte(method + "&%2F&" + rfc3986(strings.Join(pairs, "&"))))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// rfc3986 encodes every byte but the unreserved A-Z a-z 0-9 - _ . ~.
func rfc3986(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}
