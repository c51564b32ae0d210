package slsservice

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/logbridge/cloudlogs/pkg/querytext"
	"github.com/logbridge/cloudlogs/pkg/settings"
)

// routes are the (query type, variant) pairs router registers: whatever the
// parser accepts must land on one of them.
var routes = map[[2]string]bool{
	{QueryTypeLogs, ""}: true, {QueryTypeLogs, variantAnalytics}: true, {QueryTypeSQL, ""}: true,
	{QueryTypeProjectSQL, ""}: true, {QueryTypeHistogram, ""}: true, {QueryTypeHistogram, variantLogVolume}: true,
	{QueryTypeContext, ""}: true,
}

// FuzzParseQuery feeds any query JSON through the router's inference and
// parser: it errors with a message, or yields a query on a registered route
// whose limits hold and whose text is split as querytext splits it.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		`{"logstore":"app","query":"error | select count(*) as c"}`,
		`{"queryType":"slsLogs","logstore":"app","limit":"50","offset":2,"reverse":"false"}`,
		`{"queryType":"slsHistogram","logstore":"app","logVolume":true}`,
		`{"queryType":"slsContext","logstore":"a","packId":"p","packMeta":"m","backLines":"200"}`,
		`{"queryType":"slsProjectSql","query":"select 1 from app where $__timeFilter"}`,
		`{"logstore":"a","limit":-1}`, `{"logstore":"a","limit":1e400}`, `{"format":"TimeSeries","logstore":"x"}`,
		`{"limit":"1.5"}`, `[]`, `null`, `{"query":"\"a | b\""}`, ``,
	} {
		f.Add(s, "")
	}
	f.Add(`{"logstore":"app"}`, QueryTypeSQL)
	svc := &Service{settings: settings.Settings{MaxRows: 500}}
	f.Fuzz(func(t *testing.T, raw, queryType string) {
		qt := queryType
		if qt == "" {
			qt = inferQueryType(json.RawMessage(raw))
		}
		m, variant, err := parse(svc, json.RawMessage(raw), qt)
		if err != nil {
			if strings.TrimSpace(err.Error()) == "" {
				t.Fatalf("%q: an error without a message", raw)
			}
			return
		}
		if m.QueryType != qt {
			t.Fatalf("%q as %q parsed as %q", raw, qt, m.QueryType)
		}
		known := false
		for _, k := range router.QueryTypes() {
			known = known || k == qt
		}
		if known && !routes[[2]string{qt, variant}] {
			t.Fatalf("%q: parsed to the unregistered route %q/%q", raw, qt, variant)
		}
		if m.Limit < 0 || m.Limit > svc.settings.MaxRows || m.Offset < 0 {
			t.Fatalf("%q: limit %d offset %d (maxRows %d)", raw, m.Limit, m.Offset, svc.settings.MaxRows)
		}
		if m.QueryType == QueryTypeLogs && m.Limit == 0 {
			t.Fatalf("%q: a logs query without a limit", raw)
		}
		if m.BackLines < 0 || m.BackLines > MaxContextLines || m.ForwardLines < 0 || m.ForwardLines > MaxContextLines {
			t.Fatalf("%q: context lines %d/%d", raw, m.BackLines, m.ForwardLines)
		}
		if m.Text != querytext.Parse(m.Query, querytext.DoubleQuotes) {
			t.Fatalf("%q: text %+v is not the split of %q", raw, m.Text, m.Query)
		}
		if m.QueryType == QueryTypeSQL && !m.Text.HasAnalytics() {
			t.Fatalf("%q: slsSql without SQL", raw)
		}
	})
}

// FuzzExpandMacros: text without a "$" passes unchanged (but trimmed, as
// the SDK's ${__from} expansion trims); a $__timeFilter between such texts
// becomes the range condition with nothing else changed; any other text
// expands or errors, without panicking.
func FuzzExpandMacros(f *testing.F) {
	for _, s := range []string{
		"select count(*) as c where ", "$__timeFilter(__date__)", "$__interval_ms", "$__nope", "${__from:date:seconds}",
		"${__to:date:iso}", "$__timeFilter(a, b)", `$__timeFilter("x y")`, "$__timeFilter(", "$", "",
	} {
		f.Add(s, " group by t", int64(1700000000), int64(3600), int64(30))
	}
	f.Fuzz(func(t *testing.T, before, after string, from, span, intervalSec int64) {
		from = from % (1 << 40)
		span = max(1, span%(1<<30))
		q := macroContext{
			TimeRange: tr(time.Unix(from, 0), time.Unix(from+span, 0)),
			Interval:  time.Duration(intervalSec%(1<<20)) * time.Second,
		}
		_, _ = expandMacros(before+after, q)
		if strings.Contains(before, "$") || strings.Contains(after, "$") {
			return
		}
		if got, err := expandMacros(before, q); err != nil || got != strings.TrimSpace(before) {
			t.Fatalf("expandMacros(%q) = %q, %v; want it unchanged", before, got, err)
		}
		if after != "" && (after[0] == '(' || after[0] == '_' || after[0] >= '0' && after[0] <= '9' ||
			after[0] >= 'a' && after[0] <= 'z' || after[0] >= 'A' && after[0] <= 'Z') {
			return // the macro's name or argument list would go on
		}
		f, to := UnixRange(q.TimeRange)
		want := strings.TrimSpace(before + fmt.Sprintf("__time__ >= %d AND __time__ < %d", f, to) + after)
		if got, err := expandMacros(before+"$__timeFilter"+after, q); err != nil || got != want {
			t.Fatalf("expandMacros(%q) = %q, %v; want %q", before+"$__timeFilter"+after, got, err, want)
		}
	})
}
