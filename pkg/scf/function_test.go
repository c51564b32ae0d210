package scf

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/tc3"
)

// getFunctionServer answers GetFunction for fn in namespace prod, checking
// the signature (service "scf") and recording the request body.
func getFunctionServer(t *testing.T, bodies *[]map[string]any) *Client {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ts, _ := strconv.ParseInt(r.Header.Get("X-TC-Timestamp"), 10, 64)
		want := tc3.Sign(testID, testSecret, tc3.Request{Method: "POST", Host: r.Host, ContentType: "application/json", Payload: body, Service: "scf", Timestamp: ts})
		if r.Header.Get("Authorization") != want || r.Header.Get("X-TC-Action") != "GetFunction" || r.Header.Get("X-TC-Version") != "2018-04-16" {
			writeV3Error(w, "AuthFailure.SignatureFailure", "bad signature, action or version")
			return
		}
		var in map[string]any
		require.NoError(t, json.Unmarshal(body, &in))
		*bodies = append(*bodies, in)
		if in["FunctionName"] != "fn" || in["Namespace"] != "prod" {
			writeV3Error(w, "ResourceNotFound.Function", "The function does not exist.")
			return
		}
		writeJSON(w, map[string]any{"Response": map[string]any{
			"FunctionName": "fn", "Namespace": "prod", "Qualifier": "$LATEST", "Runtime": "Go1", "Status": "Active", "Type": "Event",
			"FunctionId": "lam-1", "ClsLogsetId": "ls-1", "ClsTopicId": "tp-1", "Description": "d", "RequestId": "r-1",
		}})
	}))
	t.Cleanup(s.Close)
	u, _ := url.Parse(s.URL)
	return New(Config{HTTPClient: s.Client(), Endpoint: u, Region: "ap-guangzhou", SecretID: testID, SecretKey: testSecret, Backoff: time.Millisecond})
}

func TestGetFunctionReadsTheCLSTopic(t *testing.T) {
	var bodies []map[string]any
	c := getFunctionServer(t, &bodies)
	info, err := c.GetFunction(context.Background(), "prod", "fn", "")
	require.NoError(t, err)
	assert.Equal(t, &FunctionInfo{FunctionName: "fn", Namespace: "prod", Qualifier: "$LATEST", ClsLogsetID: "ls-1", ClsTopicID: "tp-1",
		FunctionID: "lam-1", Runtime: "Go1", Status: "Active", Type: "Event", Description: "d"}, info)
	require.Len(t, bodies, 1)
	assert.Equal(t, map[string]any{"FunctionName": "fn", "Namespace": "prod"}, bodies[0], "an empty qualifier is left to SCF's $LATEST")

	_, err = c.GetFunction(context.Background(), "prod", "fn", "3")
	require.NoError(t, err)
	assert.Equal(t, "3", bodies[1]["Qualifier"])
}

func TestGetFunctionErrorsKeepSCFHints(t *testing.T) {
	var bodies []map[string]any
	c := getFunctionServer(t, &bodies)
	_, err := c.GetFunction(context.Background(), "prod", "missing", "")
	var api *APIError
	require.ErrorAs(t, err, &api)
	assert.Equal(t, "GetFunction", api.Action)
	assert.Equal(t, http.StatusNotFound, api.Status())
	assert.Contains(t, err.Error(), "function missing not found in namespace prod")
}

func TestGetFunctionNeedsAPI3(t *testing.T) {
	c := New(Config{Endpoint: &url.URL{Scheme: "http", Host: "127.0.0.1:1"}, APIVersion: APIv2})
	_, err := c.GetFunction(context.Background(), "default", "fn", "")
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrNeedsAPIv3))
	assert.True(t, IsUnsupportedAction(err), "callers treat it like an action the API lacks")
	assert.Contains(t, err.Error(), "GetFunction does not exist in the legacy v2 API")
	var se interface{ Status() int }
	require.ErrorAs(t, err, &se)
	assert.Equal(t, http.StatusBadRequest, se.Status())
}
