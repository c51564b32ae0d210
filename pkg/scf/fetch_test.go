package scf

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/credentials"
)

var newest = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

func requestIDs(invs []Invocation) []string {
	out := make([]string, len(invs))
	for i, inv := range invs {
		out[i] = inv.RequestID
	}
	return out
}

func TestPlanWindowsSplitsDaysNewestFirst(t *testing.T) {
	from := time.Date(2026, 11, 18, 0, 0, 0, 500_000_000, time.UTC)
	to := time.Date(2026, 11, 20, 6, 0, 0, 0, time.UTC)
	ws := PlanWindows(from, to, MaxWindow, true)
	require.Len(t, ws, 3)
	assert.Equal(t, to, ws[0].End)
	assert.Equal(t, to.Add(-24*time.Hour), ws[0].Start)
	assert.Equal(t, time.Date(2026, 11, 18, 0, 0, 1, 0, time.UTC), ws[2].Start, "from rounds up to a whole second")
	assert.Equal(t, to.Add(-time.Second), ws[0].Last(), "EndTime is inclusive, so the last second sent is to-1s")
	asc := PlanWindows(from, to, MaxWindow, false)
	require.Len(t, asc, 3)
	assert.Equal(t, ws[2].Start, asc[0].Start)
	assert.Equal(t, to, asc[2].End)
	assert.Empty(t, PlanWindows(to, to, MaxWindow, true))
}

func TestFetchV3PagesAcrossDaysWithoutLossOrDuplicates(t *testing.T) {
	fake := newFake(t, 3000, time.Minute, newest) // a bit over two days
	c := fake.client(fake.server(), APIv3)
	res, err := c.Fetch(context.Background(), FetchRequest{
		Template: LogsRequest{FunctionName: "fn", Namespace: "default"},
		From:     newest.Add(-72 * time.Hour), To: newest.Add(time.Second), Desc: true, Need: 5000,
	})
	require.NoError(t, err)
	require.Len(t, res.Invocations, 3000)
	assert.Equal(t, requestIDs(fake.invs), requestIDs(res.Invocations), "newest first, every invocation once")
	assert.False(t, res.More)
	for _, b := range fake.bodies {
		st, _ := ParseStartTime(b["StartTime"].(string), shanghai)
		et, _ := ParseStartTime(b["EndTime"].(string), shanghai)
		assert.LessOrEqual(t, et.Sub(st), MaxWindow, "each request spans at most one day")
		assert.LessOrEqual(t, b["Offset"].(float64)+b["Limit"].(float64), float64(MaxOffsetLimit))
		assert.Equal(t, "start_time", b["OrderBy"])
	}
}

// OnPage gets every page as it is read (pages read at once call it at
// once), before any invocation is kept, and what it sets in Prepared travels
// with the invocations the fetch keeps.
func TestFetchHandsEachPageToOnPage(t *testing.T) {
	fake := newFake(t, 1000, time.Minute, newest)
	c := fake.client(fake.server(), APIv3)
	var mu sync.Mutex
	pages, handed := 0, 0
	res, err := c.Fetch(context.Background(), FetchRequest{
		From: newest.Add(-24 * time.Hour), To: newest.Add(time.Second), Desc: true, Need: 950,
		OnPage: func(invs []Invocation) {
			mu.Lock()
			defer mu.Unlock()
			pages++
			handed += len(invs)
			for i := range invs {
				invs[i].Prepared = "seen " + invs[i].RequestID
			}
		},
	})
	require.NoError(t, err)
	require.Len(t, res.Invocations, 950)
	assert.Equal(t, res.Requests, pages, "every page read went to OnPage")
	assert.Equal(t, 950, handed)
	for _, inv := range res.Invocations {
		require.Equal(t, "seen "+inv.RequestID, inv.Prepared)
	}
}

