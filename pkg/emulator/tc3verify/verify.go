package tc3verify

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/logbridge/cloudlogs/pkg/emulator/tempkeys"
)

// MaxSkew is API 3.0's accepted difference between X-TC-Timestamp and the
// server clock.
const MaxSkew = 5 * time.Minute

// Kind names a verification failure; each service turns it into its own
// error code and message (they share the API 3.0 common codes).
type Kind int

const (
	// MissingTimestamp: no X-TC-Timestamp (MissingParameter).
	MissingTimestamp Kind = iota + 1
	// BadTimestamp: X-TC-Timestamp is not Unix seconds (InvalidParameter).
	BadTimestamp
	// InvalidAuthorization: the header is malformed or SignedHeaders lacks
	// content-type or host (AuthFailure.InvalidAuthorization).
	InvalidAuthorization
	// SignatureExpire: the timestamp is more than MaxSkew off.
	SignatureExpire
	// SecretIDNotFound: the SecretId is not the configured key.
	SecretIDNotFound
	// SignatureFailure: wrong scope service or date, or a wrong signature.
	SignatureFailure
	// TokenFailure: X-TC-Token present but not the configured one, or
	// temporary keys sent without their token or after they expired.
	TokenFailure
)

// Failure is why a request was refused; Detail completes the message.
type Failure struct {
	Kind      Kind
	Detail    string
	Timestamp int64 // SignatureExpire: the request's timestamp
	Now       int64 // SignatureExpire: the server's clock
}

func (f *Failure) Error() string { return fmt.Sprintf("tc3 verify (%d): %s", f.Kind, f.Detail) }

// Keys are what a request is verified against.
type Keys struct {
	Service   string // credential-scope service, e.g. "scf" or "cls"
	KeyID     string
	KeySecret string
	// Token, when set, is the only X-TC-Token accepted; requests without a
	// token are still accepted, as with permanent keys.
	Token string
	// Temporary, when set, also accepts the temporary keys it issued
	// (stsemu): signed with their secret, sent with their token, before
	// they expire.
	Temporary *tempkeys.Store
	Now       time.Time
}

// Verify checks, in order: X-TC-Timestamp, the Authorization header, the
// clock skew, the SecretId, the scope service and date, the signature over
// the signed headers (host as received) and the payload (body for POST,
// empty for GET; the raw query for GET), then the session token. It returns
// the SecretId on success.
func Verify(r *http.Request, body []byte, k Keys) (string, *Failure) {
	rawTS := r.Header.Get("X-TC-Timestamp")
	if rawTS == "" {
		return "", &Failure{Kind: MissingTimestamp, Detail: "X-TC-Timestamp"}
	}
	ts, err := strconv.ParseInt(rawTS, 10, 64)
	if err != nil {
		return "", &Failure{Kind: BadTimestamp, Detail: fmt.Sprintf("X-TC-Timestamp %q is not Unix seconds.", rawTS)}
	}
	auth, err := ParseAuthorization(r.Header.Get("Authorization"))
	if err != nil {
		return "", &Failure{Kind: InvalidAuthorization, Detail: err.Error()}
	}
	if !contains(auth.SignedHeaders, "content-type") || !contains(auth.SignedHeaders, "host") {
		return "", &Failure{Kind: InvalidAuthorization, Detail: "SignedHeaders must include content-type and host."}
	}
	if d := k.Now.Sub(time.Unix(ts, 0)); d > MaxSkew || d < -MaxSkew {
		return "", &Failure{Kind: SignatureExpire, Timestamp: ts, Now: k.Now.Unix()}
	}
	secret, wantToken, temporary := k.KeySecret, k.Token, false
	if auth.SecretID != k.KeyID {
		tk, ok := k.Temporary.Lookup(auth.SecretID)
		if !ok {
			return "", &Failure{Kind: SecretIDNotFound}
		}
		secret, wantToken, temporary = tk.Secret, tk.Token, true
		if tk.Expired(k.Now) {
			return "", &Failure{Kind: TokenFailure, Detail: "the temporary credentials expired at " + tk.Expires.UTC().Format(time.RFC3339)}
		}
	}
	if auth.Service != k.Service {
		return "", &Failure{Kind: SignatureFailure, Detail: fmt.Sprintf("Credential scope service is %q; it must be %q.", auth.Service, k.Service)}
	}
	if auth.Date != Date(ts) {
		return "", &Failure{Kind: SignatureFailure, Detail: fmt.Sprintf("Credential scope date %s is not the UTC date of X-TC-Timestamp (%s).", auth.Date, Date(ts))}
	}
	headers := map[string]string{}
	for _, name := range auth.SignedHeaders {
		if name == "host" {
			headers[name] = r.Host
		} else {
			headers[name] = r.Header.Get(name)
		}
	}
	want := Signature(Input{
		Method: r.Method, Query: r.URL.RawQuery, Headers: headers, Payload: body,
		Timestamp: ts, Service: k.Service, SecretKey: secret, SignedNames: auth.SignedHeaders,
	})
	if auth.Signature != want {
		return "", &Failure{Kind: SignatureFailure}
	}
	token := r.Header.Get("X-TC-Token")
	if temporary && token != wantToken {
		return "", &Failure{Kind: TokenFailure, Detail: "temporary credentials need their own token in X-TC-Token"}
	}
	if !temporary && token != "" && token != wantToken {
		return "", &Failure{Kind: TokenFailure}
	}
	return auth.SecretID, nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
