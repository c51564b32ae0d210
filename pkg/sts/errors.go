// Package sts assumes a role with the vendors' security token services and
// hands the temporary credentials to a credentials.Refreshing cache:
// Alibaba STS AssumeRole (RPC style, signature 1.0, alibaba.go) and Tencent
// STS AssumeRole (API 3.0, TC3-HMAC-SHA256 with service "sts", tencent.go).
// The long-lived keys only ever sign STS calls; the vendor clients sign
// with the temporary keys.
package sts

import (
	"fmt"
	"net/http"
)

// Error is an AssumeRole call the STS refused: the vendor's code and
// message verbatim, and the role it was about.
type Error struct {
	Vendor     string // "Alibaba" or "Tencent"
	RoleArn    string
	Code       string
	Message    string
	RequestID  string
	HTTPStatus int
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("%s STS AssumeRole of role %s failed: %s: %s", e.Vendor, e.RoleArn, e.Code, e.Message)
	if e.RequestID != "" {
		msg += " (RequestId " + e.RequestID + ")"
	}
	return msg + " — " + e.hint()
}

// Status maps the refusal for Grafana: a role or key problem is the data
// source's configuration (400 Bad Request would blame the query, so 401 or
// 403), an STS outage a 502.
func (e *Error) Status() int {
	switch {
	case e.HTTPStatus >= 500:
		return http.StatusBadGateway
	case e.HTTPStatus == http.StatusForbidden:
		return http.StatusForbidden
	default:
		return http.StatusUnauthorized
	}
}

func (e *Error) hint() string {
	switch {
	case e.HTTPStatus >= 500:
		return "the security token service failed; try again later"
	case e.Code == "EntityNotExist.Role" || e.Code == "ResourceNotFound.RoleNotExist":
		return "check the role ARN in the data source settings"
	default:
		return "check the role ARN, external id and session settings, and that the access key may assume this role"
	}
}

// NetworkError means the STS endpoint could not be reached or answered
// something that is not its API.
type NetworkError struct {
	Vendor   string
	Endpoint string // redacted URL
	RoleArn  string
	Err      error
}

func (e *NetworkError) Error() string {
	return fmt.Sprintf("%s STS AssumeRole of role %s: cannot get an answer from %s: %v — check the STS endpoint in the data source settings and that Grafana can reach it", e.Vendor, e.RoleArn, e.Endpoint, e.Err)
}

func (e *NetworkError) Unwrap() error { return e.Err }

// Status is 502: the failure is between Grafana and the STS.
func (e *NetworkError) Status() int { return http.StatusBadGateway }
