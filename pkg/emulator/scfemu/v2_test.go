package scfemu

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestV2GetFunctionLogsSeedShape(t *testing.T) {
	e := newEnv(t, nil)
	status, body := e.v2Do(t, e.v2Params("GetFunctionLogs", map[string]string{"functionName": "hello-node", "limit": "2"}), v2Options{})
	require.Equal(t, http.StatusOK, status)
	var raw map[string]any
	require.NoError(t, json.Unmarshal(body, &raw), string(body))
	assert.Equal(t, float64(0), raw["code"])
	assert.Equal(t, "", raw["message"])
	assert.Equal(t, "Success", raw["codeDesc"])
	data := raw["data"].([]any)
	require.Len(t, data, 2)
	var keys []string
	for k := range data[0].(map[string]any) {
		keys = append(keys, k)
	}
	assert.ElementsMatch(t, []string{"functionName", "retMsg", "requestId", "startTime", "retCode", "invokeFinished", "duration", "billDuration", "memUsage", "log"}, keys,
		"the seed's camelCase example, not its snake_case table")

	a := e.v2Call(t, "GetFunctionLogs", map[string]string{"functionName": "hello-node", "limit": "2"}, v2Options{})
	assert.Equal(t, "2026-11-22 19:59:", a.Data[0].StartTime[:17], "newest first, account zone")
	assert.GreaterOrEqual(t, a.Data[0].StartTime, a.Data[1].StartTime)
	day := e.logs(t, map[string]any{"FunctionName": "hello-node", "StartTime": "2026-11-21 20:00:00", "EndTime": "2026-11-22 20:00:00", "Limit": 1})
	assert.Greater(t, a.Total, day.TotalCount, "v2 has no time window: it counts all three days")
}

func TestV2DefaultsPagingAndOrders(t *testing.T) {
	e := newEnv(t, nil)
	first := e.v2Call(t, "GetFunctionLogs", map[string]string{"functionName": "order-api"}, v2Options{})
	assert.Len(t, first.Data, 20, "limit defaults to 20")

	seen := map[string]bool{}
	whole := e.v2Call(t, "GetFunctionLogs", map[string]string{"functionName": "report-java", "limit": "1000", "orderby": "duration", "order": "asc"}, v2Options{})
	require.Less(t, whole.Total, 1000)
	var paged []string
	for offset := 0; offset < whole.Total; offset += 25 {
		p := e.v2Call(t, "GetFunctionLogs", map[string]string{"functionName": "report-java", "offset": strconv.Itoa(offset), "limit": "25", "orderby": "duration", "order": "asc"}, v2Options{})
		for _, r := range p.Data {
			assert.False(t, seen[r.RequestID])
			seen[r.RequestID] = true
			paged = append(paged, r.RequestID)
		}
	}
	require.Len(t, paged, whole.Total)
	for i := 1; i < len(whole.Data); i++ {
		assert.LessOrEqual(t, whole.Data[i-1].Duration, whole.Data[i].Duration)
		assert.Equal(t, whole.Data[i].RequestID, paged[i])
	}

	for _, orderby := range []string{"startTime", "start_time", "functionName", "function_name", "requestId", "request_id", "memUsage", "mem_usage"} {
		a := e.v2Call(t, "GetFunctionLogs", map[string]string{"orderby": orderby, "order": "acs", "limit": "50"}, v2Options{})
		assert.Zero(t, a.Code, "%s: %s", orderby, a.Message)
		assert.Len(t, a.Data, 50)
	}
	byMem := e.v2Call(t, "GetFunctionLogs", map[string]string{"orderby": "memUsage", "order": "desc", "limit": "50"}, v2Options{})
	for i := 1; i < len(byMem.Data); i++ {
		assert.GreaterOrEqual(t, byMem.Data[i-1].MemUsage, byMem.Data[i].MemUsage)
	}
}

