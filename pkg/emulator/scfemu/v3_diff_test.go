package scfemu

import (
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// randomLogsParams are GetFunctionLogs parameters as a client sends them,
// some of them wrong.
func randomLogsParams(r *rand.Rand, now time.Time, ids []string) map[string]any {
	p := map[string]any{"Limit": 1 + r.IntN(100)}
	pick := func(key string, values ...any) {
		if v := values[r.IntN(len(values))]; v != nil {
			p[key] = v
		}
	}
	pick("Namespace", nil, nil, "default", "staging")
	if p["Namespace"] == "staging" {
		pick("FunctionName", nil, "hello-node", "cron-cleanup")
	} else {
		pick("FunctionName", nil, "hello-node", "order-api", "image-resize")
	}
	pick("Order", nil, "desc", "asc", "acs")
	pick("OrderBy", nil, "start_time", "startTime", "function_name", "requestId", "duration", "mem_usage")
	pick("FunctionRequestId", nil, nil, nil, ids[0], ids[1])
	pick("Qualifier", nil, nil, nil, "$LATEST")
	if f := []string{"", "", "not0", "is0", "TimeLimitExceeded", "UserCodeException"}[r.IntN(6)]; f != "" {
		p["Filter"] = map[string]any{"RetCode": f}
	}
	to := now.Add(time.Duration(r.IntN(600)-300) * time.Second)
	from := to.Add(-time.Duration(1+r.IntN(3*3600)) * time.Second)
	p["StartTime"], p["EndTime"] = from.In(shanghai).Format(dateTimeShape), to.In(shanghai).Format(dateTimeShape)
	if r.IntN(10) == 0 {
		delete(p, "StartTime")
		delete(p, "EndTime") // the last day
	}
	if r.IntN(8) == 0 { // one mistake
		wrong := [][2]any{{"Namespace", "nowhere"}, {"FunctionName", "ghost"}, {"Order", "DESC"}, {"OrderBy", "size"},
			{"Qualifier", "2"}, {"Filter", map[string]any{"RetCode": "bogus"}}, {"EndTime", nil},
			{"StartTime", to.In(shanghai).Format(dateTimeShape)}, {"Limit", -1}, {"Limit", 0}, {"Limit", "7"}, {"Offset", 10_000}}
		w := wrong[r.IntN(len(wrong))]
		if w[1] == nil {
			delete(p, w[0].(string))
		} else {
			p[w[0].(string)] = w[1]
		}
	}
	return p
}

// TestV3LogsAnswersMatchReference: every GetFunctionLogs answer, pages and
// errors, is byte for byte the answer of the reference query encoded by
// encoding/json (RequestId aside, which is new on every call), while runs
// are added, the clock moves and pages of one shape follow each other.
func TestV3LogsAnswersMatchReference(t *testing.T) {
	clock := &movableClock{}
	clock.Set(testNow)
	e := newEnv(t, func(c *Config) { c.Now = clock.Now; c.Invocations = 3000; c.Days = 1 })
	r := rand.New(rand.NewPCG(21, 22))
	ids := []string{"id-a", "id-b", "id-c"}
	require.NoError(t, e.srv.AddInvocations(randomRuns(r, clock.Now(), 300, ids)...))
	params := randomLogsParams(r, clock.Now(), ids)
	pages := 0
	for step := 0; step < 800; step++ {
		switch k := r.IntN(100); {
		case k < 3:
			require.NoError(t, e.srv.AddInvocations(randomRuns(r, clock.Now(), 1+r.IntN(10), ids)...))
		case k < 6:
			clock.Add(time.Duration(r.IntN(40)-10) * time.Second)
		case k < 20:
			params = randomLogsParams(r, clock.Now(), ids)
		}
		if params["Offset"] != 10_000 { // kept: the mistake randomLogsParams made
			params["Offset"] = r.IntN(300)
		}
		resp := e.v3Do(t, v3Request{Action: "GetFunctionLogs", Params: params})
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		require.Equal(t, strconv.Itoa(len(body)), resp.Header.Get("Content-Length"))
		require.Equal(t, "application/json", resp.Header.Get("Content-Type"))
		var id struct{ Response struct{ RequestId string } }
		require.NoError(t, json.Unmarshal(body, &id), "%s", body)

		raw, err := json.Marshal(params)
		require.NoError(t, err)
		var want any
		q, apiErr := e.srv.v3LogsQuery(raw)
		if apiErr != nil {
			want = v3ErrorEnvelope(apiErr, "", id.Response.RequestId)
		} else {
			answer := e.srv.v3LogsAnswer(e.srv.store.queryRef(q))
			answer.RequestId = id.Response.RequestId
			want = v3Envelope{Response: answer}
			pages++
		}
		wantBody, err := json.Marshal(want)
		require.NoError(t, err)
		require.Equal(t, string(wantBody), string(body), "step %d: %v", step, params)
	}
	require.Greater(t, pages, 400, "most calls must answer a page")
}
