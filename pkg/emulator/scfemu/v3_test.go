package scfemu

import (
	"math"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lastHour is the window 19:00:00..19:59:59 (Shanghai) before testNow.
var lastHour = map[string]any{"StartTime": "2026-11-22 19:00:00", "EndTime": "2026-11-22 19:59:59"}

func with(base map[string]any, kv ...any) map[string]any {
	out := map[string]any{}
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

func TestV3GetFunctionLogsPage(t *testing.T) {
	e := newEnv(t, nil)
	page := e.logs(t, with(lastHour, "FunctionName", "hello-node", "Limit", 10))
	require.Len(t, page.Data, 10)
	assert.Greater(t, page.TotalCount, 10, "an hour of hello-node has more than 10 runs")
	prev := "9999"
	for _, row := range page.Data {
		assert.Equal(t, "hello-node", row.FunctionName)
		assert.Regexp(t, `^2026-11-22 19:[0-5]\d:[0-5]\d$`, row.StartTime, "account zone, zone-less")
		assert.LessOrEqual(t, row.StartTime, prev, "default order is newest first")
		prev = row.StartTime
		assert.Equal(t, int64(1), row.InvokeFinished)
		assert.Equal(t, int64(math.Max(100, math.Ceil(row.Duration/100)*100)), row.BillDuration)
		assert.Positive(t, row.MemUsage)
		assert.True(t, strings.HasPrefix(row.Log, "START RequestId: "+row.RequestId+"\n"), row.Log)
		assert.Contains(t, row.Log, "\nEND RequestId: "+row.RequestId+"\n")
		assert.Regexp(t, `Report RequestId: `+row.RequestId+` Duration: \d+\.\d\d ms Billed Duration: \d+ ms Memory Size: 128 MB Max Memory Used: \d+\.\d MB\n$`, row.Log)
		assert.Empty(t, row.Level)
		assert.Empty(t, row.Source)
	}
}

func TestV3ResponseShape(t *testing.T) {
	e := newEnv(t, nil)
	r := e.v3Call(t, v3Request{Action: "GetFunctionLogs", Params: with(lastHour, "Limit", 1)})
	assert.Contains(t, r, "SearchContext")
	assert.Nil(t, r["SearchContext"])
	row := r["Data"].([]any)[0].(map[string]any)
	var keys []string
	for k := range row {
		keys = append(keys, k)
	}
	assert.ElementsMatch(t, []string{"FunctionName", "RetMsg", "RequestId", "StartTime", "RetCode", "InvokeFinished", "Duration",
		"BillDuration", "MemUsage", "Log", "Level", "Source", "RetryNum"}, keys)
}

// The seed's example: 09:14:01Z is "2017-09-18 17:14:01" in the account zone,
// and StartTime/EndTime are read in that zone.
func TestV3ZoneRule(t *testing.T) {
	e := newEnv(t, nil)
	require.NoError(t, e.srv.AddInvocations(Invocation{
		FunctionName: "hello-node", RequestID: "b5a9c642-9c51-11e7-a46e-5254001df6c6",
		Start: time.Date(2017, 9, 18, 9, 14, 1, 236e6, time.UTC), Duration: 2.735, MemUsage: 131072, RetMsg: `"ok"`, Log: "Hello World\n",
	}))
	page := e.logs(t, map[string]any{"FunctionName": "hello-node", "StartTime": "2017-09-18 17:00:00", "EndTime": "2017-09-18 17:59:59"})
	require.Equal(t, 1, page.TotalCount)
	row := page.Data[0]
	assert.Equal(t, "2017-09-18 17:14:01", row.StartTime)
	assert.Equal(t, "b5a9c642-9c51-11e7-a46e-5254001df6c6", row.RequestId)
	assert.Equal(t, int64(100), row.BillDuration)
	assert.Equal(t, 2.735, row.Duration)
	assert.Equal(t, int64(131072), row.MemUsage)

	utcWindow := e.logs(t, map[string]any{"FunctionName": "hello-node", "StartTime": "2017-09-18 09:00:00", "EndTime": "2017-09-18 09:59:59"})
	assert.Zero(t, utcWindow.TotalCount, "the window is in the account zone, not UTC")
}

func TestV3TimeBoundsInclusiveAtSeconds(t *testing.T) {
	e := newEnv(t, nil)
	at := func(s string, ms int) time.Time {
		tm, err := time.ParseInLocation(dateTimeShape, s, shanghai)
		require.NoError(t, err)
		return tm.Add(time.Duration(ms) * time.Millisecond)
	}
	require.NoError(t, e.srv.AddInvocations(
		Invocation{FunctionName: "order-api", RequestID: "before", Start: at("2020-01-01 09:59:59", 999), Duration: 1},
		Invocation{FunctionName: "order-api", RequestID: "first", Start: at("2020-01-01 10:00:00", 0), Duration: 1},
		Invocation{FunctionName: "order-api", RequestID: "last", Start: at("2020-01-01 10:00:59", 999), Duration: 1},
		Invocation{FunctionName: "order-api", RequestID: "after", Start: at("2020-01-01 10:01:00", 0), Duration: 1},
	))
	page := e.logs(t, map[string]any{"FunctionName": "order-api", "StartTime": "2020-01-01 10:00:00", "EndTime": "2020-01-01 10:00:59", "Order": "asc"})
	require.Equal(t, 2, page.TotalCount)
	assert.Equal(t, "first", page.Data[0].RequestId)
	assert.Equal(t, "last", page.Data[1].RequestId)
}

func TestV3DefaultWindowIsTheLastDay(t *testing.T) {
	e := newEnv(t, nil)
	page := e.logs(t, map[string]any{"Order": "asc", "Limit": 1})
	require.Len(t, page.Data, 1)
	assert.GreaterOrEqual(t, page.Data[0].StartTime, "2026-11-21 20:00:00")
	all := e.logs(t, map[string]any{"StartTime": "2026-11-21 20:00:00", "EndTime": "2026-11-22 20:00:00", "Limit": 1})
	assert.Equal(t, all.TotalCount, page.TotalCount)
	assert.Greater(t, page.TotalCount, 1500, "6000 runs over 3 days is ~2000 a day")
}

func TestV3PagingIsStableWithoutDuplicates(t *testing.T) {
	e := newEnv(t, nil)
	for _, orderBy := range []string{"start_time", "duration", "function_name"} {
		whole := e.logs(t, with(lastHour, "OrderBy", orderBy, "Limit", 1000))
		require.Less(t, whole.TotalCount, 1000)
		seen := map[string]bool{}
		var paged []string
		for offset := 0; offset < whole.TotalCount; offset += 7 {
			page := e.logs(t, with(lastHour, "OrderBy", orderBy, "Offset", offset, "Limit", 7))
			assert.Equal(t, whole.TotalCount, page.TotalCount)
			for _, row := range page.Data {
				assert.False(t, seen[row.RequestId], "duplicate %s at offset %d", row.RequestId, offset)
				seen[row.RequestId] = true
				paged = append(paged, row.RequestId)
			}
		}
		require.Len(t, paged, whole.TotalCount)
		for i, row := range whole.Data {
			assert.Equal(t, row.RequestId, paged[i], "%s: page order differs from the whole at %d", orderBy, i)
		}
	}
	past := e.logs(t, with(lastHour, "Offset", 5000, "Limit", 10))
	assert.Empty(t, past.Data)
	assert.Positive(t, past.TotalCount)
}

func TestV3SortOrders(t *testing.T) {
	e := newEnv(t, nil)
	fields := map[string]func(functionLog) float64{
		"duration":  func(r functionLog) float64 { return r.Duration },
		"mem_usage": func(r functionLog) float64 { return float64(r.MemUsage) },
		"memUsage":  func(r functionLog) float64 { return float64(r.MemUsage) },
	}
	strFields := map[string]func(functionLog) string{
		"start_time": func(r functionLog) string { return r.StartTime }, "startTime": func(r functionLog) string { return r.StartTime },
		"function_name": func(r functionLog) string { return r.FunctionName }, "functionName": func(r functionLog) string { return r.FunctionName },
		"requestId": func(r functionLog) string { return r.RequestId }, "request_id": func(r functionLog) string { return r.RequestId },
	}
	for _, order := range []string{"asc", "desc", "acs"} {
		up := order != "desc"
		for name, key := range fields {
			rows := e.logs(t, with(lastHour, "OrderBy", name, "Order", order, "Limit", 200)).Data
			require.NotEmpty(t, rows)
			for i := 1; i < len(rows); i++ {
				a, b := key(rows[i-1]), key(rows[i])
				assert.True(t, (up && a <= b) || (!up && a >= b), "%s %s: %v then %v", name, order, a, b)
			}
			assert.NotEqual(t, key(rows[0]), key(rows[len(rows)-1]), "%s: the sample must vary", name)
		}
		for name, key := range strFields {
			rows := e.logs(t, with(lastHour, "OrderBy", name, "Order", order, "Limit", 200)).Data
			for i := 1; i < len(rows); i++ {
				a, b := key(rows[i-1]), key(rows[i])
				assert.True(t, (up && a <= b) || (!up && a >= b), "%s %s: %v then %v", name, order, a, b)
			}
			assert.NotEqual(t, key(rows[0]), key(rows[len(rows)-1]), "%s: the sample must vary", name)
		}
	}
}

func TestV3RetCodeFilters(t *testing.T) {
	e := newEnv(t, nil)
	day := map[string]any{"StartTime": "2026-11-21 20:00:00", "EndTime": "2026-11-22 20:00:00", "Limit": 5000}
	all := e.logs(t, day)
	is0 := e.logs(t, with(day, "Filter", map[string]any{"RetCode": "is0"}))
	not0 := e.logs(t, with(day, "Filter", map[string]any{"RetCode": "not0"}))
	assert.Equal(t, all.TotalCount, is0.TotalCount+not0.TotalCount)
	assert.Positive(t, not0.TotalCount)
	for _, r := range is0.Data {
		assert.Zero(t, r.RetCode)
	}
	classes := map[string]int64{"UserCodeException": RetCodeUserError, "TimeLimitExceeded": RetCodeTimeout, "ResourceLimitExceeded": RetCodeMemoryLimit}
	sum := 0
	for filter, code := range classes {
		page := e.logs(t, with(day, "Filter", map[string]any{"RetCode": filter}))
		assert.Positive(t, page.TotalCount, filter)
		sum += page.TotalCount
		for _, r := range page.Data {
			assert.Equal(t, code, r.RetCode, filter)
			assert.NotEmpty(t, r.RetMsg)
		}
	}
	assert.Equal(t, not0.TotalCount, sum, "every failure is in exactly one class")

	timeouts := e.logs(t, with(day, "Filter", map[string]any{"RetCode": "TimeLimitExceeded"}))
	for _, r := range timeouts.Data {
		assert.Regexp(t, `^Invoking task timed out after \d+ seconds$`, r.RetMsg)
		assert.GreaterOrEqual(t, r.Duration, 3000.0)
	}
}

func TestV3FunctionRequestID(t *testing.T) {
	e := newEnv(t, nil)
	some := e.logs(t, with(lastHour, "Limit", 5)).Data
	want := some[3]
	page := e.logs(t, with(lastHour, "FunctionRequestId", want.RequestId))
	require.Equal(t, 1, page.TotalCount)
	assert.Equal(t, want, page.Data[0])
	none := e.logs(t, with(lastHour, "FunctionRequestId", "00000000-0000-0000-0000-000000000000"))
	assert.Zero(t, none.TotalCount)
	assert.NotNil(t, none.Data, "Data is [] not null")
}

func TestV3NamespacesAndQualifier(t *testing.T) {
	e := newEnv(t, nil)
	staging := e.logs(t, with(lastHour, "Namespace", "staging", "Limit", 500))
	require.Positive(t, staging.TotalCount)
	names := map[string]bool{}
	for _, r := range staging.Data {
		names[r.FunctionName] = true
	}
	assert.Equal(t, map[string]bool{"hello-node": true, "cron-cleanup": true}, names)

	latest := e.logs(t, with(lastHour, "FunctionName", "order-api", "Qualifier", "$LATEST"))
	assert.Positive(t, latest.TotalCount)

	code, _ := e.v3Error(t, v3Request{Action: "GetFunctionLogs", Params: with(lastHour, "FunctionName", "order-api", "Qualifier", "3")})
	assert.Equal(t, "ResourceNotFound.FunctionVersion", code)
	code, msg := e.v3Error(t, v3Request{Action: "GetFunctionLogs", Params: with(lastHour, "FunctionName", "no-such-fn")})
	assert.Equal(t, "ResourceNotFound.Function", code)
	assert.Contains(t, msg, "未找到指定的Function，请创建后再试。")
	code, msg = e.v3Error(t, v3Request{Action: "GetFunctionLogs", Language: "en-US", Params: with(lastHour, "FunctionName", "cron-cleanup")})
	assert.Equal(t, "ResourceNotFound.Function", code, "cron-cleanup lives in staging only")
	assert.Contains(t, msg, "cron-cleanup in namespace default was not found")
	code, _ = e.v3Error(t, v3Request{Action: "GetFunctionLogs", Params: with(lastHour, "Namespace", "prod")})
	assert.Equal(t, "ResourceNotFound.Namespace", code)
}

func TestV3ParameterErrors(t *testing.T) {
	e := newEnv(t, nil)
	cases := []struct {
		name   string
		params map[string]any
		code   string
	}{
		{"window over a day", map[string]any{"StartTime": "2026-11-21 19:59:59", "EndTime": "2026-11-22 20:00:00"}, "InvalidParameterValue.StartTimeOrEndTime"},
		{"only StartTime", map[string]any{"StartTime": "2026-11-22 19:00:00"}, "InvalidParameterValue.StartTimeOrEndTime"},
		{"only EndTime", map[string]any{"EndTime": "2026-11-22 19:00:00"}, "InvalidParameterValue.StartTimeOrEndTime"},
		{"end before start", map[string]any{"StartTime": "2026-11-22 19:00:00", "EndTime": "2026-11-22 18:00:00"}, "InvalidParameterValue.StartTimeOrEndTime"},
		{"ISO time", map[string]any{"StartTime": "2026-11-22T19:00:00Z", "EndTime": "2026-11-22 20:00:00"}, "InvalidParameterValue.DateTime"},
		{"date only", map[string]any{"StartTime": "2026-11-22 19:00:00", "EndTime": "2026-11-22"}, "InvalidParameterValue.DateTime"},
		{"offset+limit over 10000", with(lastHour, "Offset", 9991, "Limit", 10), "LimitExceeded.Offset"},
		{"negative offset", with(lastHour, "Offset", -1), "InvalidParameterValue.Offset"},
		{"negative limit", with(lastHour, "Limit", -5), "InvalidParameterValue.Limit"},
		{"bad order", with(lastHour, "Order", "up"), "InvalidParameterValue.Order"},
		{"bad order by", with(lastHour, "OrderBy", "retCode"), "InvalidParameterValue.OrderBy"},
		{"bad ret code", with(lastHour, "Filter", map[string]any{"RetCode": "is1"}), "InvalidParameterValue.RetCode"},
		{"unknown parameter", with(lastHour, "Keyword", "error"), "UnknownParameter"},
		{"wrong type", with(lastHour, "Limit", "many"), "InvalidParameter"},
		{"wrong type of a string", with(lastHour, "FunctionName", 5), "InvalidParameter"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, msg := e.v3Error(t, v3Request{Action: "GetFunctionLogs", Params: c.params})
			assert.Equal(t, c.code, code)
			assert.NotEmpty(t, msg)
		})
	}
	exactlyADay := e.logs(t, map[string]any{"StartTime": "2026-11-21 20:00:00", "EndTime": "2026-11-22 20:00:00", "Offset": 9990, "Limit": 10})
	assert.Positive(t, exactlyADay.TotalCount, "a window of exactly one day and Offset+Limit = 10000 are allowed")
	code, _ := e.v3Error(t, v3Request{Action: "GetFunctionLogs", Body: []byte(`{"Limit":`)})
	assert.Equal(t, "InvalidParameter", code)
	code, _ = e.v3Error(t, v3Request{Action: "GetFunctionLogs", Body: []byte(`[1,2]`)})
	assert.Equal(t, "InvalidParameter", code)
}

func TestV3AuthAndCommonErrors(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Token = "sts-token-1" })
	ok := v3Request{Action: "GetFunctionLogs", Params: lastHour}
	now := e.clock.Now().Unix()
	cases := []struct {
		name string
		rq   v3Request
		code string
	}{
		{"wrong secret key", v3Request{Action: "GetFunctionLogs", Params: lastHour, SecretKey: "nope"}, "AuthFailure.SignatureFailure"},
		{"unknown SecretId", v3Request{Action: "GetFunctionLogs", Params: lastHour, SecretID: "AKIDother"}, "AuthFailure.SecretIdNotFound"},
		{"timestamp 6 min old", v3Request{Action: "GetFunctionLogs", Params: lastHour, Timestamp: now - 360}, "AuthFailure.SignatureExpire"},
		{"timestamp 6 min ahead", v3Request{Action: "GetFunctionLogs", Params: lastHour, Timestamp: now + 360}, "AuthFailure.SignatureExpire"},
		{"content type signed differently", v3Request{Action: "GetFunctionLogs", Params: lastHour, ContentType: "application/json; charset=utf-8", SignedContentType: "application/json"}, "AuthFailure.SignatureFailure"},
		{"form POST (signature v1)", v3Request{Action: "GetFunctionLogs", Body: []byte("Limit=1"), ContentType: "application/x-www-form-urlencoded"}, "AuthFailure.InvalidAuthorization"},
		{"wrong token", v3Request{Action: "GetFunctionLogs", Params: lastHour, Token: "sts-token-2"}, "AuthFailure.TokenFailure"},
		{"missing action", v3Request{Params: lastHour}, "InvalidAction"},
		{"unknown action", v3Request{Action: "GetFunctionLog", Params: lastHour}, "InvalidAction"},
		{"unimplemented action", v3Request{Action: "Invoke", Params: lastHour}, "UnsupportedOperation"},
		{"bad version", v3Request{Action: "GetFunctionLogs", Params: lastHour, Version: "2017-03-12"}, "NoSuchVersion"},
		{"missing region", v3Request{Action: "GetFunctionLogs", Params: lastHour, Region: "-"}, "MissingParameter"},
		{"unknown region", v3Request{Action: "GetFunctionLogs", Params: lastHour, Region: "ap-atlantis"}, "UnsupportedRegion"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, msg := e.v3Error(t, c.rq)
			assert.Equal(t, c.code, code, msg)
			assert.NotContains(t, msg, testKeySecret)
		})
	}

	fine := e.v3Call(t, ok)
	assert.NotContains(t, fine, "Error")
	withToken := ok
	withToken.Token = "sts-token-1"
	assert.NotContains(t, e.v3Call(t, withToken), "Error")
	fourMinutes := ok
	fourMinutes.Timestamp = now - 240
	assert.NotContains(t, e.v3Call(t, fourMinutes), "Error", "4 minutes of skew is within the 5 allowed")
	for _, region := range []string{"ap-shanghai", "ap-beijing", "ap-chengdu", "ap-hongkong", "ap-singapore"} {
		r := ok
		r.Region = region
		assert.NotContains(t, e.v3Call(t, r), "Error", region)
	}

	code, msg := e.v3Error(t, v3Request{Action: "GetFunctionLogs", Params: lastHour, SecretKey: "nope", Language: "en-US"})
	assert.Equal(t, "AuthFailure.SignatureFailure", code)
	assert.Contains(t, msg, "The provided credentials could not be validated")
}

