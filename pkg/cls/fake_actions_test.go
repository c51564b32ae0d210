package cls

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// searchLog serves raw logs, or hands "search | SQL" to f.analysis.
func (f *fakeCLS) searchLog(in map[string]any, topics []string) map[string]any {
	query, _ := in["Query"].(string)
	if _, ok := in["SyntaxRule"]; !ok {
		return errorBody("InvalidParameter", "the test fake wants an explicit SyntaxRule")
	}
	if _, ok := in["QueryString"]; ok {
		return errorBody("InvalidParameter", "Query and QueryString both sent")
	}
	if len(topics) == 0 || len(topics) > 50 {
		return errorBody("InvalidParameter", "TopicId or 1..50 Topics")
	}
	if HasSQL(query, Syntax(num(in["SyntaxRule"]))) {
		if f.analysis == nil {
			return errorBody("FailedOperation.SyntaxError", "no SQL here")
		}
		return map[string]any{"Response": f.analysis(in)}
	}
	for _, t := range topics {
		if _, ok := f.logs[t]; !ok {
			return errorBody("ResourceNotFound.TopicNotExist", "topic "+t+" does not exist")
		}
	}
	limit := num(in["Limit"])
	if limit == 0 {
		limit = 100
	}
	if limit > 1000 {
		return errorBody("InvalidParameter", "Limit > 1000")
	}
	token := contextOf(in)
	params := paramsWithoutContext(in)

	f.mu.Lock()
	defer f.mu.Unlock()
	cur := fakeCursor{params: params}
	if token != "" {
		var ok bool
		cur, ok = f.cursors[token]
		delete(f.cursors, token)
		if !ok || cur.params != params || f.expireAll || (f.expireAfterPages > 0 && cur.pages >= f.expireAfterPages) {
			f.expireAfterPages = 0 // expire once
			return errorBody("FailedOperation.InvalidContext", "context expired or parameters changed")
		}
	}
	sel := f.selected(topics, query, num(in["From"]), num(in["To"]))
	if in["Sort"] != "asc" {
		slices.Reverse(sel)
	}
	end := min(cur.offset+int(limit), len(sel), cur.offset+f.contextCap-cur.served)
	page := sel[cur.offset:end]
	if f.groupByTopic {
		page = slices.Clone(page)
		slices.SortStableFunc(page, func(a, b fakeLog) int { return strings.Compare(a.topic, b.topic) })
	}
	cur.offset, cur.served, cur.pages = end, cur.served+len(page), cur.pages+1
	listOver := end >= len(sel)
	next := ""
	if !listOver && cur.served < f.contextCap {
		f.nextCursor++
		next = "ctx-" + strconv.Itoa(f.nextCursor)
		f.cursors[next] = cur
	}
	results := make([]json.RawMessage, 0, len(page))
	for _, l := range page {
		results = append(results, l.result)
	}
	resp := map[string]any{"ListOver": listOver, "Analysis": false, "Results": results, "RequestId": "r-search"}
	if _, multi := in["Topics"]; multi {
		var infos []map[string]any
		for _, t := range topics {
			infos = append(infos, map[string]any{"TopicId": t, "Period": 7, "Context": next})
		}
		resp["Topics"] = map[string]any{"Infos": infos, "Errors": []any{}}
	} else {
		resp["Context"] = next
	}
	return map[string]any{"Response": resp}
}

func contextOf(in map[string]any) string {
	if c, ok := in["Context"].(string); ok {
		return c
	}
	ts, _ := in["Topics"].([]any)
	for _, t := range ts {
		m, _ := t.(map[string]any)
		if c, ok := m["Context"].(string); ok && c != "" {
			return c
		}
	}
	return ""
}

// paramsWithoutContext is the request with every cursor removed, for the
// check that a cursor is passed back with the same parameters.
func paramsWithoutContext(in map[string]any) string {
	cp := map[string]any{}
	for k, v := range in {
		if k == "Context" {
			continue
		}
		if k == "Topics" {
			var ids []string
			for _, t := range v.([]any) {
				ids = append(ids, t.(map[string]any)["TopicId"].(string))
			}
			v = ids
		}
		cp[k] = v
	}
	b, _ := json.Marshal(cp)
	return string(b)
}

func (f *fakeCLS) histogram(in map[string]any, topic string) map[string]any {
	from, to, interval := num(in["From"]), num(in["To"]), num(in["Interval"])
	if interval <= 0 || (to-from) > 200*interval {
		return errorBody("InvalidParameter", "(To-From)/Interval must be <= 200")
	}
	if _, ok := in["SyntaxRule"]; !ok {
		return errorBody("InvalidParameter", "the test fake wants an explicit SyntaxRule")
	}
	interval = max(interval, f.minInterval)
	query, _ := in["Query"].(string)
	f.mu.Lock()
	defer f.mu.Unlock()
	counts := map[int64]int64{}
	sel := f.selected([]string{topic}, query, from, to)
	for _, l := range sel {
		counts[l.ms/interval*interval]++
	}
	var infos []map[string]any
	for bt, n := range counts { // map order: the client sorts
		infos = append(infos, map[string]any{"BTime": bt, "Count": n})
	}
	return map[string]any{"Response": map[string]any{"Interval": interval, "TotalCount": len(sel), "HistogramInfos": infos, "RequestId": "r-hist"}}
}

func (f *fakeCLS) logContext(in map[string]any) map[string]any {
	topic, _ := in["TopicId"].(string)
	pkg, _ := in["PkgId"].(string)
	bt, _ := in["BTime"].(string)
	pkgLog, isNumber := in["PkgLogId"].(json.Number)
	if !isNumber {
		return errorBody("InvalidParameter", "PkgLogId must be a number")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	logs := f.logs[topic]
	at := slices.IndexFunc(logs, func(l fakeLog) bool {
		return l.pkg == pkg && strconv.Itoa(l.pkgLog) == pkgLog.String() && FormatBTime(fromMillis(l.ms)) == bt
	})
	if at < 0 {
		return errorBody("InvalidParameter", "no log at "+bt)
	}
	lo, hi := max(0, at-int(num(in["PrevLogs"]))), min(len(logs), at+int(num(in["NextLogs"]))+1)
	var infos []map[string]any
	for i := hi - 1; i >= lo; i-- { // newest first: the client puts them in log order
		l := logs[i]
		infos = append(infos, map[string]any{"Source": "10.0.0.1", "Filename": "/f", "Content": l.json, "PkgId": l.pkg, "PkgLogId": l.pkgLog, "BTime": l.ms, "HostName": "h"})
	}
	return map[string]any{"Response": map[string]any{"LogContextInfos": infos, "PrevOver": lo == 0, "NextOver": hi == len(logs), "RequestId": "r-ctx"}}
}
