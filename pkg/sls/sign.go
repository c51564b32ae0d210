package sls

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// Signature v1 ("LOG <AccessKeyId>:<Signature>"), VENDOR-APIS.md C.1, as
// implemented by aliyun-log-go-sdk signature.go (SignerV1) and
// aliyun-log-python-sdk auth.py (AuthV1).

// contentMD5 is the upper-case hex MD5 SLS expects (not the base64 of RFC 1864).
func contentMD5(body []byte) string {
	sum := md5.Sum(body)
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// stringToSign builds the v1 string to sign. header must already hold Date,
// Content-Type / Content-MD5 (when there is a body) and every x-log-* and
// x-acs-* header that will be sent.
func stringToSign(method, path string, params url.Values, header http.Header) string {
	var b strings.Builder
	b.WriteString(strings.ToUpper(method))
	b.WriteByte('\n')
	b.WriteString(header.Get("Content-MD5"))
	b.WriteByte('\n')
	b.WriteString(header.Get("Content-Type"))
	b.WriteByte('\n')
	b.WriteString(header.Get("Date"))
	b.WriteByte('\n')
	b.WriteString(canonicalLogHeaders(header))
	b.WriteByte('\n')
	b.WriteString(canonicalResource(path, params))
	return b.String()
}

func canonicalLogHeaders(header http.Header) string {
	type kv struct{ k, v string }
	var pairs []kv
	for name, values := range header {
		lower := strings.ToLower(name)
		if !strings.HasPrefix(lower, "x-log-") && !strings.HasPrefix(lower, "x-acs-") {
			continue
		}
		v := ""
		if len(values) > 0 {
			v = strings.TrimSpace(values[0])
		}
		pairs = append(pairs, kv{lower, v})
	}
	sort.Slice(pairs, func(i, j int) bool { return pairs[i].k < pairs[j].k })
	lines := make([]string, len(pairs))
	for i, p := range pairs {
		lines[i] = p.k + ":" + p.v
	}
	return strings.Join(lines, "\n")
}

// canonicalResource is the path plus the sorted, decoded (raw) parameters.
func canonicalResource(path string, params url.Values) string {
	if len(params) == 0 {
		return path
	}
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		// The SDKs concatenate repeated values; SLS APIs never repeat a key.
		parts[i] = k + "=" + strings.Join(params[k], "")
	}
	return path + "?" + strings.Join(parts, "&")
}

// sign returns base64(HMAC-SHA1(secret, stringToSign)).
func sign(secret, toSign string) string {
	mac := hmac.New(sha1.New, []byte(secret))
	mac.Write([]byte(toSign))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// authorization is the Authorization header value.
func authorization(keyID, secret, method, path string, params url.Values, header http.Header) string {
	return "LOG " + keyID + ":" + sign(secret, stringToSign(method, path, params, header))
}