func TestV3MalformedAuthorization(t *testing.T) {
	e := newEnv(t, nil)
	for _, auth := range []string{"", "Basic abc", "TC3-HMAC-SHA256 Credential=x", "TC3-HMAC-SHA256 Credential=" + testKeyID + "/2026-11-22/scf/tc3_request, SignedHeaders=host, Signature=00"} {
		req, err := http.NewRequest(http.MethodPost, e.http.URL+"/", strings.NewReader("{}"))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-TC-Action", "ListNamespaces")
		req.Header.Set("X-TC-Version", "2018-04-16")
		req.Header.Set("X-TC-Region", "ap-guangzhou")
		req.Header.Set("X-TC-Timestamp", "1795386072")
		req.Header.Set("Authorization", auth)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		var env struct {
			Response struct{ Error struct{ Code string } }
		}
		require.NoError(t, jsonDecode(resp, &env))
		assert.Equal(t, "AuthFailure.InvalidAuthorization", env.Response.Error.Code, auth)
	}
}

func TestV3ScopeMismatch(t *testing.T) {
	e := newEnv(t, nil)
	ts := e.clock.Now().Unix()
	body := []byte(`{}`)
	host := strings.TrimPrefix(e.http.URL, "http://")
	for name, auth := range map[string]string{
		"beijing date": strings.Replace(signTC3(testKeyID, testKeySecret, "POST", host, "", "application/json", body, ts),
			"/"+time.Unix(ts, 0).UTC().Format("2006-01-02")+"/", "/"+time.Unix(ts, 0).UTC().Add(-48*time.Hour).Format("2006-01-02")+"/", 1),
		"cvm service": strings.Replace(signTC3(testKeyID, testKeySecret, "POST", host, "", "application/json", body, ts), "/scf/", "/cvm/", 1),
	} {
		req, err := http.NewRequest(http.MethodPost, e.http.URL+"/", strings.NewReader(string(body)))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-TC-Action", "ListNamespaces")
		req.Header.Set("X-TC-Version", "2018-04-16")
		req.Header.Set("X-TC-Region", "ap-guangzhou")
		req.Header.Set("X-TC-Timestamp", itoa64(ts))
		req.Header.Set("Authorization", auth)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		var env struct {
			Response struct {
				Error struct{ Code, Message string }
			}
		}
		require.NoError(t, jsonDecode(resp, &env))
		assert.Equal(t, "AuthFailure.SignatureFailure", env.Response.Error.Code, name)
	}
}