// A page's slot goes to the next page as soon as its answer is in, not
// once OnPage is done with it: with one slot, the page at offset 100 is
// asked for while OnPage still holds the page at offset 50.
func TestTheNextPageGoesWhileOnPageWorks(t *testing.T) {
	fake := newFake(t, 200, time.Minute, newest)
	asked := make(chan struct{})
	var once sync.Once
	fake.onLogs = func(f *fakeSCF) {
		if f.bodies[len(f.bodies)-1]["Offset"] == float64(100) {
			once.Do(func() { close(asked) })
		}
	}
	c := fake.client(fake.server(), APIv3)
	c.cfg.Concurrency = 1
	res, err := c.Fetch(context.Background(), FetchRequest{
		From: newest.Add(-24 * time.Hour), To: newest.Add(time.Second), Desc: true, Need: 200,
		OnPage: func(invs []Invocation) {
			if invs[0].RequestID == "req-00050" {
				select {
				case <-asked:
				case <-time.After(5 * time.Second):
					t.Error("the next page waited for OnPage")
				}
			}
		},
	})
	require.NoError(t, err)
	assert.Len(t, res.Invocations, 200)
}

func TestFetchV3AscendingStopsAtNeed(t *testing.T) {
	fake := newFake(t, 500, time.Minute, newest)
	c := fake.client(fake.server(), APIv3)
	res, err := c.Fetch(context.Background(), FetchRequest{From: newest.Add(-24 * time.Hour), To: newest.Add(time.Second), Need: 120})
	require.NoError(t, err)
	require.Len(t, res.Invocations, 120)
	assert.Equal(t, "req-00499", res.Invocations[0].RequestID, "oldest first")
	assert.Equal(t, "req-00380", res.Invocations[119].RequestID)
	assert.True(t, res.More)
}

func TestFetchV3HalvesABusyWindowPastTheOffsetLimit(t *testing.T) {
	fake := newFake(t, 12000, 5*time.Second, newest) // 12,000 in under 17 h: one window
	fake.maxLimit = 0
	c := fake.client(fake.server(), APIv3)
	c.cfg.PageSize = 1000
	res, err := c.Fetch(context.Background(), FetchRequest{From: newest.Add(-20 * time.Hour), To: newest.Add(time.Second), Desc: true, Need: 12000})
	require.NoError(t, err)
	require.Len(t, res.Invocations, 12000)
	assert.Equal(t, requestIDs(fake.invs), requestIDs(res.Invocations))
}

func TestFetchV3FollowsAServerPageCap(t *testing.T) {
	fake := newFake(t, 300, time.Minute, newest)
	fake.maxLimit = 20
	c := fake.client(fake.server(), APIv3)
	res, err := c.Fetch(context.Background(), FetchRequest{From: newest.Add(-24 * time.Hour), To: newest.Add(time.Second), Desc: true, Need: 300})
	require.NoError(t, err)
	assert.Equal(t, requestIDs(fake.invs), requestIDs(res.Invocations))
}

func TestFetchV3SortsServerSideInOneWindowAndClientSideAcrossWindows(t *testing.T) {
	fake := newFake(t, 2000, time.Minute, newest)
	c := fake.client(fake.server(), APIv3)
	one, err := c.Fetch(context.Background(), FetchRequest{From: newest.Add(-12 * time.Hour), To: newest.Add(time.Second), OrderBy: OrderByDuration, Desc: true, Need: 10})
	require.NoError(t, err)
	assert.False(t, one.ClientSorted)
	assert.Equal(t, "duration", fake.bodies[len(fake.bodies)-1]["OrderBy"])
	assert.Equal(t, 16.5, one.Invocations[0].DurationMs)

	many, err := c.Fetch(context.Background(), FetchRequest{From: newest.Add(-48 * time.Hour), To: newest.Add(time.Second), OrderBy: OrderByRequestID, Desc: false, Need: 3, ScanCap: 5000})
	require.NoError(t, err)
	assert.True(t, many.ClientSorted)
	assert.Equal(t, []string{"req-00000", "req-00001", "req-00002"}, requestIDs(many.Invocations))
}

func TestFetchRetriesThrottlingAndTruncatedBodies(t *testing.T) {
	for _, kind := range []string{"RequestLimitExceeded", "InternalError", "500", "truncate"} {
		t.Run(kind, func(t *testing.T) {
			fake := newFake(t, 10, time.Minute, newest)
			fake.failWith = kind
			fake.failNext.Store(2)
			c := fake.client(fake.server(), APIv3)
			res, err := c.Fetch(context.Background(), FetchRequest{From: newest.Add(-time.Hour), To: newest.Add(time.Second), Desc: true, Need: 100})
			require.NoError(t, err)
			assert.Len(t, res.Invocations, 10)
			assert.Equal(t, int32(3), fake.requests.Load())
		})
	}
}

