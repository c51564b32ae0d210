package scfemu

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"hash"
	"sort"
	"strings"
)

// V2SourceString builds the legacy ("v1"/"签名方法") source string:
// METHOD + host + path + "?" + name=value pairs joined by "&", sorted by name
// in byte order, with raw (not URL-encoded) values and without Signature.
// Keys get the documented "_" -> "." rule (QD-sign) before sorting.
func V2SourceString(method, host, path string, params map[string]string) string {
	return v2SourceString(method, host, path, params, false)
}

// v2SourceString can also sort on the original keys, as the legacy Python
// SDK does (it sorts first and converts "_" to "." while joining), so a
// server accepts both orderings when they differ.
func v2SourceString(method, host, path string, params map[string]string, sortOnOriginal bool) string {
	type pair struct{ sortKey, key, value string }
	pairs := make([]pair, 0, len(params))
	for k, v := range params {
		if k == "Signature" {
			continue
		}
		dotted := strings.ReplaceAll(k, "_", ".")
		sortKey := dotted
		if sortOnOriginal {
			sortKey = k
		}
		pairs = append(pairs, pair{sortKey, dotted, v})
	}
	sort.Slice(pairs, func(i, j int) bool { return pairs[i].sortKey < pairs[j].sortKey })
	var b strings.Builder
	b.WriteString(strings.ToUpper(method))
	b.WriteString(host)
	b.WriteString(path)
	b.WriteByte('?')
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.key)
		b.WriteByte('=')
		b.WriteString(p.value)
	}
	return b.String()
}

// V2Signature signs a source string: HmacSHA256 exactly when signatureMethod
// is "HmacSHA256", HmacSHA1 otherwise (absent included), base64-encoded.
func V2Signature(secretKey, signatureMethod, source string) string {
	newHash := func() hash.Hash { return sha1.New() }
	if signatureMethod == "HmacSHA256" {
		newHash = sha256.New
	}
	m := hmac.New(newHash, []byte(secretKey))
	m.Write([]byte(source))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}
