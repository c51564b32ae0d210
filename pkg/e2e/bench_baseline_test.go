package e2e

// The bare baseline of BenchmarkGRPC: the same HTTP calls the plugin makes
// for a query, with the same concurrency, decoded with encoding/json into
// plain Go values and nothing else (no frames, no Arrow, no gRPC). It shares
// no code with the plugin's clients except the TC3 signer, so the plugin ÷
// baseline ratio moves when the plugin's decoding, frames or paging get
// cheaper, not when the baseline does.

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/scf"
	"github.com/logbridge/cloudlogs/pkg/tc3"
)

// bareHTTP keeps as many idle connections as calls in flight, as a tuned
// client would; the default of 2 per host would reconnect at concurrency 4.
var bareHTTP = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

// inParallel runs call(0..n-1) with at most limit in flight and returns the
// first error.
func inParallel(n, limit int, call func(i int) error) error {
	slots := make(chan struct{}, max(limit, 1))
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			errs[i] = call(i)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// bareSLS is GetLogs with signature v1, written from the API document.
type bareSLS struct {
	url, host, keyID, secret string
}

func newBareSLS(e *emulator.Emulator) bareSLS {
	u, _ := url.Parse(e.SLSURL)
	return bareSLS{url: e.SLSURL, host: e.Config.Project + "." + u.Host, keyID: e.Config.KeyID, secret: e.Config.KeySecret}
}

// getLogs is one GetLogs call; SLS sends every value as a string, so a
// line is a map of strings.
func (c bareSLS) getLogs(ctx context.Context, logstore string, from, to int64, query string, offset int) ([]map[string]string, error) {
	path := "/logstores/" + logstore
	params := url.Values{"type": {"log"}, "from": {strconv.FormatInt(from, 10)}, "to": {strconv.FormatInt(to, 10)},
		"topic": {""}, "query": {query}, "line": {"100"}, "offset": {strconv.Itoa(offset)}, "reverse": {"false"}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.url+path+"?"+params.Encode(), nil)
	if err != nil {
		return nil, err
	}
	req.Host = c.host
	date := time.Now().UTC().Format(http.TimeFormat)
	req.Header.Set("Date", date)
	req.Header.Set("x-log-apiversion", "0.6.0")
	req.Header.Set("x-log-bodyrawsize", "0")
	req.Header.Set("x-log-signaturemethod", "hmac-sha1")
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		keys[i] = k + "=" + params.Get(k)
	}
	toSign := "GET\n\n\n" + date + "\nx-log-apiversion:0.6.0\nx-log-bodyrawsize:0\nx-log-signaturemethod:hmac-sha1\n" +
		path + "?" + strings.Join(keys, "&")
	mac := hmac.New(sha1.New, []byte(c.secret))
	mac.Write([]byte(toSign))
	req.Header.Set("Authorization", "LOG "+c.keyID+":"+base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	resp, err := bareHTTP.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GetLogs: %d %s", resp.StatusCode, body)
	}
	var lines []map[string]string
	return lines, json.Unmarshal(body, &lines)
}

// pagedLogs reads limit lines in pages of 100 at offsets 0, 100, …, with
// concurrency calls in flight: the plugin's plan when the data holds at
// least limit lines (no extra call to find the end).
func (c bareSLS) pagedLogs(ctx context.Context, logstore string, from, to int64, query string, limit, concurrency int) (int, error) {
	pages := make([][]map[string]string, (limit+99)/100)
	err := inParallel(len(pages), concurrency, func(i int) error {
		var err error
		pages[i], err = c.getLogs(ctx, logstore, from, to, query, i*100)
		return err
	})
	n := 0
	for _, p := range pages {
		n += len(p)
	}
	return n, err
}

// bareSCF is API 3.0 GetFunctionLogs: the first page tells the total, the
// rest are fetched with concurrency calls in flight, as the plugin does.
type bareSCF struct {
	api *tc3.Client
	loc *time.Location
}