func TestV2RetCodeFilterBothKeySpellings(t *testing.T) {
	e := newEnv(t, nil)
	all := e.v2Call(t, "GetFunctionLogs", map[string]string{"functionName": "flaky-worker", "limit": "1"}, v2Options{})
	for _, key := range []string{"filter.retCode", "filter_retCode"} {
		failed := e.v2Call(t, "GetFunctionLogs", map[string]string{"functionName": "flaky-worker", key: "not0", "limit": "100"}, v2Options{})
		require.Zero(t, failed.Code, failed.Message)
		ok := e.v2Call(t, "GetFunctionLogs", map[string]string{"functionName": "flaky-worker", key: "is0", "limit": "1"}, v2Options{})
		assert.Equal(t, all.Total, failed.Total+ok.Total, key)
		for _, r := range failed.Data {
			assert.NotZero(t, r.RetCode)
			assert.NotEmpty(t, r.RetMsg)
		}
	}
	one := e.v2Call(t, "GetFunctionLogs", map[string]string{"functionName": "flaky-worker", "limit": "3"}, v2Options{})
	byID := e.v2Call(t, "GetFunctionLogs", map[string]string{"requestId": one.Data[2].RequestID}, v2Options{})
	require.Equal(t, 1, byID.Total)
	assert.Equal(t, one.Data[2], byID.Data[0])
}

func TestV2SignatureVariants(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Token = "tmpToken123" })
	params := map[string]string{"functionName": "hello-node", "limit": "1"}
	assert.Zero(t, e.v2Call(t, "GetFunctionLogs", params, v2Options{Method: http.MethodPost}).Code, "POST form")
	sha256 := map[string]string{"functionName": "hello-node", "limit": "1", "SignatureMethod": "HmacSHA256", "Token": "tmpToken123"}
	assert.Zero(t, e.v2Call(t, "GetFunctionLogs", sha256, v2Options{}).Code, "HmacSHA256 with a token")
	// The legacy Python SDK sorts on the raw key and converts "_" while
	// joining; with a key sorting between the two spellings the orders differ.
	pySorted := map[string]string{"functionName": "hello-node", "filter_retCode": "is0", "filterA": "x", "limit": "1"}
	assert.Zero(t, e.v2Call(t, "GetFunctionLogs", pySorted, v2Options{SortOnOriginal: true}).Code, "sorted on original keys")
	assert.Zero(t, e.v2Call(t, "GetFunctionLogs", pySorted, v2Options{}).Code, "sorted on dotted keys")
}

func TestV2Errors(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Token = "tmpToken123" })
	now := e.clock.Now().Unix()
	cases := []struct {
		name   string
		action string
		params map[string]string
		opts   v2Options
		code   int
		desc   string
	}{
		{"bad signature", "GetFunctionLogs", nil, v2Options{SecretKey: "nope"}, 4100, "AuthFailure"},
		{"signature of another method", "GetFunctionLogs", nil, v2Options{Signature: "aQyf5Ny1u/dGJyHNooTJ7SXbp6Y="}, 4100, "AuthFailure"},
		{"unknown SecretId", "GetFunctionLogs", map[string]string{"SecretId": "AKIDother"}, v2Options{}, 4104, "AuthFailure.SecretIdNotFound"},
		{"timestamp 3 h old", "GetFunctionLogs", map[string]string{"Timestamp": strconv.FormatInt(now-3*3600, 10)}, v2Options{}, 4500, "RequestReplay"},
		{"missing nonce", "GetFunctionLogs", nil, v2Options{NoCommon: []string{"Nonce"}}, 4000, "MissingParameter"},
		{"missing region", "GetFunctionLogs", nil, v2Options{NoCommon: []string{"Region"}}, 4000, "MissingParameter"},
		{"unknown region", "GetFunctionLogs", map[string]string{"Region": "xx"}, v2Options{}, 4000, "UnsupportedRegion"},
		{"unknown action", "GetFunctionLog", nil, v2Options{}, 4000, "InvalidAction"},
		{"wrong token", "GetFunctionLogs", map[string]string{"Token": "other"}, v2Options{}, 4100, "AuthFailure.TokenFailure"},
		{"unknown function", "GetFunctionLogs", map[string]string{"functionName": "nope"}, v2Options{}, 4000, "ResourceNotFound.Function"},
		{"limit not a number", "GetFunctionLogs", map[string]string{"limit": "ten"}, v2Options{}, 4400, "InvalidParameter"},
		{"bad order", "GetFunctionLogs", map[string]string{"order": "random"}, v2Options{}, 4400, "InvalidParameter"},
		{"bad filter", "GetFunctionLogs", map[string]string{"filter.retCode": "is2"}, v2Options{}, 4400, "InvalidParameter"},
		{"offset+limit over 10000", "GetFunctionLogs", map[string]string{"offset": "9999", "limit": "2"}, v2Options{}, 4400, "LimitExceeded.Offset"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := e.v2Call(t, c.action, c.params, c.opts)
			assert.Equal(t, c.code, a.Code, a.Message)
			assert.Equal(t, c.desc, a.CodeDesc, a.Message)
			assert.Regexp(t, `^\(\S+\)\S`, a.Message)
			assert.NotContains(t, a.Message, testKeySecret)
		})
	}
}

