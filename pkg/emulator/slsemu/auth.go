package slsemu

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// maxClockSkew is SLS's limit between the Date header and the server clock.
const maxClockSkew = 15 * time.Minute

// dateLayouts are the RFC 822/1123 forms SLS accepts: the SDKs zero-pad the
// day, the doc's own example does not.
var dateLayouts = []string{http.TimeFormat, "Mon, 2 Jan 2006 15:04:05 GMT"}

// authenticate checks the common request headers and the v1 signature
// (VENDOR-APIS C.1) in the order SLS reports them.
func (s *Server) authenticate(r *http.Request) *apiError {
	date := r.Header.Get("Date")
	if date == "" {
		return badRequest("MissingDate", "Date header is missing: send the request time as an RFC 1123 date in GMT")
	}
	var at time.Time
	var err error
	for _, layout := range dateLayouts {
		if at, err = time.Parse(layout, date); err == nil {
			break
		}
	}
	if err != nil {
		return badRequest("InvalidDateFormat", "date %q is not in RFC 1123 format, e.g. Mon, 02 Jan 2006 15:04:05 GMT", date)
	}
	if skew := s.cfg.WallClock().Sub(at); skew > maxClockSkew || skew < -maxClockSkew {
		return badRequest("RequestTimeExpired", "request time %s differs from the server time by more than 15 minutes", date)
	}
	if r.Header.Get("x-log-apiversion") == "" {
		return badRequest("MissingAPIVersion", "x-log-apiversion header is missing (send 0.6.0)")
	}
	if r.Header.Get("x-log-bodyrawsize") == "" {
		return badRequest("MissingBodyRawSize", "x-log-bodyrawsize header is missing (send 0 for a request without a body)")
	}
	auth := r.Header.Get("Authorization")
	rest, ok := strings.CutPrefix(auth, "LOG ")
	keyID, sig, ok2 := strings.Cut(rest, ":")
	if !ok || !ok2 || keyID == "" || sig == "" {
		return errorf(http.StatusUnauthorized, "Unauthorized", "Authorization header must be \"LOG <AccessKeyId>:<Signature>\"")
	}
	secret := s.cfg.KeySecret
	tok := r.Header.Get("x-acs-security-token")
	if keyID != s.cfg.KeyID {
		// Temporary keys (STS AssumeRole): SLS answers 401 Unauthorized for
		// a token that is missing, wrong or expired (VENDOR-APIS.md C.4).
		tk, ok := s.cfg.TempKeys.Lookup(keyID)
		switch {
		case !ok:
			return errorf(http.StatusUnauthorized, "Unauthorized", "AccessKeyId not found: %s", keyID)
		case tok != tk.Token:
			return errorf(http.StatusUnauthorized, "Unauthorized", "the security token you provided is invalid or has expired")
		case tk.Expired(s.cfg.WallClock()):
			return errorf(http.StatusUnauthorized, "Unauthorized", "the security token you provided has expired")
		}
		secret = tk.Secret
	} else if tok != "" && s.cfg.SecurityToken != "" && tok != s.cfg.SecurityToken {
		return errorf(http.StatusUnauthorized, "Unauthorized", "the security token you provided is invalid or has expired")
	}
	// The python SDK adds x-log-date after signing, so try without it first.
	for _, withDate := range []bool{false, true} {
		want := signV1(secret, stringToSignV1(r, withDate))
		if hmac.Equal([]byte(want), []byte(sig)) {
			return nil
		}
		if r.Header.Get("x-log-date") == "" {
			break
		}
	}
	return errorf(http.StatusUnauthorized, "SignatureNotMatch",
		"the request signature does not match: sign VERB, Content-MD5, Content-Type, Date, the x-log-/x-acs- headers and the path with its sorted raw query with the AccessKeySecret")
}

func signV1(secret, stringToSign string) string {
	mac := hmac.New(sha1.New, []byte(secret))
	mac.Write([]byte(stringToSign))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// stringToSignV1 builds SLS's v1 string to sign from a received request.
func stringToSignV1(r *http.Request, withLogDate bool) string {
	var b strings.Builder
	b.WriteString(r.Method)
	b.WriteByte('\n')
	b.WriteString(r.Header.Get("Content-MD5"))
	b.WriteByte('\n')
	b.WriteString(r.Header.Get("Content-Type"))
	b.WriteByte('\n')
	b.WriteString(r.Header.Get("Date"))
	b.WriteByte('\n')
	b.WriteString(canonicalHeaders(r.Header, withLogDate))
	b.WriteByte('\n')
	b.WriteString(canonicalResource(r.URL))
	return b.String()
}

func canonicalHeaders(h http.Header, withLogDate bool) string {
	var keys []string
	vals := map[string]string{}
	for k, v := range h {
		lk := strings.ToLower(k)
		if !strings.HasPrefix(lk, "x-log-") && !strings.HasPrefix(lk, "x-acs-") {
			continue
		}
		if lk == "x-log-date" && !withLogDate {
			continue
		}
		if _, seen := vals[lk]; !seen {
			keys = append(keys, lk)
		}
		vals[lk] = strings.TrimSpace(strings.Join(v, ","))
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ":" + vals[k]
	}
	return strings.Join(parts, "\n")
}

// canonicalResource is the path plus the sorted, decoded query; a repeated
// key's values are concatenated as the Go SDK does.
func canonicalResource(u *url.URL) string {
	q := u.Query()
	if len(q) == 0 {
		return u.Path
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + strings.Join(q[k], "")
	}
	return u.Path + "?" + strings.Join(parts, "&")
}