func TestV3GetWithQuery(t *testing.T) {
	e := newEnv(t, nil)
	query := "EndTime=2026-11-22+19%3A59%3A59&Filter.RetCode=not0&FunctionName=flaky-worker&Limit=20&Namespace=default&Offset=0&Order=desc&OrderBy=start_time&StartTime=2026-11-22+19%3A00%3A00"
	r := e.v3Call(t, v3Request{Action: "GetFunctionLogs", Method: http.MethodGet, Query: query})
	require.NotContains(t, r, "Error", r["Error"])
	post := e.logs(t, with(lastHour, "FunctionName", "flaky-worker", "Filter", map[string]any{"RetCode": "not0"}, "Limit", 20))
	assert.Equal(t, float64(post.TotalCount), r["TotalCount"])
	data := r["Data"].([]any)
	require.Len(t, data, len(post.Data))
	for i, row := range data {
		assert.Equal(t, post.Data[i].RequestId, row.(map[string]any)["RequestId"])
		assert.NotEqual(t, float64(0), row.(map[string]any)["RetCode"])
	}

	list := e.v3Call(t, v3Request{Action: "ListFunctions", Method: http.MethodGet, Query: "Filters.0.Name=Runtime&Filters.0.Values.0=Python3.6&Namespace=staging"})
	assert.Equal(t, float64(1), list["TotalCount"])
}