func newBareSCF(e *emulator.Emulator) bareSCF {
	u, _ := url.Parse(e.SCFURL)
	return bareSCF{loc: e.Config.Timezone, api: tc3.New(tc3.Config{HTTPClient: bareHTTP, Endpoint: u, Service: "scf", Version: "2018-04-16",
		Region: "ap-guangzhou", SecretID: e.Config.KeyID, SecretKey: e.Config.KeySecret})}
}

type bareInvocation struct {
	FunctionName, RetMsg, RequestID, StartTime, Log string
	RetCode, InvokeFinished, BillDuration, MemUsage int64
	Duration                                        float64
}

type bareSCFPage struct {
	TotalCount int
	Data       []bareInvocation
}

func (c bareSCF) page(ctx context.Context, function string, from, to time.Time, offset, limit int) (bareSCFPage, error) {
	in := map[string]any{"FunctionName": function, "Namespace": "default", "Offset": offset, "Limit": limit, "Order": "desc",
		"OrderBy": "start_time", "StartTime": scf.FormatTime(from, c.loc), "EndTime": scf.FormatTime(to.Add(-time.Second), c.loc)}
	var out bareSCFPage
	return out, c.api.Call(ctx, "GetFunctionLogs", in, &out)
}

func (c bareSCF) logs(ctx context.Context, function string, from, to time.Time, limit, concurrency int) (int, error) {
	first, err := c.page(ctx, function, from, to, 0, min(100, limit))
	if err != nil {
		return 0, err
	}
	reachable := min(first.TotalCount, limit)
	var offsets []int
	for off := len(first.Data); off < reachable; off += 100 {
		offsets = append(offsets, off)
	}
	pages := make([]bareSCFPage, len(offsets))
	err = inParallel(len(offsets), concurrency, func(i int) error {
		var err error
		pages[i], err = c.page(ctx, function, from, to, offsets[i], min(100, reachable-offsets[i]))
		return err
	})
	n := len(first.Data)
	for _, p := range pages {
		n += len(p.Data)
	}
	return n, err
}

// bareCLS is SearchLog: one Context chain of pages of 1,000, which cannot
// run in parallel (each page needs the previous page's Context).
type bareCLS struct{ api *tc3.Client }

func newBareCLS(e *emulator.Emulator) bareCLS {
	u, _ := url.Parse(e.CLSURL)
	return bareCLS{api: tc3.New(tc3.Config{HTTPClient: bareHTTP, Endpoint: u, Service: "cls", Version: "2020-10-16",
		Region: "ap-guangzhou", SecretID: e.Config.KeyID, SecretKey: e.Config.KeySecret})}
}

type bareCLSLog struct {
	Time                                               int64
	TopicID                                            string `json:"TopicId"`
	TopicName, Source, FileName, HostName, PkgID, Body string
	PkgLogID                                           json.RawMessage `json:"PkgLogId"`
	LogJSON                                            string          `json:"LogJson"`
	Fields                                             map[string]any  `json:"-"`
}

func (c bareCLS) logs(ctx context.Context, topic string, from, to time.Time, limit int) (int, error) {
	in := map[string]any{"TopicId": topic, "From": from.UnixMilli(), "To": to.UnixMilli(), "Query": "*", "SyntaxRule": 1,
		"Sort": "desc", "Limit": min(limit, 1000), "UseNewAnalysis": true}
	n := 0
	for n < limit {
		var out struct {
			Context  string
			ListOver bool
			Results  []bareCLSLog
		}
		if err := c.api.Call(ctx, "SearchLog", in, &out); err != nil {
			return n, err
		}
		for i := range out.Results {
			// LogJson is itself JSON; the plugin reads its fields, so the
			// baseline does too.
			if err := json.Unmarshal([]byte(out.Results[i].LogJSON), &out.Results[i].Fields); err != nil {
				return n, err
			}
		}
		n += len(out.Results)
		if out.ListOver || len(out.Results) == 0 || out.Context == "" {
			break
		}
		in["Context"] = out.Context
		in["Limit"] = min(limit-n, 1000)
	}
	return n, nil
}
