package sts

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/logbridge/cloudlogs/pkg/credentials"
	"github.com/logbridge/cloudlogs/pkg/tc3"
)

// Tencent STS facts (Tencent Cloud API "AssumeRole", STS 2018-08-13):
//   - API 3.0 on sts.tencentcloudapi.com, X-TC-Action AssumeRole,
//     X-TC-Version 2018-08-13, a region is required, signed with
//     TC3-HMAC-SHA256 under the service "sts".
//   - RoleArn, RoleSessionName (2-128 of [\w+=,.@-]), DurationSeconds
//     (default 7200, at most 43200), ExternalId, Policy (URL-encoded JSON).
//   - Answer {"Response":{"Credentials":{"Token","TmpSecretId",
//     "TmpSecretKey"},"ExpiredTime":<unix seconds>,"Expiration":"<RFC
//     3339>","RequestId"}}; errors the API 3.0 envelope.
const (
	TencentDefaultEndpoint = "https://sts.tencentcloudapi.com"
	tencentVersion         = "2018-08-13"
	tencentService         = "sts"
	TencentMinDuration     = 900
	TencentMaxDuration     = 43200
	TencentDefaultDuration = 7200
)

// TencentConfig says which role to assume, and with which long-lived keys.
type TencentConfig struct {
	Endpoint        *url.URL // default TencentDefaultEndpoint
	Region          string
	SecretID        string
	SecretKey       string
	RoleArn         string
	RoleSessionName string
	ExternalID      string
	Policy          string // plain JSON; encoded as the API asks
	DurationSeconds int
	HTTPClient      *http.Client
	Now             func() time.Time
}

type tencentRequest struct {
	RoleArn         string
	RoleSessionName string
	DurationSeconds int    `json:",omitempty"`
	ExternalID      string `json:"ExternalId,omitempty"`
	Policy          string `json:",omitempty"`
}

type tencentAnswer struct {
	Credentials *struct {
		Token        string `json:"Token"`
		TmpSecretID  string `json:"TmpSecretId"`
		TmpSecretKey string `json:"TmpSecretKey"`
	} `json:"Credentials"`
	ExpiredTime int64  `json:"ExpiredTime"`
	Expiration  string `json:"Expiration"`
}

// TencentAssumeRole returns the fetch of a credentials.Refreshing provider
// that assumes cfg's role.
func TencentAssumeRole(cfg TencentConfig) credentials.FetchFunc {
	if cfg.Endpoint == nil {
		cfg.Endpoint, _ = url.Parse(TencentDefaultEndpoint)
	}
	api := tc3.New(tc3.Config{
		HTTPClient: cfg.HTTPClient, Endpoint: cfg.Endpoint, Service: tencentService, Version: tencentVersion,
		Region: cfg.Region, Credentials: credentials.Static{KeyID: cfg.SecretID, Secret: cfg.SecretKey}, Now: cfg.Now,
	})
	in := tencentRequest{
		RoleArn: cfg.RoleArn, RoleSessionName: cfg.RoleSessionName, DurationSeconds: cfg.DurationSeconds,
		ExternalID: cfg.ExternalID,
	}
	if cfg.Policy != "" {
		in.Policy = url.QueryEscape(cfg.Policy)
	}
	return func(ctx context.Context) (credentials.Credentials, error) {
		var out tencentAnswer
		err := api.Call(ctx, "AssumeRole", in, &out)
		var te *tc3.Error
		var bad *tc3.BadReplyError
		var ne *tc3.NetworkError
		switch {
		case errors.As(err, &te):
			return credentials.Credentials{}, &Error{Vendor: "Tencent", RoleArn: cfg.RoleArn, Code: te.Code, Message: te.Message, RequestID: te.RequestID, HTTPStatus: te.HTTPStatus}
		case errors.As(err, &bad):
			return credentials.Credentials{}, &NetworkError{Vendor: "Tencent", Endpoint: cfg.Endpoint.Redacted(), RoleArn: cfg.RoleArn, Err: bad}
		case errors.As(err, &ne):
			return credentials.Credentials{}, &NetworkError{Vendor: "Tencent", Endpoint: ne.Endpoint, RoleArn: cfg.RoleArn, Err: ne.Err}
		case err != nil:
			return credentials.Credentials{}, err
		}
		if out.Credentials == nil || out.ExpiredTime == 0 {
			return credentials.Credentials{}, &NetworkError{Vendor: "Tencent", Endpoint: cfg.Endpoint.Redacted(), RoleArn: cfg.RoleArn,
				Err: fmt.Errorf("the AssumeRole answer has no Credentials or ExpiredTime")}
		}
		return credentials.Credentials{
			KeyID: out.Credentials.TmpSecretID, Secret: out.Credentials.TmpSecretKey,
			Token: out.Credentials.Token, Expires: time.Unix(out.ExpiredTime, 0),
		}, nil
	}
}