var lineFormats = map[string]*regexp.Regexp{
	"Nodejs": regexp.MustCompile(`(?m)^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\t[0-9a-f-]{36}\t\S`),
	"Python": regexp.MustCompile(`(?m)^\[(INFO|ERROR)\]\t\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\t[0-9a-f-]{36}\t\S`),
	"Go":     regexp.MustCompile(`(?m)^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d \S`),
	"Java":   regexp.MustCompile(`(?m)^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} (INFO |WARN ) \[main\] com\.example`),
}

func TestV3RuntimeLogFormats(t *testing.T) {
	e := newEnv(t, nil)
	runtimes := map[string]string{"hello-node": "Nodejs", "flaky-worker": "Nodejs", "order-api": "Python", "image-resize": "Go", "report-java": "Java"}
	for fn, runtime := range runtimes {
		rows := e.logs(t, map[string]any{"FunctionName": fn, "StartTime": "2026-11-21 20:00:00", "EndTime": "2026-11-22 20:00:00", "Limit": 50}).Data
		require.NotEmpty(t, rows, fn)
		for _, r := range rows {
			assert.Regexp(t, lineFormats[runtime], r.Log, fn)
		}
	}
	node := e.logs(t, with(lastHour, "FunctionName", "hello-node", "Filter", map[string]any{"RetCode": "is0"}, "Limit", 1)).Data[0]
	assert.Contains(t, node.Log, "\t"+node.RequestId+"\t{ msgBody: '", "the seed's multi-line object")
	assert.Contains(t, node.Log, "\n  subscriptionName: 'demo-sub',\n")
	assert.Equal(t, `"ok"`, node.RetMsg)

	py := e.logs(t, map[string]any{"FunctionName": "order-api", "StartTime": "2026-11-21 20:00:00", "EndTime": "2026-11-22 20:00:00", "Filter": map[string]any{"RetCode": "UserCodeException"}, "Limit": 1}).Data[0]
	assert.Contains(t, py.Log, "[ERROR]\t")
	assert.Contains(t, py.Log, "Traceback (most recent call last):\n  File \"/var/user/index.py\"")
	assert.Contains(t, py.RetMsg, `"errorMessage":"user code exception caught"`)
}