func TestFetchFailsWhenAPageKeepsFailing(t *testing.T) {
	fake := newFake(t, 400, time.Minute, newest)
	c := fake.client(fake.server(), APIv3)
	// The first page works; every later one is throttled past the retries.
	fake.failWith = "RequestLimitExceeded"
	_, err := c.Fetch(context.Background(), FetchRequest{From: newest.Add(-24 * time.Hour), To: newest.Add(time.Second), Desc: true, Need: 400})
	require.NoError(t, err)
	fake.failNext.Store(1000)
	_, err = c.Fetch(context.Background(), FetchRequest{From: newest.Add(-24 * time.Hour), To: newest.Add(time.Second), Desc: true, Need: 400})
	var api *APIError
	require.True(t, errors.As(err, &api))
	assert.Equal(t, "RequestLimitExceeded", api.Code)
	assert.Contains(t, err.Error(), "lower the data source's requestsPerSecond")
}

func TestFetchV2KeepsOnlyTheRangeAndReadsBothSpellings(t *testing.T) {
	fake := newFake(t, 1000, time.Minute, newest)
	c := fake.client(fake.server(), APIv2)
	from, to := newest.Add(-300*time.Minute), newest.Add(-100*time.Minute)
	res, err := c.Fetch(context.Background(), FetchRequest{From: from, To: to, Desc: true, Need: 1000})
	require.NoError(t, err)
	require.Len(t, res.Invocations, 200, "[from, to) holds minutes 101..300 back")
	assert.Equal(t, "req-00101", res.Invocations[0].RequestID)
	assert.Equal(t, "req-00300", res.Invocations[199].RequestID)
	for _, inv := range res.Invocations {
		assert.Equal(t, "fn", inv.FunctionName, "snake_case and camelCase records both decode")
		assert.True(t, inv.InvokeFinished)
		assert.Equal(t, int64(100), inv.BillDurationMs)
	}
	assert.Less(t, int(fake.requests.Load()), 1000/50, "paging stops once records fall before from")

	asc, err := c.Fetch(context.Background(), FetchRequest{From: from, To: to, OrderBy: OrderByMemUsage, Desc: true, Need: 5})
	require.NoError(t, err)
	assert.True(t, asc.ClientSorted)
	for _, inv := range asc.Invocations {
		assert.Equal(t, int64(4096), inv.MemUsageBytes)
	}
}

func TestClientDecodesBothErrorShapes(t *testing.T) {
	fake := newFake(t, 1, time.Minute, newest)
	s := fake.server()
	bad := fake.client(s, APIv3)
	bad.cfg.Credentials = credentials.Static{KeyID: testID, Secret: "wrong"}
	_, err := bad.GetFunctionLogs(context.Background(), LogsRequest{FunctionName: "fn", Limit: 1})
	var api *APIError
	require.True(t, errors.As(err, &api))
	assert.Equal(t, "AuthFailure.SignatureFailure", api.Code)
	assert.Equal(t, "err-req", api.RequestID)
	assert.True(t, api.IsAuth())
	assert.Contains(t, err.Error(), "check the SecretKey")
	assert.NotContains(t, err.Error(), "wrong")

	bad2 := fake.client(s, APIv2)
	bad2.cfg.Credentials = credentials.Static{KeyID: testID, Secret: "wrong"}
	_, err = bad2.GetFunctionLogs(context.Background(), LogsRequest{FunctionName: "fn", Limit: 1})
	require.True(t, errors.As(err, &api))
	assert.Equal(t, 4100, api.LegacyCode)
	assert.Equal(t, "AuthFailure", api.Code)
	assert.Contains(t, err.Error(), "签名验证失败", "the vendor's message is kept")
	assert.Contains(t, err.Error(), "SCF AuthFailure (4100)")
}

