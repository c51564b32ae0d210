// Package redirect is the one rule every vendor client obeys for HTTP
// redirects: none is followed. A followed redirect resends the request, and
// with it the credentials it carries (the SLS and Tencent token headers, the
// same-host Authorization, the SCF v2 signed parameters), to wherever the
// answer pointed; an empty page there would then read as a query with no
// rows. So the client stops at the first 3xx and the caller turns it into
// an error that says where it pointed.
package redirect

import (
	"fmt"
	"net/http"
	"net/url"
)

// Refuse is an http.Client CheckRedirect that follows nothing: the 3xx
// answer itself is returned, for Check to report.
func Refuse(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// Guard is hc (http.DefaultClient when nil) set to follow no redirect. hc
// itself is not changed: the copy shares its transport and pool.
func Guard(hc *http.Client) *http.Client {
	if hc == nil {
		hc = http.DefaultClient
	}
	cp := *hc
	cp.CheckRedirect = Refuse
	return &cp
}

// Error is an answer that redirected instead of answering.
type Error struct {
	// Vendor names the API, for the message ("SLS", "SCF", "CLS").
	Vendor string
	// HTTPStatus is the 3xx status.
	HTTPStatus int
	// Location is where the answer pointed, without user info, query or
	// fragment (those may carry credentials); "" when there was none.
	Location string
}

func (e *Error) Error() string {
	where := "without a Location"
	if e.Location != "" {
		where = "to " + e.Location
	}
	return fmt.Sprintf("%s endpoint answered HTTP %d %s, redirecting %s; redirects are not followed (the request's credentials would go with them) — set the endpoint in the data source settings to the address that answers directly",
		e.Vendor, e.HTTPStatus, http.StatusText(e.HTTPStatus), where)
}

// Status is 502: the endpoint did not answer as the API does.
func (e *Error) Status() int { return http.StatusBadGateway }

// Check returns an *Error when resp is any 3xx answer, nil otherwise. A
// relative Location is resolved against the request's URL.
func Check(vendor string, resp *http.Response) error {
	if resp.StatusCode < 300 || resp.StatusCode > 399 {
		return nil
	}
	return &Error{Vendor: vendor, HTTPStatus: resp.StatusCode, Location: location(resp)}
}

func location(resp *http.Response) string {
	raw := resp.Header.Get("Location")
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "(a Location that is not a URL)"
	}
	if resp.Request != nil && resp.Request.URL != nil {
		u = resp.Request.URL.ResolveReference(u)
	}
	u.User = nil
	u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = "", false, "", ""
	return u.String()
}