func TestV3FailureRates(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Invocations = 30000 })
	rate := func(fn string) float64 {
		day := map[string]any{"FunctionName": fn, "StartTime": "2026-11-21 20:00:00", "EndTime": "2026-11-22 20:00:00", "Limit": 1}
		all := e.logs(t, day).TotalCount
		failed := e.logs(t, with(day, "Filter", map[string]any{"RetCode": "not0"})).TotalCount
		require.Positive(t, all, fn)
		return float64(failed) / float64(all)
	}
	assert.InDelta(t, 0.30, rate("flaky-worker"), 0.06)
	assert.InDelta(t, 0.05, rate("order-api"), 0.025)
	assert.Zero(t, rate("hello-node"))
}

func TestDataIsDeterministicAndGrowsWithTheClock(t *testing.T) {
	a, b := newEnv(t, nil), newEnv(t, nil)
	pa, pb := a.logs(t, with(lastHour, "Limit", 30)), b.logs(t, with(lastHour, "Limit", 30))
	assert.Equal(t, pa, pb)
	other := newEnv(t, func(c *Config) { c.Seed = 8 })
	assert.NotEqual(t, pa.Data[0].RequestId, other.logs(t, with(lastHour, "Limit", 30)).Data[0].RequestId)

	now := testNow
	moving := newEnv(t, func(c *Config) { c.Now = func() time.Time { return now } })
	window := map[string]any{"StartTime": "2026-11-22 20:00:00", "EndTime": "2026-11-22 21:00:00", "Limit": 1}
	assert.Zero(t, moving.logs(t, window).TotalCount, "nothing has run after now yet")
	now = now.Add(30 * time.Minute)
	half := moving.logs(t, window).TotalCount
	assert.InDelta(t, 6000/3/24/2, half, 20, "~42 runs in half an hour")
	now = now.Add(30 * time.Minute)
	assert.Greater(t, moving.logs(t, window).TotalCount, half)
}

