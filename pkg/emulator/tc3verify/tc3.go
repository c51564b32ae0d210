// Package tc3verify checks TC3-HMAC-SHA256 (Tencent Cloud API 3.0)
// signatures for the emulated Tencent services. It is written apart from
// the plugin's own signer on purpose, so one can catch the other's mistakes;
// inside the emulator every Tencent service shares it.
package tc3verify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Input is everything a TC3-HMAC-SHA256 signature covers. Header values
// are the ones named in SignedHeaders; host is the Host header as received.
type Input struct {
	Method      string
	Query       string // the raw query string exactly as sent (GET); empty for POST
	Headers     map[string]string
	Payload     []byte
	Timestamp   int64
	Service     string
	SecretKey   string
	SignedNames []string // lower-case header names, e.g. content-type, host
}

// CanonicalRequest builds the canonical request of the signature v3
// algorithm (https://cloud.tencent.com/document/api/213/30654): header keys
// and values lower-cased and trimmed, one "k:v\n" each, in SignedHeaders order
// sorted by name.
func CanonicalRequest(in Input) string {
	names := append([]string(nil), in.SignedNames...)
	sort.Strings(names)
	var headers strings.Builder
	for _, n := range names {
		headers.WriteString(n)
		headers.WriteByte(':')
		headers.WriteString(strings.ToLower(strings.TrimSpace(in.Headers[n])))
		headers.WriteByte('\n')
	}
	payloadHash := sha256.Sum256(in.Payload)
	return strings.Join([]string{
		strings.ToUpper(in.Method),
		"/",
		in.Query,
		headers.String(),
		strings.Join(names, ";"),
		hex.EncodeToString(payloadHash[:]),
	}, "\n")
}

// Date is the credential-scope date: the UTC date of the timestamp, not
// the Beijing date.
func Date(timestamp int64) string {
	return time.Unix(timestamp, 0).UTC().Format("2006-01-02")
}

// Signature returns the hex signature of the canonical request.
func Signature(in Input) string {
	date := Date(in.Timestamp)
	canonical := sha256.Sum256([]byte(CanonicalRequest(in)))
	stringToSign := fmt.Sprintf("TC3-HMAC-SHA256\n%d\n%s/%s/tc3_request\n%s",
		in.Timestamp, date, in.Service, hex.EncodeToString(canonical[:]))
	kDate := hmacSHA256([]byte("TC3"+in.SecretKey), date)
	kService := hmacSHA256(kDate, in.Service)
	kSigning := hmacSHA256(kService, "tc3_request")
	return hex.EncodeToString(hmacSHA256(kSigning, stringToSign))
}

func hmacSHA256(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// Authorization is a parsed Authorization header:
// "TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request, SignedHeaders=a;b, Signature=<hex>".
type Authorization struct {
	SecretID      string
	Date          string
	Service       string
	SignedHeaders []string
	Signature     string
}

func ParseAuthorization(header string) (Authorization, error) {
	const algorithm = "TC3-HMAC-SHA256 "
	if !strings.HasPrefix(header, algorithm) {
		return Authorization{}, fmt.Errorf("Authorization must start with %q", strings.TrimSpace(algorithm))
	}
	var a Authorization
	for _, part := range strings.Split(header[len(algorithm):], ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return Authorization{}, fmt.Errorf("Authorization part %q is not key=value", part)
		}
		switch k {
		case "Credential":
			scope := strings.Split(v, "/")
			if len(scope) != 4 || scope[3] != "tc3_request" {
				return Authorization{}, fmt.Errorf("Credential %q is not <SecretId>/<date>/<service>/tc3_request", v)
			}
			a.SecretID, a.Date, a.Service = scope[0], scope[1], scope[2]
		case "SignedHeaders":
			for _, n := range strings.Split(v, ";") {
				a.SignedHeaders = append(a.SignedHeaders, strings.ToLower(strings.TrimSpace(n)))
			}
		case "Signature":
			a.Signature = v
		}
	}
	switch {
	case a.SecretID == "":
		return Authorization{}, fmt.Errorf("Authorization has no Credential")
	case len(a.SignedHeaders) == 0:
		return Authorization{}, fmt.Errorf("Authorization has no SignedHeaders")
	case a.Signature == "":
		return Authorization{}, fmt.Errorf("Authorization has no Signature")
	}
	return a, nil
}
