package scf

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"
)

// TC3Request is what a TC3-HMAC-SHA256 signature covers. Only content-type
// and host are signed (as the official SDKs do), so the headers sent must
// match ContentType and Host byte for byte.
type TC3Request struct {
	Method         string
	Host           string // host[:port] exactly as sent in the Host header
	CanonicalQuery string // the query string exactly as sent; empty for POST
	ContentType    string
	Payload        []byte
	Service        string // credential-scope service, e.g. "scf"
	Timestamp      int64
}

// tc3Algorithm names the signature in the Authorization header.
const tc3Algorithm = "TC3-HMAC-SHA256"

// SignTC3 returns the Authorization header value for an API 3.0 request.
func SignTC3(secretID, secretKey string, r TC3Request) string {
	// The credential date is the UTC date of the timestamp, not Beijing's.
	date := time.Unix(r.Timestamp, 0).UTC().Format("2006-01-02")
	canonical := r.Method + "\n/\n" + r.CanonicalQuery + "\n" +
		"content-type:" + r.ContentType + "\nhost:" + r.Host + "\n\n" +
		"content-type;host\n" + sha256Hex(r.Payload)
	scope := date + "/" + r.Service + "/tc3_request"
	toSign := tc3Algorithm + "\n" + fmt.Sprint(r.Timestamp) + "\n" + scope + "\n" + sha256Hex([]byte(canonical))

	kDate := hmacSHA256([]byte("TC3"+secretKey), date)
	kService := hmacSHA256(kDate, r.Service)
	kSigning := hmacSHA256(kService, "tc3_request")
	signature := hex.EncodeToString(hmacSHA256(kSigning, toSign))
	return tc3Algorithm + " Credential=" + secretID + "/" + scope +
		", SignedHeaders=content-type;host, Signature=" + signature
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func hmacSHA256(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}