func TestErrorHintsAreActionable(t *testing.T) {
	e := &APIError{Code: "ResourceNotFound.Function", Message: "未找到函数", Function: "x", Namespace: "default"}
	assert.Equal(t, "SCF ResourceNotFound.Function: function x not found in namespace default — check the function name and namespace (SCF said: 未找到函数)", e.Error())
	assert.Contains(t, (&APIError{Code: "ResourceNotFound.Namespace", Namespace: "nope", Region: "ap-guangzhou"}).Error(), "namespace nope not found in region ap-guangzhou")
	assert.Contains(t, (&APIError{Code: "InvalidParameterValue", Message: "Region ap-nowhere is invalid", Region: "ap-nowhere"}).Error(), "check the region")
	assert.Contains(t, (&APIError{Code: "4104", LegacyCode: 4104}).Error(), "SecretId is unknown")
	assert.Equal(t, "SCF Weird.Code: something", (&APIError{Code: "Weird.Code", Message: "something"}).Error())
	assert.Contains(t, (&APIError{Code: "ResourceNotFound.FunctionVersion", Function: "f"}).Error(), "check the version or alias")
	assert.True(t, (&APIError{Code: "InternalError.System"}).Retryable())
	assert.False(t, (&APIError{Code: "ResourceNotFound.Function"}).Retryable())
}

func TestUnreachableEndpointIsANetworkError(t *testing.T) {
	fake := newFake(t, 1, time.Minute, newest)
	s := fake.server()
	c := fake.client(s, APIv3)
	s.Close()
	c.cfg.MaxAttempts = 2
	_, err := c.GetFunctionLogs(context.Background(), LogsRequest{Limit: 1})
	require.Error(t, err)
	assert.True(t, IsNetwork(err))
	assert.Contains(t, err.Error(), "cannot reach SCF at http://127.0.0.1:")
}

func TestSessionTokenTravelsInBothAPIs(t *testing.T) {
	var v3Token, v2Token string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v2/index.php" {
			assert.Empty(t, r.URL.RawQuery, "the v2 token travels in the POST body, not the URL")
			v2Token = r.PostFormValue("Token")
			writeJSON(w, map[string]any{"code": 0, "total": 0, "data": []any{}})
			return
		}
		v3Token = r.Header.Get("X-TC-Token")
		writeJSON(w, map[string]any{"Response": map[string]any{"TotalCount": 0, "Data": []any{}}})
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	for _, v := range []string{APIv3, APIv2} {
		c := New(Config{HTTPClient: srv.Client(), Endpoint: u, APIVersion: v, Region: "ap-guangzhou", SecretID: "id", SecretKey: "k", SessionToken: "sts-token-1"})
		_, err := c.GetFunctionLogs(context.Background(), LogsRequest{FunctionName: "f", Limit: 1})
		require.NoError(t, err)
	}
	assert.Equal(t, "sts-token-1", v3Token)
	assert.Equal(t, "sts-token-1", v2Token)
}

// The limiter paces every call of a client: 6 calls at 10/s take at least
// half a second (burst 1: the first goes at once).
func TestRequestsArePaced(t *testing.T) {
	fake := newFake(t, 1, time.Minute, newest)
	c := fake.client(fake.server(), APIv3)
	c = New(Config{HTTPClient: c.cfg.HTTPClient, Endpoint: c.cfg.Endpoint, Region: "ap-guangzhou", SecretID: testID, SecretKey: testSecret,
		Location: shanghai, RequestsPerSecond: 10, Concurrency: 4})
	t.Cleanup(c.Close)
	began := time.Now()
	for i := 0; i < 6; i++ {
		_, err := c.GetFunctionLogs(context.Background(), LogsRequest{Limit: 1, Start: newest.Add(-time.Hour), End: newest})
		require.NoError(t, err)
	}
	assert.GreaterOrEqual(t, time.Since(began), 450*time.Millisecond)
}

func TestV2ModuleCodeRefinesTheCode(t *testing.T) {
	e := decodeV2Error([]byte(`{"code":4400,"codeDesc":"InvalidParameter","message":"(InvalidParameterValue.OrderBy)OrderBy取值与规范不符。"}`), 200)
	require.NotNil(t, e)
	assert.Equal(t, "InvalidParameterValue.OrderBy", e.Code)
	assert.Equal(t, 4400, e.LegacyCode)
	// The doc's own example: a numeric module code keeps codeDesc/code.
	e = decodeV2Error([]byte(`{"code":5100,"message":"(100004)projectId不正确"}`), 200)
	require.NotNil(t, e)
	assert.Equal(t, "5100", e.Code)
	assert.Contains(t, e.Error(), "SCF had an internal error")
	assert.Contains(t, e.Error(), "(100004)projectId不正确")
	assert.Nil(t, decodeV2Error([]byte(`{"code":0,"codeDesc":"Success"}`), 200))
	assert.Nil(t, decodeV2Error([]byte(`{"Response":{}}`), 200))
}

