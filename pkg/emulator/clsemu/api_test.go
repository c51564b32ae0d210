package clsemu

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
)

func TestAuthenticationAndEnvelope(t *testing.T) {
	e := newEnv(t, nil)
	params := map[string]any{"Limit": 10}
	cases := []struct {
		name string
		r    req
		code string
	}{
		{"wrong secret", req{Action: "DescribeTopics", Params: params, SecretKey: "nope"}, "AuthFailure.SignatureFailure"},
		{"scf scope", req{Action: "DescribeTopics", Params: params, Service: "scf"}, "AuthFailure.SignatureFailure"},
		{"no region", req{Action: "DescribeTopics", Params: params, Region: "-"}, "MissingParameter"},
		{"bad region", req{Action: "DescribeTopics", Params: params, Region: "mars-1"}, "UnsupportedRegion"},
		{"unknown action", req{Action: "Frobnicate"}, "InvalidAction"},
		{"real but not emulated", req{Action: "CreateTopic"}, "UnsupportedOperation"},
		{"scf version", req{Action: "DescribeTopics", Version: "2018-04-16"}, "NoSuchVersion"},
		{"unknown parameter", req{Action: "DescribeTopics", Params: map[string]any{"Bogus": 1}}, "UnknownParameter"},
		{"wrong token", req{Action: "DescribeTopics", Token: "forged"}, "AuthFailure.TokenFailure"},
	}
	for _, c := range cases {
		code, _ := e.fail(t, c.r)
		assert.Equal(t, c.code, code, c.name)
	}
	// Errors travel as HTTP 200 with Response.Error and a RequestId.
	resp := e.do(t, req{Action: "DescribeTopics", SecretKey: "nope"})
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	_ = resp.Body.Close()
}

func TestGetAndGzip(t *testing.T) {
	e := newEnv(t, nil)
	raw := e.call(t, req{Action: "DescribeTopics", Method: http.MethodGet, Query: "Filters.0.Key=topicName&Filters.0.Values.0=nginx&Limit=5"})
	var out topicsResponse
	require.NoError(t, json.Unmarshal(raw, &out))
	require.Len(t, out.Topics, 1)
	assert.Equal(t, DemoAppTopicID, out.Topics[0].TopicId)

	resp := e.do(t, req{Action: "DescribeLogsets", Gzip: true})
	defer resp.Body.Close()
	require.Equal(t, "gzip", resp.Header.Get("Content-Encoding"))
	zr, err := gzip.NewReader(resp.Body)
	require.NoError(t, err)
	body, err := io.ReadAll(zr)
	require.NoError(t, err)
	assert.Contains(t, string(body), DemoSCFLogsetName)
}

func TestDescribeTopicsLogsetsIndex(t *testing.T) {
	e := newEnv(t, nil)
	var topics topicsResponse
	e.ok(t, "DescribeTopics", map[string]any{}, &topics)
	assert.EqualValues(t, 2, topics.TotalCount)
	e.ok(t, "DescribeTopics", map[string]any{"Filters": []any{map[string]any{"Key": "logsetName", "Values": []string{"SCF_logset"}}}}, &topics)
	require.Len(t, topics.Topics, 1)
	scf := topics.Topics[0]
	assert.Equal(t, DemoSCFTopicID, scf.TopicId)
	assert.Equal(t, DemoSCFTopicName, scf.TopicName)
	assert.Equal(t, "SCF", scf.AssumerName)
	assert.EqualValues(t, 7, scf.Period)
	e.ok(t, "DescribeTopics", map[string]any{"PreciseSearch": 1, "Filters": []any{map[string]any{"Key": "topicName", "Values": []string{"nginx"}}}}, &topics)
	assert.Empty(t, topics.Topics, "PreciseSearch 1 matches topicName exactly")
	e.ok(t, "DescribeTopics", map[string]any{"Filters": []any{map[string]any{"Key": "topicId", "Values": []string{DemoAppTopicID}}}}, &topics)
	require.Len(t, topics.Topics, 1)
	code, _ := e.fail(t, req{Action: "DescribeTopics", Params: map[string]any{"Limit": 101}})
	assert.Equal(t, "InvalidParameter", code)
	code, _ = e.fail(t, req{Action: "DescribeTopics", Params: map[string]any{"Filters": []any{map[string]any{"Key": "color", "Values": []string{"x"}}}}})
	assert.Equal(t, "InvalidParameter", code)

	var logsets logsetsResponse
	e.ok(t, "DescribeLogsets", map[string]any{"Filters": []any{map[string]any{"Key": "logsetId", "Values": []string{DemoSCFLogsetID}}}}, &logsets)
	require.Len(t, logsets.Logsets, 1)
	assert.Equal(t, DemoSCFLogsetName, logsets.Logsets[0].LogsetName)
	assert.Equal(t, "SCF", logsets.Logsets[0].AssumerName)
	assert.EqualValues(t, 1, logsets.Logsets[0].TopicCount)

	var ix struct {
		TopicId string
		Status  bool
		Rule    struct {
			FullText *struct {
				CaseSensitive bool
				Tokenizer     string
			}
			KeyValue struct {
				CaseSensitive bool
				KeyValues     []struct {
					Key   string
					Value struct {
						Type, Tokenizer string
						SqlFlag         bool
					}
				}
			}
		}
	}
	e.ok(t, "DescribeIndex", map[string]any{"TopicId": DemoSCFTopicID}, &ix)
	assert.True(t, ix.Status)
	require.NotNil(t, ix.Rule.FullText)
	types := map[string]string{}
	for _, kv := range ix.Rule.KeyValue.KeyValues {
		types[kv.Key] = kv.Value.Type
		assert.True(t, kv.Value.SqlFlag)
	}
	assert.Len(t, types, 14)
	assert.Equal(t, "long", types["SCF_StatusCode"])
	assert.Equal(t, "double", types["SCF_MemUsage"])
	assert.Equal(t, "text", types["SCF_Message"])
	code, _ = e.fail(t, req{Action: "DescribeIndex", Params: map[string]any{"TopicId": "nope"}})
	assert.Equal(t, "ResourceNotFound.TopicNotExist", code)
}

func TestFaultKnobs(t *testing.T) {
	e := newEnv(t, nil)
	e.ctl.Set(knobs.Settings{FaultRate: 1, Faults: []knobs.Fault{knobs.FaultThrottle}})
	code, _ := e.fail(t, req{Action: "DescribeTopics"})
	assert.Equal(t, "RequestLimitExceeded", code)
	e.ctl.Set(knobs.Settings{FaultRate: 1, Faults: []knobs.Fault{knobs.FaultServerError}})
	resp := e.do(t, req{Action: "DescribeTopics"})
	_ = resp.Body.Close()
	assert.GreaterOrEqual(t, resp.StatusCode, 500)
	e.ctl.Set(knobs.Settings{})
	reqs := e.ctl.Requests()
	require.NotEmpty(t, reqs)
	assert.Equal(t, "cls", reqs[len(reqs)-1].Service)
	assert.Equal(t, "DescribeTopics", reqs[len(reqs)-1].Action)
}
