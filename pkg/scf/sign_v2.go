package scf

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"hash"
	"sort"
	"strings"
)

// SignatureMethodSHA256 is the only SignatureMethod value that selects
// HMAC-SHA256 in the legacy signature; any other value or none means SHA1.
const SignatureMethodSHA256 = "HmacSHA256"

// V2SourceString builds the legacy ("v1"/"签名方法") source string:
// METHOD + host + path + "?" + params sorted by name in byte order, joined
// raw (not URL-encoded). With underscoreToDot, "_" in a key becomes "." (the
// v2 /v2/index.php rule; API 3.0's form signature does not have it). Keys are
// sorted on their original spelling, as the vendor's SDK does.
func V2SourceString(method, host, path string, params map[string]string, underscoreToDot bool) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		if k != "Signature" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(strings.ToUpper(method))
	b.WriteString(host)
	b.WriteString(path)
	b.WriteByte('?')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('&')
		}
		name := k
		if underscoreToDot {
			name = strings.ReplaceAll(k, "_", ".")
		}
		b.WriteString(name)
		b.WriteByte('=')
		b.WriteString(params[k])
	}
	return b.String()
}

// SignV2 returns the base64 signature of a legacy request; the hash follows
// params["SignatureMethod"].
func SignV2(secretKey, method, host, path string, params map[string]string, underscoreToDot bool) string {
	var h func() hash.Hash = sha1.New
	if params["SignatureMethod"] == SignatureMethodSHA256 {
		h = sha256.New
	}
	m := hmac.New(h, []byte(secretKey))
	m.Write([]byte(V2SourceString(method, host, path, params, underscoreToDot)))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}