func TestV2NonceReplay(t *testing.T) {
	e := newEnv(t, nil)
	params := e.v2Params("GetFunctionLogs", map[string]string{"limit": "1"})
	params["Nonce"] = "777"
	_, body := e.v2Do(t, params, v2Options{})
	var a v2Answer
	require.NoError(t, json.Unmarshal(body, &a))
	require.Zero(t, a.Code, a.Message)
	_, body = e.v2Do(t, params, v2Options{})
	require.NoError(t, json.Unmarshal(body, &a))
	assert.Equal(t, 4500, a.Code)
	assert.Contains(t, a.Message, "Nonce 777")

	params["Nonce"] = "778"
	e.clock.Advance(time.Second)
	_, body = e.v2Do(t, params, v2Options{})
	require.NoError(t, json.Unmarshal(body, &a))
	assert.Zero(t, a.Code, "a fresh Nonce passes")
}

func TestV2RateLimit(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.RequestsPerSecond = 1 })
	assert.Zero(t, e.v2Call(t, "GetFunctionLogs", map[string]string{"limit": "1"}, v2Options{}).Code)
	a := e.v2Call(t, "GetFunctionLogs", map[string]string{"limit": "1"}, v2Options{})
	assert.Equal(t, 4400, a.Code)
	assert.Equal(t, "RequestLimitExceeded", a.CodeDesc)
	e.clock.Advance(time.Second)
	assert.Zero(t, e.v2Call(t, "GetFunctionLogs", map[string]string{"limit": "1"}, v2Options{}).Code)
}

func TestV2ListFunctions(t *testing.T) {
	e := newEnv(t, nil)
	status, body := e.v2Do(t, e.v2Params("ListFunctions", map[string]string{"limit": "3"}), v2Options{})
	require.Equal(t, http.StatusOK, status)
	var a struct {
		Code        int    `json:"code"`
		CodeDesc    string `json:"codeDesc"`
		TotalCount  int    `json:"totalCount"`
		FunctionSet []struct {
			FunctionName string `json:"functionName"`
			Runtime      string `json:"runtime"`
			AddTime      string `json:"addTime"`
		} `json:"functionSet"`
	}
	require.NoError(t, json.Unmarshal(body, &a), string(body))
	assert.Zero(t, a.Code)
	assert.Equal(t, 5, a.TotalCount)
	require.Len(t, a.FunctionSet, 3)
	assert.Equal(t, "flaky-worker", a.FunctionSet[0].FunctionName, "newest first")
	assert.Equal(t, "Nodejs10.15", a.FunctionSet[0].Runtime)
}

// The plugin sends the legacy API a POST form (its token stays out of the
// URL): the signature's source string then starts with POST, and a form
// signed as a GET is refused.
func TestV2PostFormSignedAsPost(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Token = "STS.tok+en/with=signs" })
	params := map[string]string{"functionName": "hello-node", "limit": "2", "SignatureMethod": "HmacSHA256", "Token": "STS.tok+en/with=signs"}
	ok := e.v2Call(t, "GetFunctionLogs", params, v2Options{Method: http.MethodPost})
	require.Zero(t, ok.Code, ok.Message)
	assert.Len(t, ok.Data, 2)

	all := e.v2Params("GetFunctionLogs", params)
	getSig := signV2(http.MethodGet, strings.TrimPrefix(e.http.URL, "http://"), "/v2/index.php", testKeySecret, all, false)
	_, body := e.v2Do(t, all, v2Options{Method: http.MethodPost, Signature: getSig})
	var refused v2Answer
	require.NoError(t, json.Unmarshal(body, &refused))
	assert.Equal(t, 4100, refused.Code, "a POST signed as GET")
}
