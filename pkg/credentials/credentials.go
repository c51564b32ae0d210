// Package credentials is what a vendor client signs each request with: a
// key pair and, for temporary credentials, a session token. A Provider
// answers at signing time, so credentials that change while a query runs
// (an assumed role refreshed before it expires) take effect for the next
// request. Static keys and the refreshing cache live here; fetching
// temporary keys from the vendors' STS is pkg/sts's job.
package credentials

import (
	"context"
	"time"
)

// Credentials are the keys one request is signed with.
type Credentials struct {
	KeyID  string
	Secret string
	// Token is the session token of temporary credentials (SLS
	// x-acs-security-token, Tencent X-TC-Token / Token); empty for
	// long-lived keys.
	Token string
	// Expires is when temporary credentials stop working; zero for
	// long-lived keys.
	Expires time.Time
}

// Provider gives the credentials to sign the next request with. It is safe
// for concurrent use and may block while it fetches new credentials.
type Provider interface {
	Retrieve(ctx context.Context) (Credentials, error)
}

// Static is a Provider of fixed keys (and optionally a fixed token).
type Static Credentials

// Retrieve returns the fixed keys.
func (s Static) Retrieve(context.Context) (Credentials, error) { return Credentials(s), nil }

// Invalidator is a Provider whose cached credentials can be dropped.
type Invalidator interface {
	// Invalidate drops the cached credentials if their key id is keyID
	// (any when keyID is empty): keys renewed meanwhile are kept.
	Invalidate(keyID string)
}

// Refused tells p that the vendor refused the temporary credentials it
// gave (an expired or unknown token, e.g. when this host's clock runs
// behind the vendor's), so the next request fetches new ones instead of
// failing until the cache thinks they are stale. Static keys are left as
// they are.
func Refused(p Provider, used Credentials) {
	if used.Token == "" {
		return
	}
	if inv, ok := p.(Invalidator); ok {
		inv.Invalidate(used.KeyID)
	}
}
