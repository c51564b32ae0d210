package tc3

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"
)

// Request is what a TC3-HMAC-SHA256 signature covers. Only content-type and
// host are signed (as the official SDKs do), so the headers sent must match
// ContentType and Host byte for byte.
type Request struct {
	Method         string
	Host           string // host[:port] exactly as sent in the Host header
	CanonicalQuery string // the query string exactly as sent; empty for POST
	ContentType    string
	Payload        []byte
	// Service is the credential-scope service of the API ("scf", "cls"),
	// which is not always the host's first label (cls.intl..., proxies).
	Service   string
	Timestamp int64
}

// Algorithm names the signature in the Authorization header.
const Algorithm = "TC3-HMAC-SHA256"

// Sign returns the Authorization header value for an API 3.0 request
// (VENDOR-APIS.md B.4).
func Sign(secretID, secretKey string, r Request) string {
	// The credential date is the UTC date of the timestamp, not Beijing's.
	date := time.Unix(r.Timestamp, 0).UTC().Format("2006-01-02")
	canonical := r.Method + "\n/\n" + r.CanonicalQuery + "\n" +
		"content-type:" + r.ContentType + "\nhost:" + r.Host + "\n\n" +
		"content-type;host\n" + sha256Hex(r.Payload)
	scope := date + "/" + r.Service + "/tc3_request"
	toSign := Algorithm + "\n" + strconv.FormatInt(r.Timestamp, 10) + "\n" + scope + "\n" + sha256Hex([]byte(canonical))

	kDate := hmacSHA256([]byte("TC3"+secretKey), date)
	kService := hmacSHA256(kDate, r.Service)
	kSigning := hmacSHA256(kService, "tc3_request")
	signature := hex.EncodeToString(hmacSHA256(kSigning, toSign))
	return Algorithm + " Credential=" + secretID + "/" + scope +
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