func TestV3ListFunctionsAndNamespaces(t *testing.T) {
	e := newEnv(t, nil)
	names := func(r map[string]any) []string {
		var out []string
		for _, f := range r["Functions"].([]any) {
			out = append(out, f.(map[string]any)["FunctionName"].(string))
		}
		return out
	}
	all := e.v3Call(t, v3Request{Action: "ListFunctions", Params: map[string]any{"Orderby": "FunctionName", "Order": "ASC"}})
	assert.Equal(t, float64(5), all["TotalCount"])
	assert.Equal(t, []string{"flaky-worker", "hello-node", "image-resize", "order-api", "report-java"}, names(all))
	f := all["Functions"].([]any)[1].(map[string]any)
	assert.Equal(t, "Nodejs12.16", f["Runtime"])
	assert.Equal(t, "Active", f["Status"])
	assert.Equal(t, "default", f["Namespace"])
	assert.Regexp(t, `^lam-[0-9a-f]{8}$`, f["FunctionId"])
	assert.Regexp(t, `^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$`, f["AddTime"])

	paged := e.v3Call(t, v3Request{Action: "ListFunctions", Params: map[string]any{"Orderby": "FunctionName", "Order": "DESC", "Offset": 1, "Limit": 2}})
	assert.Equal(t, []string{"order-api", "image-resize"}, names(paged))
	search := e.v3Call(t, v3Request{Action: "ListFunctions", Params: map[string]any{"SearchKey": "node", "Namespace": "staging"}})
	assert.Equal(t, []string{"hello-node"}, names(search))
	byRuntime := e.v3Call(t, v3Request{Action: "ListFunctions", Params: map[string]any{"Filters": []map[string]any{{"Name": "Runtime", "Values": []string{"Go1", "Java8"}}}}})
	assert.ElementsMatch(t, []string{"image-resize", "report-java"}, names(byRuntime))

	for _, c := range []struct {
		params map[string]any
		code   string
	}{
		{map[string]any{"Limit": 101}, "InvalidParameterValue.Limit"},
		{map[string]any{"Orderby": "Runtime"}, "InvalidParameterValue.Orderby"},
		{map[string]any{"Order": "up"}, "InvalidParameterValue.Order"},
		{map[string]any{"Namespace": "prod"}, "ResourceNotFound.Namespace"},
		{map[string]any{"Filters": []map[string]any{{"Name": "Color", "Values": []string{"red"}}}}, "InvalidParameterValue.Filters"},
	} {
		code, _ := e.v3Error(t, v3Request{Action: "ListFunctions", Params: c.params})
		assert.Equal(t, c.code, code, c.params)
	}

	ns := e.v3Call(t, v3Request{Action: "ListNamespaces"})
	assert.Equal(t, float64(2), ns["TotalCount"])
	first := ns["Namespaces"].([]any)[0].(map[string]any)
	assert.Equal(t, "default", first["Name"])
	assert.Equal(t, "default", first["Type"])
	one := e.v3Call(t, v3Request{Action: "ListNamespaces", Params: map[string]any{"Offset": 1, "Limit": 1}})
	assert.Equal(t, "staging", one["Namespaces"].([]any)[0].(map[string]any)["Name"])
}