func TestFailedCountsOutcomesNotRunningInvocations(t *testing.T) {
	assert.False(t, Invocation{RetCode: 0}.Failed())
	assert.False(t, Invocation{RetCode: RetCodeRunning}.Failed())
	assert.True(t, Invocation{RetCode: 3}.Failed())
	assert.True(t, Invocation{RetCode: 430}.Failed())
}

// Invocations arriving while a newest-first window is paged push older ones
// to later offsets; the result still has every invocation once.
func TestFetchV3SurvivesArrivalsWhilePaging(t *testing.T) {
	fake := newFake(t, 400, time.Minute, newest)
	want := requestIDs(fake.invs)
	arrived := 0
	fake.onLogs = func(f *fakeSCF) {
		if f.requests.Load() < 2 || arrived >= 30 {
			return
		}
		for i := 0; i < 10; i++ { // ten new runs, newer than any before
			arrived++
			st := newest.Add(time.Duration(arrived) * time.Second)
			f.invs = append([]Invocation{{FunctionName: "fn", RequestID: fmt.Sprintf("new-%02d", arrived), StartTime: st, StartTimeRaw: FormatTime(st, shanghai)}}, f.invs...)
		}
	}
	c := fake.client(fake.server(), APIv3)
	c.cfg.Concurrency = 1
	res, err := c.Fetch(context.Background(), FetchRequest{From: newest.Add(-24 * time.Hour), To: newest.Add(time.Hour), Desc: true, Need: 1000})
	require.NoError(t, err)
	got := map[string]int{}
	for _, id := range requestIDs(res.Invocations) {
		got[id]++
	}
	for _, id := range want {
		assert.Equal(t, 1, got[id], id)
	}
}

// v2 has no time range and so no count of the range: a wave asks for no
// more pages than the rows still wanted could fill, so a small query does
// not spend the requestsPerSecond pacing on pages past what it needs.
func TestFetchV2WaveIsSizedToTheRowsWanted(t *testing.T) {
	fake := newFake(t, 1000, time.Minute, newest)
	c := fake.client(fake.server(), APIv2)
	c.cfg.Concurrency = 16
	res, err := c.Fetch(context.Background(), FetchRequest{From: newest.Add(-24 * time.Hour), To: newest.Add(time.Second), Desc: true, Need: 100})
	require.NoError(t, err)
	require.Len(t, res.Invocations, 100)
	assert.Equal(t, "req-00000", res.Invocations[0].RequestID)
	assert.Equal(t, "req-00099", res.Invocations[99].RequestID)
	assert.Equal(t, int32(3), fake.requests.Load(), "two pages of 50 and the one-record peek telling whether more exist, not a wave of 16")

	assert.Equal(t, 16, v2Wave(16, 100, 10_000, 0, -1))
	assert.Equal(t, 3, v2Wave(16, 100, 10_000, 0, 250), "none past the reported total")
	assert.Equal(t, 1, v2Wave(16, 100, 0, 0, -1), "at least one")
}

// API 3.0 already plans from the count: the first page's TotalCount says
// how many pages hold rows, and only those are asked for (goal 6 of issue
// 11), every row once and in order.
func TestFetchV3AsksOnlyForPagesThatHoldRows(t *testing.T) {
	fake := newFake(t, 1000, time.Minute, newest)
	c := fake.client(fake.server(), APIv3)
	c.cfg.Concurrency = 16
	res, err := c.Fetch(context.Background(), FetchRequest{From: newest.Add(-20 * time.Hour), To: newest.Add(time.Second), Desc: true, Need: 5000})
	require.NoError(t, err)
	require.Len(t, res.Invocations, 1000)
	for i, inv := range res.Invocations {
		require.Equal(t, fmt.Sprintf("req-%05d", i), inv.RequestID)
	}
	assert.Equal(t, int32(1000/50), fake.requests.Load(), "20 pages of 50, none past the end")
	assert.Equal(t, 20, res.Requests)
}