func TestV3RateLimitPerSecretID(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.RequestsPerSecond = 2 })
	call := v3Request{Action: "GetFunctionLogs", Params: with(lastHour, "Limit", 1)}
	assert.NotContains(t, e.v3Call(t, call), "Error")
	assert.NotContains(t, e.v3Call(t, call), "Error")
	code, msg := e.v3Error(t, call)
	assert.Equal(t, "RequestLimitExceeded", code)
	assert.Equal(t, "请求的次数超过了频率限制。", msg)
	assert.NotContains(t, e.v3Call(t, v3Request{Action: "ListNamespaces"}), "Error", "the limit is GetFunctionLogs' own")
	e.clock.Advance(499 * time.Millisecond)
	code, _ = e.v3Error(t, call)
	assert.Equal(t, "RequestLimitExceeded", code, "less than one token refilled")
	e.clock.Advance(2 * time.Millisecond)
	assert.NotContains(t, e.v3Call(t, call), "Error", "one token after 0.5 s at 2/s")

	def := newEnv(t, func(c *Config) { c.RequestsPerSecond = 0 })
	for i := 0; i < 5; i++ {
		assert.NotContains(t, def.v3Call(t, call), "Error", "published 5/s: call %d", i)
	}
	code, _ = def.v3Error(t, call)
	assert.Equal(t, "RequestLimitExceeded", code)

	off := newEnv(t, func(c *Config) { c.RequestsPerSecond = -1 })
	for i := 0; i < 20; i++ {
		assert.NotContains(t, off.v3Call(t, call), "Error")
	}
}
